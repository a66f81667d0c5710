"""Cortex: the PythonPredictor class, or the v0.10 function style."""

import inspect

from .base import Adapter
from .errors import ContractError, guard
from .loading import accepts, load_module_from_path, positional_params, require_callable, required_count


class CortexAdapter(Adapter):
    """Cortex: class PythonPredictor(config) with predict(payload?, query_params?, headers?),
    or the v0.10 function style init(model_path, metadata) / predict(sample, metadata)."""

    flavor = "cortex"
    # serve.py: bytes as application/octet-stream, str as text/plain, anything else as JSON.
    response_style = "cortex"
    PREDICT_ARGS = ("payload", "query_params", "headers", "batch_id")

    def load(self):
        module = load_module_from_path("cortex_predictor", self.entry_path)
        self.config = dict(self.options.get("config") or {})
        predictors = [c for name, c in inspect.getmembers(module, inspect.isclass) if name == "PythonPredictor"]
        if predictors:
            self._load_class(predictors[0])
        elif callable(getattr(module, "predict", None)):
            self._load_functions(module)
        else:
            raise ContractError(
                "%s defines neither a PythonPredictor class nor a predict() function" % self.where,
                "define class PythonPredictor with __init__(self, config) and predict(self, payload)",
            )

    def _load_class(self, cls):
        self.convention = (
            "PythonPredictor(config) once, then predict(payload=..., query_params={}, headers={...}) by parameter name"
        )
        kwargs = {}
        for name in ("job_spec", "python_client", "metrics_client"):
            if accepts(cls.__init__, name):
                kwargs[name] = None
        self.instance = guard("init", "PythonPredictor(config)", cls, self.config, **kwargs)
        self.predict_fn = require_callable(self.instance, "predict", "PythonPredictor", "define predict(self, payload)")
        names = [p.name for p in (positional_params(self.predict_fn) or [])]
        unknown = [n for n in names if n not in self.PREDICT_ARGS]
        if unknown:
            raise ContractError(
                "PythonPredictor.predict() has unsupported parameter %r" % unknown[0],
                "use payload, query_params, headers or batch_id",
            )
        self.predict_args = names
        self.post_predict = getattr(self.instance, "post_predict", None)
        self.style = "class"

    def _load_functions(self, module):
        self.convention = "init(model_path, metadata) once, then predict(sample, metadata) per request"
        self.predict_fn = module.predict
        self.style = "function"
        init = getattr(module, "init", None)
        if callable(init):
            model_path = self.model_dir if self.options.get("model_dir_given") else None
            # v0.10 documents init(model_path, metadata); earlier drafts had init(metadata).
            if required_count(init) == 1:
                self.convention = "init(metadata) once, then predict(sample, metadata) per request"
                guard("init", "init(metadata)", init, self.config)
            else:
                guard("init", "init(model_path, metadata)", init, model_path, self.config)

    def call(self, request):
        payload = request.decoded()
        if self.style == "function":
            return guard("run", "predict()", self.predict_fn, payload, self.config)
        headers = dict(request.headers) or {"content-type": request.content_type}
        query = {name: values[-1] for name, values in request.query.items() if values}
        available = {"payload": payload, "query_params": query, "headers": headers, "batch_id": None}
        kwargs = {name: available[name] for name in self.predict_args}
        result = guard("run", "predict()", self.predict_fn, **kwargs)
        if callable(self.post_predict):
            extra = {"response": result, "payload": payload, "query_params": query, "headers": available["headers"]}
            names = [p.name for p in (positional_params(self.post_predict) or [])]
            guard("run", "post_predict()", self.post_predict, **{n: extra[n] for n in names if n in extra})
        return result
