"""How each serving platform loads and calls an inference entry script.

One self-contained module (standard library only; numpy, torch and PIL are used when they
are importable) shared by `mctl run`'s harness and by the TorchServe shim that `mctl archive`
copies into .mar files. Keep it that way: no imports from the rest of mctl_runtime except
the optional stand-ins directory beside this file, and native_host.py (the Node.js child
that serves native TS/JS entries), imported only when such an entry is loaded.

Interface
---------
load_entry(flavor, entry_path, model_dir, *, handler_function=None, device="cpu",
           gpu_id=None, manifest=None, config=None, model_name=None, batch_size=1) -> Adapter
    Imports the entry script the way the platform does (module name, sys.path, cwd is the
    caller's business) and runs its initialisation once (init(), load_model(), the
    constructor, initialize(context), TorchServe's handle(None, context), ...).
    flavor: deepdev | cortex | modelarts | ads | mms | azureml | hf | native
    entry_path: the script (for mms: the handler module file); model_dir: the model files.
    Raises UserCodeError(phase="import" | "init", ...) when user code fails,
    ContractError when the script does not offer what the platform calls, and
    ServingHostError when this host lacks what the entry needs to run (native: Node.js, mctl).

Adapter.predict(payload, content_type=None) -> result
    One request. payload is either raw bytes (the HTTP body; content_type says what it is,
    default application/octet-stream) or an already JSON-decoded value (application/json).
    Each flavor turns it into what its platform passes: the body as a str (Azure ML,
    DeepDev), the decoded JSON (Cortex, ADS, Hugging Face, ModelArts), or a one-element
    batch [{"body": ...}] (TorchServe/MMS). Returns the entry's result unchanged.
    Raises UserCodeError(phase="run"), PayloadRejected (the platform would answer 4xx before
    calling the script) or ContractError (a result the platform would refuse).

Adapter.predict_batch(payloads, content_types=None) -> list
    A batch: one handle() call for TorchServe/MMS, one call per payload elsewhere.

Adapter.check_payload(payload, content_type=None)   (static)
    The platform's own request checks, without user code.

Adapter.convention: one line saying how the script is called; Adapter.warnings: things the
platform would do differently (collected while loading and calling).

install_standins(flavor) -> list of module names
    Puts mctl's stand-ins for platform-only modules (DeepDev's deepdev.services.deploy,
    ModelArts' model_service.* and log) at the END of sys.path, so a real installed module
    always wins. Called by load_entry.
"""

import atexit
import importlib
import importlib.util
import inspect
import json
import os
import sys
import threading
import uuid

FLAVORS = ("deepdev", "cortex", "modelarts", "ads", "mms", "azureml", "hf", "native")
JSON_TYPES = ("application/json",)
STANDINS_DIR = os.path.join(os.path.dirname(os.path.abspath(__file__)), "standins")
STANDIN_MODULES = {"deepdev": ("deepdev",), "modelarts": ("model_service", "log")}
# TorchServe version whose worker this module imitates (context.system_properties).
TORCHSERVE_VERSION = "0.12.0"


class UserCodeError(Exception):
    """User code raised (or called sys.exit) while importing, initialising or running."""

    def __init__(self, phase, error, where=""):
        self.phase = phase
        self.error = error
        self.where = where
        super().__init__("%s error%s: %s" % (phase, " in " + where if where else "", _describe(error)))


class ContractError(Exception):
    """The script does not offer what the platform calls, or returned what it refuses."""

    def __init__(self, message, hint=None, phase="init"):
        self.hint = hint
        self.phase = phase
        super().__init__(message)


class PayloadRejected(Exception):
    """The platform would reject this request before calling the script (HTTP 4xx)."""

    def __init__(self, message, hint=None):
        self.hint = hint
        super().__init__(message)


class ServingHostError(Exception):
    """This host lacks what the entry needs to run (native entries: Node.js >= 22.12 and mctl)."""

    def __init__(self, message, hint=None):
        self.hint = hint
        super().__init__(message + ("\nhint: " + hint if hint else ""))
        self.reason = message


