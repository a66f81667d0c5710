"""mctl stand-in: model_service.caffe_model_service.CaffeBaseService (model_path is the model directory)."""
from model_service.model_service import SingleNodeService


class CaffeBaseService(SingleNodeService):
    def __init__(self, model_name, model_path):
        super().__init__(model_name, model_path)
        self.model = None
