"""TorchServe / Multi Model Server handlers: module functions or one handler class."""

import importlib
import importlib.util
import os

from .base import Adapter
from .errors import ContractError, guard
from .loading import classes_defined_in
from .request import Request
from .torchserve import Context, kserve_input, kserve_output, row_of


class MmsAdapter(Adapter):
    """TorchServe / Multi Model Server: handle(data, context), data = [{"body": ...}, ...];
    function handlers get handle(None, context) once at load, classes initialize(context)."""

    flavor = "mms"
    response_style = "torchserve"

    def load(self):
        function_name = self.options.get("handler_function") or "handle"
        module_name = os.path.splitext(os.path.basename(self.entry_path))[0]
        self.context = Context(
            model_name=self.options.get("model_name") or module_name,
            model_dir=self.model_dir,
            manifest=self.options.get("manifest"),
            batch_size=self.options.get("batch_size") or 1,
            gpu=self.options.get("gpu_id"),
            model_yaml_config=_model_yaml_config(self.model_dir, self.options.get("manifest"), self.warn),
        )
        module = _import_handler_module(module_name, self.entry_path)
        if hasattr(module, function_name):
            entry_point = getattr(module, function_name)
            self.entry_point = entry_point
            self.convention = "%s(None, context) once at load, then %s([{\"body\": ...}], context) per batch" % (
                function_name,
                function_name,
            )
            guard("init", "%s(None, context)" % function_name, entry_point, None, self.context)
            return
        classes = classes_defined_in(module)
        if len(classes) != 1:
            raise ContractError(
                "Expected only one class in custom service code or a function entry point"
                " (%s has %d classes and no %s())" % (self.where, len(classes), function_name),
                "define handle(data, context) at module level, or exactly one handler class",
            )
        instance = guard("init", "%s()" % classes[0].__name__, classes[0])
        if not callable(getattr(instance, "handle", None)):
            raise ContractError(
                "Expect handle method in class %s" % classes[0].__name__, "define handle(self, data, context)"
            )
        initialize = getattr(instance, "initialize", None)
        if not callable(initialize):
            raise ContractError(
                "class %s has no initialize(context)" % classes[0].__name__,
                "define initialize(self, context), or derive BaseHandler",
            )
        self.entry_point = instance.handle
        self.convention = (
            "%s() and initialize(context) once, then handle([{\"body\": ...}], context) per batch" % classes[0].__name__
        )
        guard("init", "initialize(context)", initialize, self.context)

    def predict(self, payload, content_type=None):
        return self.predict_batch([payload], [content_type])[0]

    def predict_batch(self, payloads, content_types=None):
        types_ = content_types or [None] * len(payloads)
        requests = [Request(p, t) for p, t in zip(payloads, types_)]
        return self._handle([{"body": r.decoded()} for r in requests], requests)

    def serve_batch(self, requests):
        return self._handle([row_of(r) for r in requests], requests)

    def serve(self, request):
        if request.envelope in ("kserve-v1", "kserve-v2"):
            self.context.begin_batch([request])
            data = kserve_input(request, request.envelope)
            result = guard("run", "handle(data, context)", self.entry_point, data, self.context)
            return kserve_output(result, request.envelope, self.context, request)
        return self.serve_batch([request])[0]

    def response_meta(self, index):
        processors = self.context.request_processor or []
        if index >= len(processors) or processors[index] is None:
            return None, {}
        processor = processors[index]
        return processor.get_response_status_code(), dict(processor.get_response_headers())

    def _handle(self, data, requests):
        self.context.begin_batch(requests)
        result = guard("run", "handle(data, context)", self.entry_point, data, self.context)
        if not isinstance(result, list):
            raise ContractError(
                "Invalid model predict output: handle() returned %s, TorchServe needs a list with one item per request"
                % type(result).__name__,
                "return a list, e.g. [result] for one request",
                phase="run",
            )
        if len(result) != len(data):
            raise ContractError(
                "number of batch response mismatched: %d requests, %d results" % (len(data), len(result)),
                "return one item per element of data",
                phase="run",
            )
        return result


def _import_handler_module(module_name, path):
    """TorchServe's import by module name (model dir and handler dir are on sys.path)."""
    try:
        found = importlib.util.find_spec(module_name)
    except (ImportError, ValueError):
        found = None
    if found is None:
        # TorchServe falls back to its built-in handlers (image_classifier, ...).
        if importlib.util.find_spec("ts") is not None:
            where = "ts.torch_handler." + module_name
            return guard("import", where, importlib.import_module, "." + module_name, "ts.torch_handler")
        raise ContractError(
            "no module named %r on the handler path" % module_name,
            "put %s.py in the model directory" % module_name,
            phase="import",
        )
    origin = getattr(found, "origin", None)
    if origin and os.path.abspath(origin) != os.path.abspath(path) and os.path.exists(path):
        raise ContractError(
            "import %s finds %s, not %s: another module of that name shadows the handler" % (module_name, origin, path),
            "rename the handler module",
            phase="import",
        )
    return guard("import", module_name, importlib.import_module, module_name)


def _model_yaml_config(model_dir, manifest, warn):
    name = ((manifest or {}).get("model") or {}).get("configFile")
    if not name:
        return {}
    try:
        import yaml  # type: ignore
    except Exception:
        warn("PyYAML is not installed: context.model_yaml_config is empty, where TorchServe reads %s" % name)
        return {}
    with open(os.path.join(model_dir, name), encoding="utf-8") as f:
        return yaml.safe_load(f) or {}