def _describe(error):
    if isinstance(error, SystemExit):
        return "called sys.exit(%r)" % (error.code,)
    text = str(error)
    return type(error).__name__ + (": " + text if text else "")


def _guard(phase, where, fn, *args, **kwargs):
    """Calls user code; any exception, SystemExit included, becomes a UserCodeError."""
    try:
        return fn(*args, **kwargs)
    except (UserCodeError, ContractError, PayloadRejected, ServingHostError):
        raise
    except BaseException as error:  # noqa: B036 - sys.exit and KeyboardInterrupt are failures too
        raise UserCodeError(phase, error, where).with_traceback(error.__traceback__) from error


# ---------------------------------------------------------------------------------------------
# requests


class Request:
    """One request: the raw body and its content type, decoded on demand."""

    def __init__(self, payload, content_type=None):
        if isinstance(payload, (bytes, bytearray, memoryview)):
            self.body = bytes(payload)
            self.content_type = (content_type or "application/octet-stream").lower()
            self._value = _UNSET
        else:
            self.body = None
            self.content_type = "application/json"
            self._value = payload

    @property
    def is_json(self):
        return self.content_type.split(";")[0].strip() in JSON_TYPES

    @property
    def is_text(self):
        return self.content_type.startswith("text/")

    def text(self):
        """The body as a str, as servers decode it (UTF-8)."""
        if self.body is None:
            return json.dumps(self._value)
        try:
            return self.body.decode("utf-8")
        except UnicodeDecodeError as error:
            raise PayloadRejected("the request body is not UTF-8 (%s)" % error, "send UTF-8 text") from None

    def json(self):
        if self._value is _UNSET:
            try:
                self._value = json.loads(self.text())
            except ValueError as error:
                raise PayloadRejected("the request body is not valid JSON: %s" % error) from None
        return self._value

    def decoded(self):
        """What servers that decode by content type pass on: JSON, text, or bytes."""
        if self.body is None or self.is_json:
            return self.json()
        if self.is_text:
            return self.text()
        return self.body


_UNSET = object()


# ---------------------------------------------------------------------------------------------
# loading helpers


def install_standins(flavor):
    names = STANDIN_MODULES.get(flavor, ())
    path = os.path.join(STANDINS_DIR, flavor)
    if names and os.path.isdir(path) and path not in sys.path:
        # Appended, never prepended: a real installed module of the same name always wins.
        sys.path.append(path)
    return list(names)


def standins_in_use(flavor):
    """The stand-in modules that were actually imported (the real ones were absent)."""
    used = []
    for name in STANDIN_MODULES.get(flavor, ()):
        module = sys.modules.get(name)
        where = getattr(module, "__file__", None) or ""
        if module is not None and os.path.abspath(where).startswith(STANDINS_DIR):
            used.append(name)
    return used


def load_module_from_path(name, path):
    """Imports a file under a fixed module name (how Azure ML, HF, ADS and Cortex load it)."""
    spec = importlib.util.spec_from_file_location(name, path)
    if spec is None or spec.loader is None:
        raise ContractError("cannot load %s as a Python module" % path, phase="import")
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    try:
        _guard("import", os.path.basename(path), spec.loader.exec_module, module)
    except UserCodeError:
        sys.modules.pop(name, None)
        raise
    return module


def _positional_params(fn):
    try:
        params = list(inspect.signature(fn).parameters.values())
    except (TypeError, ValueError):
        return None
    return params


def _accepts(fn, name):
    params = _positional_params(fn)
    if params is None:
        return False
    return any(p.name == name or p.kind == p.VAR_KEYWORD for p in params)


def _required_count(fn):
    params = _positional_params(fn) or []
    return sum(
        1
        for p in params
        if p.default is p.empty and p.kind in (p.POSITIONAL_ONLY, p.POSITIONAL_OR_KEYWORD)
    )


def _require_callable(module, name, where, hint):
    fn = getattr(module, name, None)
    if not callable(fn):
        raise ContractError("%s defines no %s()" % (where, name), hint)
    return fn


