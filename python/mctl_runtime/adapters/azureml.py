"""Azure ML online endpoints (azureml-inference-server-http)."""

import inspect
import json
import os
import sys

from .base import Adapter
from .errors import PayloadRejected, guard
from .loading import accepts, load_module_from_path, require_callable
from .request import Response

# Where @rawhttp records itself: the stand-in (or the server's own) azureml.contrib.services module.
RAW_HTTP_MODULES = ("azureml.contrib.services.aml_request", "azureml_inference_server_http.api.aml_request")


class AzureMLAdapter(Adapter):
    """azureml-inference-server-http: init() once; run(raw body str[, request_headers])."""

    flavor = "azureml"
    convention = "init() once, then run(raw_body_str) per request (AZUREML_MODEL_DIR = model dir)"

    def load(self):
        os.environ["AZUREML_MODEL_DIR"] = self.model_dir
        os.environ.setdefault("AZUREML_ENTRY_SCRIPT", self.entry_path)
        os.environ.setdefault("AML_APP_ROOT", os.path.dirname(self.entry_path))
        module = load_module_from_path("entry_module", self.entry_path)
        init = require_callable(module, "init", self.where, "define init() with no parameters")
        self.run = require_callable(module, "run", self.where, "define run(raw_data)")
        self.headers = accepts(self.run, "request_headers")
        self.schema = _schema_decorated(self.run)
        self.raw_http = _raw_http_requested()
        if self.raw_http:
            self.convention = "init() once, then run(request) per request (@rawhttp: the HTTP request itself)"
        elif self.schema:
            self.convention = (
                "init() once, then run(**body) per request (@input_schema: JSON object fields by parameter name)"
            )
        guard("init", "init()", init)

    def call(self, request):
        headers = _title_case(request.headers) if request.headers else {"Content-Type": request.content_type}
        kwargs = {"request_headers": headers} if self.headers else {}
        if self.raw_http:
            return _as_response(guard("run", "run()", self.run, RawRequest(request, headers), **kwargs))
        if self.schema:
            body = request.query_json() if request.method == "GET" else request.json()
            if not isinstance(body, dict):
                raise PayloadRejected("an @input_schema run() needs a JSON object body")
            params = [p for p in inspect.signature(self.run).parameters.values() if p.name != "request_headers"]
            for p in params:
                if p.name not in body and p.default is p.empty:
                    raise PayloadRejected("A value is not provided for the '%s' parameter." % p.name)
                kwargs[p.name] = body.get(p.name, p.default)
            result = guard("run", "run()", self.run, **kwargs)
        else:
            # input_parsers.JsonStringInput: a GET's query parameters as a JSON string, else the body.
            text = json.dumps(request.query_json()) if request.method == "GET" else request.text()
            result = guard("run", "run()", self.run, text, **kwargs)
        if result is None:
            return {}
        if isinstance(result, str) and result.lstrip()[:1] in ("{", "["):
            self.warn(
                "run() returned a str holding JSON: Azure ML encodes it again, so clients get a JSON string;"
                " return the object instead"
            )
        return _as_response(result)

    def serve_info(self):
        # swagger.py: a swagger.json beside the script wins; else the schema of @input_schema/@output_schema.
        for name in ("swagger.json", "swagger2.json"):
            path = os.path.join(os.path.dirname(self.entry_path), name)
            if os.path.isfile(path):
                try:
                    with open(path, encoding="utf-8") as f:
                        return {"swagger": json.load(f)}
                except (OSError, ValueError) as error:
                    self.warn("%s could not be read as JSON (%s): /swagger.json is generated instead" % (name, error))
        if not self.schema:
            return None
        from inference_schema.schema_util import get_input_schema, get_output_schema  # type: ignore

        return {"input": get_input_schema(self.run), "output": get_output_schema(self.run)}


class RawRequest:
    """What a @rawhttp run() gets: the parts of flask's Request that scoring scripts use."""

    def __init__(self, request, headers):
        self.method = request.method
        self.headers = headers
        self.args = _Args(request.query)
        self.data = request.body if request.body is not None else request.text().encode("utf-8")
        self.content_type = headers.get("Content-Type", request.content_type)
        self.mimetype = self.content_type.split(";")[0].strip()
        self.path = "/score"
        self.form = {p.name: p.data.decode("utf-8", "replace") for p in request.parts or [] if p.filename is None}
        self.files = {p.name: p for p in request.parts or [] if p.filename is not None}

    def get_data(self, cache=True, as_text=False):
        return self.data.decode("utf-8") if as_text else self.data

    def get_json(self, force=False, silent=False):
        if not force and self.mimetype != "application/json":
            return None
        try:
            return json.loads(self.data.decode("utf-8"))
        except ValueError:
            if silent:
                return None
            raise

    @property
    def json(self):
        return self.get_json()


class _Args(dict):
    """request.args: the first value by name, getlist() for all of them."""

    def __init__(self, query):
        super().__init__({k: v[0] for k, v in query.items() if v})
        self._lists = query

    def getlist(self, key):
        return list(self._lists.get(key, []))


def _as_response(result):
    """A response object the script returned (AMLResponse, flask Response) is sent as it is."""
    if hasattr(result, "status_code") and callable(getattr(result, "get_data", None)):
        return Response(result.get_data(), result.status_code, dict(result.headers.items()))
    return result


def _title_case(headers):
    # Flask's dict(request.headers) spells names as Content-Type, X-Custom-Header.
    return {"-".join(w.capitalize() for w in name.split("-")): value for name, value in headers.items()}


def _raw_http_requested():
    return any(getattr(sys.modules.get(name), "_rawHttpRequested", False) for name in RAW_HTTP_MODULES)


def _schema_decorated(fn):
    try:
        from inference_schema.schema_util import is_schema_decorated  # type: ignore
    except Exception:
        return False
    try:
        return bool(is_schema_decorated(fn))
    except Exception:
        return False
