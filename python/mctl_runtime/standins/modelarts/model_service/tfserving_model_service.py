"""mctl stand-in: model_service.tfserving_model_service.TfServingBaseService (model_path is the model directory)."""
from model_service.model_service import SingleNodeService


class TfServingBaseService(SingleNodeService):
    def __init__(self, model_name, model_path):
        super().__init__(model_name, model_path)
        self.model = None