def _classes_defined_in(module):
    return [
        member
        for _, member in inspect.getmembers(module, inspect.isclass)
        if member.__module__ == module.__name__
    ]


# ---------------------------------------------------------------------------------------------
# adapters


class Adapter:
    flavor = ""
    convention = ""
    # True where the server encodes results with json.dumps, which refuses numpy arrays.
    plain_json = True

    def __init__(self, entry_path, model_dir, options):
        self.entry_path = entry_path
        self.model_dir = model_dir
        self.options = options
        self.where = os.path.basename(entry_path)
        self.warnings = []

    @staticmethod
    def check_payload(payload, content_type=None):
        Request(payload, content_type)

    def load(self):
        raise NotImplementedError

    def call(self, request):
        raise NotImplementedError

    def predict(self, payload, content_type=None):
        request = Request(payload, content_type)
        return self.call(request)

    def predict_batch(self, payloads, content_types=None):
        types_ = content_types or [None] * len(payloads)
        return [self.predict(p, t) for p, t in zip(payloads, types_)]

    def warn(self, message):
        if message not in self.warnings:
            self.warnings.append(message)


class AzureMLAdapter(Adapter):
    """azureml-inference-server-http: init() once; run(raw body str[, request_headers])."""

    flavor = "azureml"
    convention = "init() once, then run(raw_body_str) per request (AZUREML_MODEL_DIR = model dir)"

    def load(self):
        os.environ["AZUREML_MODEL_DIR"] = self.model_dir
        os.environ.setdefault("AZUREML_ENTRY_SCRIPT", self.entry_path)
        os.environ.setdefault("AML_APP_ROOT", os.path.dirname(self.entry_path))
        module = load_module_from_path("entry_module", self.entry_path)
        init = _require_callable(module, "init", self.where, "define init() with no parameters")
        self.run = _require_callable(module, "run", self.where, "define run(raw_data)")
        self.headers = _accepts(self.run, "request_headers")
        self.schema = _schema_decorated(self.run)
        if self.schema:
            self.convention = "init() once, then run(**body) per request (@input_schema: JSON object fields by parameter name)"
        _guard("init", "init()", init)

    def call(self, request):
        kwargs = {"request_headers": {"Content-Type": request.content_type}} if self.headers else {}
        if self.schema:
            body = request.json()
            if not isinstance(body, dict):
                raise PayloadRejected("an @input_schema run() needs a JSON object body")
            params = [p for p in inspect.signature(self.run).parameters.values() if p.name != "request_headers"]
            for p in params:
                if p.name not in body and p.default is p.empty:
                    raise PayloadRejected("A value is not provided for the '%s' parameter." % p.name)
                kwargs[p.name] = body.get(p.name, p.default)
            result = _guard("run", "run()", self.run, **kwargs)
        else:
            result = _guard("run", "run()", self.run, request.text(), **kwargs)
        if result is None:
            return {}
        if isinstance(result, str) and result.lstrip()[:1] in ("{", "["):
            self.warn("run() returned a str holding JSON: Azure ML encodes it again, so clients get a JSON string; return the object instead")
        return result


def _schema_decorated(fn):
    try:
        from inference_schema.schema_util import is_schema_decorated  # type: ignore
    except Exception:
        return False
    try:
        return bool(is_schema_decorated(fn))
    except Exception:
        return False


class DeepDevAdapter(Adapter):
    """DeepDev (served by Azure ML): @model_init init(model_dir) once; run(body str)."""

    flavor = "deepdev"
    convention = "init(model_dir) once (@model_init), then run(raw_body_str) per request"

    def load(self):
        os.environ["AZUREML_MODEL_DIR"] = self.model_dir
        module = load_module_from_path("entry_module", self.entry_path)
        init = _require_callable(module, "init", self.where, "define @model_init def init(model_dir)")
        self.run = _require_callable(module, "run", self.where, "define run(raw_input)")
        _guard("init", "init(model_dir)", init, self.model_dir)

    def call(self, request):
        return _guard("run", "run()", self.run, request.text())


