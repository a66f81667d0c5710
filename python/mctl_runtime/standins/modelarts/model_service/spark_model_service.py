"""mctl stand-in: model_service.spark_model_service.SparkServingBaseService (model_path is the model file)."""
from model_service.model_service import SingleNodeService


class SparkServingBaseService(SingleNodeService):
    def __init__(self, model_name, model_path):
        super().__init__(model_name, model_path)
        self.model = None
