"""mctl stand-in: model_service.python_model_service.XgSklServingBaseService.

The ModelArts guide: __init__(self, model_path) "is suitable for models created based on machine
learning frameworks"; with scikit-learn, model_path is the model file.
"""
from model_service.model_service import SingleNodeService


class XgSklServingBaseService(SingleNodeService):
    def __init__(self, model_path):
        super().__init__(None, model_path)
        self.model = None