class CortexAdapter(Adapter):
    """Cortex: class PythonPredictor(config) with predict(payload?, query_params?, headers?),
    or the v0.10 function style init(model_path, metadata) / predict(sample, metadata)."""

    flavor = "cortex"
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
        self.convention = "PythonPredictor(config) once, then predict(payload=..., query_params={}, headers={...}) by parameter name"
        kwargs = {}
        for name in ("job_spec", "python_client", "metrics_client"):
            if _accepts(cls.__init__, name):
                kwargs[name] = None
        self.instance = _guard("init", "PythonPredictor(config)", cls, self.config, **kwargs)
        self.predict_fn = _require_callable(self.instance, "predict", "PythonPredictor", "define predict(self, payload)")
        names = [p.name for p in (_positional_params(self.predict_fn) or [])]
        unknown = [n for n in names if n not in self.PREDICT_ARGS]
        if unknown:
            raise ContractError("PythonPredictor.predict() has unsupported parameter %r" % unknown[0], "use payload, query_params, headers or batch_id")
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
            if _required_count(init) == 1:
                self.convention = "init(metadata) once, then predict(sample, metadata) per request"
                _guard("init", "init(metadata)", init, self.config)
            else:
                _guard("init", "init(model_path, metadata)", init, model_path, self.config)

    def call(self, request):
        payload = request.decoded()
        if self.style == "function":
            return _guard("run", "predict()", self.predict_fn, payload, self.config)
        available = {"payload": payload, "query_params": {}, "headers": {"content-type": request.content_type}, "batch_id": None}
        kwargs = {name: available[name] for name in self.predict_args}
        result = _guard("run", "predict()", self.predict_fn, **kwargs)
        if callable(self.post_predict):
            extra = {"response": result, "payload": payload, "query_params": {}, "headers": available["headers"]}
            names = [p.name for p in (_positional_params(self.post_predict) or [])]
            _guard("run", "post_predict()", self.post_predict, **{n: extra[n] for n in names if n in extra})
        return result


class AdsAdapter(Adapter):
    """Oracle ADS: model = load_model(); predict(data, model=model) (model= only if accepted)."""

    flavor = "ads"
    convention = "load_model() once, then predict(data, model=model) per request (data: decoded JSON or bytes)"

    def load(self):
        module = load_module_from_path("score%s" % uuid.uuid4().hex, self.entry_path)
        load_model = _require_callable(module, "load_model", self.where, "define load_model() returning the model")
        self.predict_fn = _require_callable(module, "predict", self.where, "define predict(data, model=load_model())")
        self.model = _guard("init", "load_model()", load_model)
        if self.model is None:
            raise ContractError("load_model() returned None", "return the loaded model from load_model()")
        self.pass_model = _accepts(self.predict_fn, "model")
        if not self.pass_model:
            self.convention = "load_model() once, then predict(data) per request (predict takes no model=)"

    def call(self, request):
        data = request.json() if request.body is None or request.is_json else request.body
        if self.pass_model:
            return _guard("run", "predict()", self.predict_fn, data, model=self.model)
        return _guard("run", "predict()", self.predict_fn, data)


