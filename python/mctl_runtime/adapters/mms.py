"""TorchServe / Multi Model Server handlers: module functions or one handler class."""

import ast
import importlib
import importlib.util
import os
import sys

from .base import Adapter
from .errors import ContractError, ServingHostError, UserCodeError, guard
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
        require_torchserve(self.entry_path, self.where)
        module = _import_handler_module(module_name, self.entry_path)
        if hasattr(module, function_name):
            entry_point = getattr(module, function_name)
            self.entry_point = entry_point
            self.convention = '%s(None, context) once at load, then %s([{"body": ...}], context) per batch' % (
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
            '%s() and initialize(context) once, then handle([{"body": ...}], context) per batch' % classes[0].__name__
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
    try:
        return guard("import", module_name, importlib.import_module, module_name)
    except UserCodeError as error:
        # A local module the handler imports may be the one that needs TorchServe.
        missing = getattr(error.error, "name", None) if isinstance(error.error, ModuleNotFoundError) else None
        if missing and missing.split(".")[0] == "ts":
            raise _missing_server_package(missing, os.path.basename(path) + " (through a module it imports)") from None
        raise


def require_torchserve(path, where):
    """A handler deriving ts.torch_handler.base_handler.BaseHandler needs TorchServe's own package
    (and torch, which ts.torch_handler imports) in the interpreter: say so before importing it."""
    imported = _ts_imports(path)
    if not imported:
        return
    if importlib.util.find_spec("ts") is None:
        raise _missing_server_package("ts", where, imported[0])
    if any(name.startswith("ts.torch_handler") for name in imported) and importlib.util.find_spec("torch") is None:
        raise _missing_server_package("torch", where, imported[0])


def _missing_server_package(module, where, imported=None):
    what = "%s imports %s, so it needs " % (where, imported) if imported else "%s needs " % where
    if module.split(".")[0] == "ts":
        return ServingHostError(
            what + "TorchServe's own package (ts), which %s does not have" % sys.executable,
            "pip install torchserve into that environment (its handlers also need torch: pip install torch torchserve),"
            " or pass --python with an interpreter that has them",
        )
    return ServingHostError(
        what + "torch (TorchServe's ts.torch_handler imports it), which %s does not have" % sys.executable,
        "pip install torch into that environment, or pass --python with an interpreter that has it",
    )


def _ts_imports(path):
    """Modules of TorchServe's package (ts, ts.*) the file imports unguarded; none when it does not parse."""
    try:
        with open(path, "rb") as f:
            tree = ast.parse(f.read(), path)
    except (OSError, SyntaxError, ValueError):
        return []
    found = []
    _collect_imports(tree, found)
    return [name for name in found if name == "ts" or name.startswith("ts.")]


GUARDS = ("ImportError", "ModuleNotFoundError", "Exception", "BaseException")


def _collect_imports(node, found):
    if isinstance(node, ast.Import):
        found.extend(alias.name for alias in node.names)
    elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
        found.append(node.module)
    for child in ast.iter_child_nodes(node):
        # An import inside try/except ImportError is optional: the handler runs without it.
        if isinstance(node, ast.Try) and child in node.body and any(_catches_import_error(h) for h in node.handlers):
            continue
        _collect_imports(child, found)


def _catches_import_error(handler):
    names = handler.type.elts if isinstance(handler.type, ast.Tuple) else [handler.type]
    return handler.type is None or any(getattr(n, "id", getattr(n, "attr", None)) in GUARDS for n in names)


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
