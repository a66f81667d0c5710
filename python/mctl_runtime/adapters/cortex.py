"""Cortex: every predictor generation, as the call plan from src/flavors/cortex.ts names it.

class: PythonPredictor / TensorFlowPredictor / ONNXPredictor built with its arguments by
keyword, predict() called with the arguments it names; functions: init(metadata) or
init(model_path, metadata), then predict(sample, metadata); request-handler: pre_inference and
post_inference around the ONNX model, as Cortex's onnx_serve does; handler: v0.35's Handler and Task
classes (cortex_handler.py). metadata/config is the API
configuration's (cortex.yaml, or run.config in mctl.yaml). /mnt/project/ maps to the project
directory (MCTL_CORTEX_PROJECT_DIR, set by mctl run; in an archive, its root).
"""

import inspect
import os

from . import cortex_handler, cortex_models, cortex_paths
from .base import Adapter
from .errors import ContractError, ServingHostError, UserCodeError, guard
from .loading import load_module_from_path, positional_params

PROJECT_ENV = "MCTL_CORTEX_PROJECT_DIR"
CLASSES = ("PythonPredictor", "TensorFlowPredictor", "ONNXPredictor")
CLIENTS = {"TensorFlowPredictor": "tensorflow_client", "ONNXPredictor": "onnx_client"}
PREDICT_ARGS = ("payload", "query_params", "headers", "batch_id", "context")