class HuggingFaceAdapter(Adapter):
    """Hugging Face Inference Endpoints: EndpointHandler(model_dir) once; handler(data)."""

    flavor = "hf"
    plain_json = False  # orjson with OPT_SERIALIZE_NUMPY
    convention = "EndpointHandler(model_dir) once, then handler({\"inputs\": ..., \"parameters\": ...}) per request"

    @staticmethod
    def check_payload(payload, content_type=None):
        request = Request(payload, content_type)
        if request.is_json:
            body = request.json()
            if not isinstance(body, dict) or ("inputs" not in body and "instances" not in body):
                raise PayloadRejected("Body needs to provide a inputs key", 'send {"inputs": ..., "parameters": {...}}')
        elif not (request.content_type.startswith("image/") or request.content_type.startswith("audio/")):
            raise PayloadRejected("content type %s is not supported by the Hugging Face toolkit" % request.content_type, "send JSON, image/* or audio/*")

    def load(self):
        if self.model_dir not in sys.path:
            sys.path.insert(0, self.model_dir)
        module = load_module_from_path("handler.EndpointHandler", self.entry_path)
        cls = getattr(module, "EndpointHandler", None)
        if not inspect.isclass(cls):
            raise ContractError("%s defines no class EndpointHandler" % self.where, "define class EndpointHandler with __init__(self, path) and __call__(self, data)")
        self.handler = _guard("init", "EndpointHandler(model_dir)", cls, self.model_dir)

    def call(self, request):
        self.check_payload(request.body if request.body is not None else request.json(), request.content_type)
        if request.is_json:
            data = request.json()
        elif request.content_type.startswith("image/"):
            data = {"inputs": _pil_image(request.body, self.warn)}
        else:
            data = {"inputs": request.body}
        return _guard("run", "EndpointHandler.__call__()", self.handler, data)


def _pil_image(body, warn):
    try:
        from io import BytesIO

        from PIL import Image  # type: ignore
    except Exception:
        warn("PIL is not installed: the image is passed as bytes, where Hugging Face passes a PIL.Image")
        return body
    return Image.open(BytesIO(body)).convert("RGB")


class ModelArtsAdapter(Adapter):
    """ModelArts: Service(model_name, model_path) once; inference(data) runs
    _postprocess(_inference(_preprocess(data)))."""

    flavor = "modelarts"
    convention = "Service(model_name, model_path) once, then _postprocess(_inference(_preprocess(data))) per request"
    FILE_PATH_BASES = ("PTServingBaseService", "XgSklServingBaseService", "SparkServingBaseService")
    KNOWN_BASES = FILE_PATH_BASES + ("TfServingBaseService", "SingleNodeService", "BaseService", "CaffeBaseService", "MXNetBaseService", "HiaiBaseService")

    def load(self):
        model_dir = os.path.dirname(self.entry_path)
        if model_dir not in sys.path:
            sys.path.insert(0, model_dir)
        module = load_module_from_path("customize_service", self.entry_path)
        classes = [c for c in _classes_defined_in(module) if any(b.__name__ in self.KNOWN_BASES for b in inspect.getmro(c)[1:])]
        if len(classes) != 1:
            found = ", ".join(c.__name__ for c in classes) or "none"
            raise ContractError(
                "%s must define exactly one service class deriving a model_service base (found: %s)" % (self.where, found),
                "derive one class from PTServingBaseService, TfServingBaseService or SingleNodeService",
            )
        cls = classes[0]
        bases = [b.__name__ for b in inspect.getmro(cls)]
        model_name = self.options.get("model_name") or os.path.basename(os.path.normpath(self.model_dir))
        # PyTorch, XGBoost/sklearn and Spark runtimes pass the model FILE, the others the directory.
        model_path = _model_file(self.model_dir) if any(b in self.FILE_PATH_BASES for b in bases) else self.model_dir
        self.service = _guard("init", "%s(model_name, model_path)" % cls.__name__, cls, model_name, model_path)

    def call(self, request):
        if request.body is not None and not request.is_json:
            from io import BytesIO

            name = self.options.get("file_name") or "file"
            data = {"images": {name: BytesIO(request.body)}}
        else:
            data = request.json()
        service = self.service
        if callable(getattr(service, "inference", None)):
            return _guard("run", "inference()", service.inference, data)
        pre = _guard("run", "_preprocess()", service._preprocess, data)
        out = _guard("run", "_inference()", service._inference, pre)
        return _guard("run", "_postprocess()", service._postprocess, out)


def _model_file(model_dir):
    weights = (".pt", ".pth", ".pkl", ".joblib", ".m", ".model", ".onnx", ".bin")
    try:
        names = sorted(n for n in os.listdir(model_dir) if n.endswith(weights))
    except OSError:
        names = []
    return os.path.join(model_dir, names[0] if names else "model.pth")


