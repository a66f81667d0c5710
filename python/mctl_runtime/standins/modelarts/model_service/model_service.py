"""mctl stand-in: model_service.model_service (BaseService, SingleNodeService)."""


class BaseService:
    def __init__(self, model_name, model_path):
        self.model_name = model_name
        self.model_path = model_path

    def ping(self):
        return None

    def signature(self):
        return None


class SingleNodeService(BaseService):
    """inference(data) = _postprocess(_inference(_preprocess(data))), as on ModelArts."""

    def inference(self, data):
        pre = self._preprocess(data)
        out = self._inference(pre)
        return self._postprocess(out)

    def _preprocess(self, data):
        return data

    def _inference(self, data):
        raise NotImplementedError(
            "%s does not override _inference(); mctl's stand-in base cannot run a framework server locally"
            % type(self).__name__
        )

    def _postprocess(self, data):
        return data