class CortexAdapter(Adapter):
    flavor = "cortex"
    # mctl serve: Cortex's serve.py sends bytes as application/octet-stream, a str as text/plain,
    # anything else as JSON.
    response_style = "cortex"

    def load(self):
        self.config = dict(self.options.get("config") or {})
        cortex_paths.install(os.environ.get(PROJECT_ENV) or self.model_dir)
        module = self._user(load_module_from_path, "cortex_predictor", self.entry_path)
        plan = self.options.get("call_plan") or read_plan(module)
        self.variant = plan.get("variant")
        loaders = {
            "class": self._load_class,
            "handler": self._load_handler,
            "functions": self._load_functions,
            "request-handler": self._load_hooks,
        }
        if self.variant not in loaders:
            raise ContractError("unknown Cortex call plan %r" % self.variant, "archive the entry again with this mctl")
        self.convention = "%s; config/metadata from the API configuration" % plan.get("label", self.variant)
        self._user(loaders[self.variant], module, plan)

    def call(self, request):
        return self._user(self._call, request)

    def _user(self, fn, *args):
        """User code that failed on an unmapped /mnt/project path is this host's limit, not a bug."""
        try:
            return fn(*args)
        except UserCodeError as error:
            hint = cortex_paths.unmapped_hint(error.error)
            if hint:
                raise ServingHostError(str(error), hint) from None
            raise

    def _load_class(self, module, plan):
        name = plan["className"]
        cls = getattr(module, name, None)
        if not inspect.isclass(cls):
            raise ContractError("%s defines no class %s" % (self.where, name), "define class %s" % name)
        needs = plan.get("needs")
        if needs and needs != "onnx_client":
            raise cortex_models.unavailable(needs, name)
        python_client = cortex_models.PythonClient(self.model_dir)
        provided = {
            "config": self.config,
            # INFERRED: a Batch API job as far as the predictor sees it; batches come from --input.
            "job_spec": {"job_id": "mctl-run", "config": {}},
            "python_client": python_client,
            "metrics_client": cortex_models.MetricsClient(),
        }
        if needs == "onnx_client":
            provided["onnx_client"] = cortex_models.OnnxClient(cortex_models.OnnxModel(self.model_dir, name))
        kwargs = {arg: provided[arg] for arg in plan.get("construct", []) if arg in provided}
        self.instance = guard("init", "%s(%s)" % (name, ", ".join(kwargs)), cls, **kwargs)
        if "python_client" in kwargs:
            python_client.set_load_method(getattr(self.instance, "load_model", None))
        self.predict_fn = getattr(self.instance, "predict", None)
        if not callable(self.predict_fn):
            raise ContractError("%s has no predict() method" % name, "define predict(self, payload)")
        self.predict_args = list(plan.get("predict", []))
        unknown = [n for n in self.predict_args if n not in PREDICT_ARGS]
        if unknown:
            message = "%s.predict() has %r, which Cortex does not pass" % (name, unknown[0])
            raise ContractError(message, "use " + ", ".join(PREDICT_ARGS))
        self.post_predict = getattr(self.instance, "post_predict", None)

    def _load_handler(self, module, plan):
        self.handler = cortex_handler.HandlerRunner(module, plan, self.config, self.model_dir)
        if plan.get("kind") == "BatchAPI" and callable(getattr(self.handler.instance, "on_job_complete", None)):
            self.warn("on_job_complete() is not called: a local run has no end of job")

    def _load_functions(self, module, plan):
        self.predict_fn = getattr(module, "predict", None)
        if not callable(self.predict_fn):
            raise ContractError("%s defines no predict()" % self.where, "define predict(sample, metadata)")
        init = getattr(module, "init", None)
        if callable(init):
            if len(plan.get("init") or []) == 2:
                model_path = self.model_dir if self.options.get("model_dir_given") else None
                guard("init", "init(model_path, metadata)", init, model_path, self.config)
            else:
                guard("init", "init(metadata)", init, self.config)

    def _load_hooks(self, module, plan):
        self.model = cortex_models.OnnxModel(self.model_dir, "a Cortex request handler")
        self.pre = getattr(module, "pre_inference", None)
        self.post = getattr(module, "post_inference", None)
        self.with_signature = bool(plan.get("signature"))

    def _call(self, request):
        if self.variant == "handler":
            return self.handler.call(request)
        if self.variant == "functions":
            return guard("run", "predict()", self.predict_fn, request.json(), self.config)
        if self.variant == "request-handler":
            return self._around_model(request.json())
        payload = request.decoded()
        # mctl serve passes the request's own headers and query string (the last value of a repeated name).
        headers = dict(request.headers) or {"content-type": request.content_type}
        query = {name: values[-1] for name, values in request.query.items() if values}
        available = {"payload": payload, "query_params": query, "headers": headers, "batch_id": "mctl-run"}
        kwargs = {n: available[n] for n in self.predict_args if n in available}
        result = guard("run", "predict()", self.predict_fn, **kwargs)
        if callable(self.post_predict):
            extra = dict(available, response=result)
            names = [p.name for p in (positional_params(self.post_predict) or [])]
            guard("run", "post_predict()", self.post_predict, **{n: extra[n] for n in names if n in extra})
        return result

    def _around_model(self, sample):
        extra = (self.config,) if self.with_signature else ()
        if callable(self.pre):
            sample = guard("run", "pre_inference()", self.pre, sample, self.model.inputs, *extra)
        output = guard("run", "the ONNX model", self.model.run, sample)
        if callable(self.post):
            return guard("run", "post_inference()", self.post, output, self.model.outputs, *extra)
        return [value.tolist() if hasattr(value, "tolist") else value for value in output]


def read_plan(module):
    """The call plan for archives written before mctl put it in MAR-INF/mctl.json."""
    for name in CLASSES:
        cls = getattr(module, name, None)
        if inspect.isclass(cls):
            args = lambda fn: [p.name for p in (positional_params(fn) or [])[1:]]  # noqa: E731
            return {
                "variant": "class",
                "label": name,
                "className": name,
                "construct": args(cls.__init__),
                "predict": args(getattr(cls, "predict", None)),
                "needs": CLIENTS.get(name),
            }
    if callable(getattr(module, "predict", None)):
        init = getattr(module, "init", None)
        names = [p.name for p in (positional_params(init) or [])] if callable(init) else None
        shown = "init(%s) + " % ", ".join(names) if names is not None else ""
        return {"variant": "functions", "label": shown + "predict(sample, metadata)", "init": names}
    hooks = [getattr(module, n, None) for n in ("pre_inference", "post_inference")]
    if any(callable(h) for h in hooks):
        first = next(h for h in hooks if callable(h))
        three = len(positional_params(first) or []) == 3
        return {"variant": "request-handler", "label": "request handler", "signature": three}
    raise ContractError(
        "%s defines no Cortex predictor (PythonPredictor, predict() or pre_inference/post_inference)" % module.__name__,
        "define class PythonPredictor with __init__(self, config) and predict(self, payload)",
    )