class MmsAdapter(Adapter):
    """TorchServe / Multi Model Server: handle(data, context), data = [{"body": ...}, ...];
    function handlers get handle(None, context) once at load, classes initialize(context)."""

    flavor = "mms"

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
            self.convention = "%s(None, context) once at load, then %s([{\"body\": ...}], context) per batch" % (function_name, function_name)
            _guard("init", "%s(None, context)" % function_name, entry_point, None, self.context)
            return
        classes = _classes_defined_in(module)
        if len(classes) != 1:
            raise ContractError(
                "Expected only one class in custom service code or a function entry point (%s has %d classes and no %s())" % (self.where, len(classes), function_name),
                "define handle(data, context) at module level, or exactly one handler class",
            )
        instance = _guard("init", "%s()" % classes[0].__name__, classes[0])
        if not callable(getattr(instance, "handle", None)):
            raise ContractError("Expect handle method in class %s" % classes[0].__name__, "define handle(self, data, context)")
        initialize = getattr(instance, "initialize", None)
        if not callable(initialize):
            raise ContractError("class %s has no initialize(context)" % classes[0].__name__, "define initialize(self, context), or derive BaseHandler")
        self.entry_point = instance.handle
        self.convention = "%s() and initialize(context) once, then handle([{\"body\": ...}], context) per batch" % classes[0].__name__
        _guard("init", "initialize(context)", initialize, self.context)

    def predict(self, payload, content_type=None):
        return self.predict_batch([payload], [content_type])[0]

    def predict_batch(self, payloads, content_types=None):
        types_ = content_types or [None] * len(payloads)
        requests = [Request(p, t) for p, t in zip(payloads, types_)]
        data = [{"body": r.decoded()} for r in requests]
        self.context.begin_batch(requests)
        result = _guard("run", "handle(data, context)", self.entry_point, data, self.context)
        if not isinstance(result, list):
            raise ContractError(
                "Invalid model predict output: handle() returned %s, TorchServe needs a list with one item per request" % type(result).__name__,
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
            return _guard("import", "ts.torch_handler." + module_name, importlib.import_module, "." + module_name, "ts.torch_handler")
        raise ContractError("no module named %r on the handler path" % module_name, "put %s.py in the model directory" % module_name, phase="import")
    origin = getattr(found, "origin", None)
    if origin and os.path.abspath(origin) != os.path.abspath(path) and os.path.exists(path):
        raise ContractError(
            "import %s finds %s, not %s: another module of that name shadows the handler" % (module_name, origin, path),
            "rename the handler module",
            phase="import",
        )
    return _guard("import", module_name, importlib.import_module, module_name)


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


class RequestProcessor:
    """ts.context.RequestProcessor: request headers in, response status and headers out."""

    def __init__(self, request_header):
        self._status_code = 200
        self._reason_phrase = None
        self._response_header = {}
        self._request_header = request_header

    def get_request_property(self, key):
        return self._request_header.get(key)

    def get_request_properties(self):
        return self._request_header

    def report_status(self, code, reason_phrase=None):
        self._status_code = code
        self._reason_phrase = reason_phrase

    def get_response_status_code(self):
        return self._status_code

    def get_response_status_phrase(self):
        return self._reason_phrase

    def add_response_property(self, key, value):
        self._response_header[key] = value

    def get_response_headers(self):
        return self._response_header

    def get_response_header(self, key):
        return self._response_header.get(key)


class _NoopMetric:
    def __getattr__(self, name):
        return self

    def __call__(self, *args, **kwargs):
        return self


class Context:
    """The context TorchServe's worker passes (ts/context.py), with MMS's keys as a subset."""

    def __init__(self, model_name, model_dir, manifest, batch_size, gpu, model_yaml_config=None):
        self.model_name = model_name
        self.manifest = manifest
        self._system_properties = {
            "model_dir": model_dir,
            "gpu_id": gpu,
            "batch_size": batch_size,
            "server_name": "MMS",
            "server_version": TORCHSERVE_VERSION,
            "limit_max_image_pixels": True,
        }
        self.request_ids = None
        self.request_processor = None
        self._metrics = _NoopMetric()
        self.model_yaml_config = model_yaml_config or {}
        self.stopping_criteria = None
        self.cl_socket = None
        self.is_streaming = False

    @property
    def system_properties(self):
        return self._system_properties

    @property
    def metrics(self):
        return self._metrics

    @metrics.setter
    def metrics(self, value):
        self._metrics = value

    def begin_batch(self, requests):
        self.request_ids = {i: str(uuid.uuid4()) for i in range(len(requests))}
        self.request_processor = [RequestProcessor({"content-type": r.content_type, "Content-Type": r.content_type}) for r in requests]

    def get_request_id(self, idx=0):
        return (self.request_ids or {}).get(idx)

    def get_request_header(self, idx, key):
        return self.request_processor[idx].get_request_property(key)

    def get_all_request_header(self, idx):
        return self.request_processor[idx].get_request_properties()

    def set_response_content_type(self, idx, value):
        self.set_response_header(idx, "content-type", value)

    def get_response_content_type(self, idx):
        return self.get_response_headers(idx).get("content-type")

    def get_response_status(self, idx):
        processor = self.request_processor[idx]
        return processor.get_response_status_code(), processor.get_response_status_phrase()

    def set_response_status(self, code=200, phrase="", idx=0):
        if self.request_processor is not None and self.request_processor[idx] is not None:
            self.request_processor[idx].report_status(code, reason_phrase=phrase)

    def set_all_response_status(self, code=200, phrase=""):
        for idx, _ in enumerate(self.request_processor or []):
            self.set_response_status(code, phrase, idx)

    def get_response_headers(self, idx):
        return self.request_processor[idx].get_response_headers()

    def set_response_header(self, idx, key, value):
        self.request_processor[idx].add_response_property(key, value)

    def get_sequence_id(self, idx):
        return None


class NativeAdapter(Adapter):
    """Native mctl entries (TypeScript/JavaScript): init(modelDir, context) once, then
    run(input, context), in a Node.js child running mctl's own Node harness (native_host.py)."""

    flavor = "native"
    convention = "init(modelDir, context) once, then run(input, context) per request, in Node.js (input: parsed JSON for application/json, else a Buffer of the body)"

    def load(self):
        try:
            from . import native_host
        except ImportError as error:  # fcntl and posix_spawn: POSIX only
            raise ServingHostError("serving a native entry needs a POSIX host (Linux, macOS): %s" % error, "serve it from Linux or macOS") from None
        self.native_host = native_host
        gpu_id = self.options.get("gpu_id")
        # A GPU only when the server assigned one (TorchServe's gpu_id), as the Python flavors see it.
        self.device = "cuda:%d" % int(gpu_id) if gpu_id is not None and self.options.get("device") != "cpu" else "cpu"
        self.host = None
        # One request at a time on the child's channel, should a server call from threads.
        self._lock = threading.Lock()
        self._start()
        self._check_versions()

    def _start(self):
        host = self.native_host.NodeHost(self.entry_path, self.model_dir, self.device)
        try:
            ready = self._translate(host.start, "init")
        except BaseException:
            host.close()
            raise
        self.host = host
        for warning in ready.get("warnings") or []:
            self.warn(warning)
        atexit.register(host.close)

    def _check_versions(self):
        """The archive's copy of this module and the host's Node harness speak one protocol per mctl version."""
        try:
            with open(os.path.join(self.model_dir, "MAR-INF", "mctl.json"), encoding="utf-8") as f:
                archived = json.load(f).get("mctl")
        except (OSError, ValueError, AttributeError):
            return
        served = self.native_host.package_version(self.host.mctl_dir)
        if archived and served and archived.split(".")[:2] != served.split(".")[:2]:
            self.log_warning("the archive was made by mctl %s, the serving host has mctl %s (%s): rebuild the archive with the host's mctl if serving fails" % (archived, served, self.host.mctl_dir))

    def call(self, request):
        return self.call_batch([request])[0]

    def predict_batch(self, payloads, content_types=None):
        types_ = content_types or [None] * len(payloads)
        return self.call_batch([Request(p, t) for p, t in zip(payloads, types_)])

    def call_batch(self, requests):
        items = [(r.json(), r.content_type) if r.body is None or r.is_json else (r.body, r.content_type) for r in requests]
        with self._lock:
            if self.host is None or not self.host.alive:
                # The entry ended its process (process.exit, a crash) on an earlier request: a new
                # one, as TorchServe starts a new worker when a Python handler's process dies.
                self.log_warning("the Node.js process had ended; mctl started a new one and ran init() again")
                self._start()
            replies = self._translate(lambda: self.host.call(items), "run")
        for reply in replies:
            for warning in reply.get("warnings") or []:
                self.warn(warning)
        return [reply.get("value") for reply in replies]

    def log_warning(self, message):
        """A warning for mctl run, and for a server's model log (its worker logs through logging)."""
        import logging  # only here: every other flavor's start-up stays without it

        logging.getLogger("mctl").warning(message)
        self.warn(message)

    def _translate(self, fn, phase):
        """The Node side's failures as this module's exceptions."""
        host = self.native_host
        try:
            return fn()
        except host.HostMissing as error:
            raise ServingHostError(str(error), error.hint) from None
        except host.ChildExited as error:
            raise UserCodeError(phase, NodeEntryError(str(error), None), self.where) from None
        except host.ChildFailed as error:
            raise self._failure(error, phase) from None

    def _failure(self, error, phase):
        reply = error.reply
        kind = error.kind
        if kind in ("import", "init", "run"):
            return UserCodeError(kind, NodeEntryError(str(error), error.stack), self.where)
        if kind == "input":
            return PayloadRejected(str(error), error.hint)
        if kind in ("contract", "result"):
            return ContractError(str(error), error.hint, phase="init" if kind == "contract" else "run")
        if kind == "mctl" and reply.get("exit") == "ENVIRONMENT":
            return ServingHostError(str(error), error.hint)
        if kind == "mctl" and reply.get("exit") == "BAD_INPUT":
            return PayloadRejected(str(error), error.hint)
        return UserCodeError(phase, NodeEntryError(str(error), error.stack), self.where)


class NodeEntryError(Exception):
    """What a native entry threw, with its JavaScript stack (shown after the message)."""

    def __init__(self, message, stack):
        frames = [line for line in (stack or "").splitlines() if line.strip().startswith("at ")]
        self.message = message
        self.stack = stack
        # The frames in the text too: a server logs str(error) and a Python traceback only.
        super().__init__("\n".join([message] + frames))


ADAPTERS = {
    "azureml": AzureMLAdapter,
    "deepdev": DeepDevAdapter,
    "cortex": CortexAdapter,
    "ads": AdsAdapter,
    "hf": HuggingFaceAdapter,
    "modelarts": ModelArtsAdapter,
    "mms": MmsAdapter,
    "native": NativeAdapter,
}


def adapter_class(flavor):
    try:
        return ADAPTERS[flavor]
    except KeyError:
        raise ContractError("unknown flavor %r" % flavor, "one of: " + ", ".join(FLAVORS)) from None


def load_entry(flavor, entry_path, model_dir, *, handler_function=None, device="cpu", gpu_id=None,
               manifest=None, config=None, model_name=None, batch_size=1, model_dir_given=True):
    cls = adapter_class(flavor)
    install_standins(flavor)
    options = {
        "handler_function": handler_function,
        "device": device,
        "gpu_id": gpu_id,
        "manifest": manifest,
        "config": config,
        "model_name": model_name,
        "batch_size": batch_size,
        "model_dir_given": model_dir_given,
    }
    adapter = cls(os.path.abspath(entry_path), os.path.abspath(model_dir), options)
    adapter.load()
    return adapter
