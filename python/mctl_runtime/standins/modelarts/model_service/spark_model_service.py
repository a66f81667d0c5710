"""mctl stand-in: model_service.spark_model_service.SparkServingBaseService.

The ModelArts guide: __init__(self, model_path) for machine learning frameworks; in Spark MLlib it
also initialises self.spark (None here: no SparkSession runs locally).
"""
from model_service.model_service import SingleNodeService


class SparkServingBaseService(SingleNodeService):
    def __init__(self, model_path):
        super().__init__(None, model_path)
        self.spark = None
