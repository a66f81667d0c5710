"""mctl stand-in: model_service.pytorch_model_service.PTServingBaseService."""
from model_service.model_service import SingleNodeService


class PTServingBaseService(SingleNodeService):
    """model_path is the model FILE on PyTorch runtimes; the default _inference calls self.model."""

    def __init__(self, model_name, model_path):
        super().__init__(model_name, model_path)
        self.model = None

    def _inference(self, data):
        if self.model is None:
            raise NotImplementedError("PTServingBaseService: set self.model in __init__ or override _inference()")
        return {k: self.model(v) for k, v in data.items()}
