"""Azure ML online endpoints (azureml-inference-server-http)."""

import inspect
import os

from .base import Adapter
from .errors import PayloadRejected, guard
from .loading import accepts, load_module_from_path, require_callable


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
        if self.schema:
            self.convention = (
                "init() once, then run(**body) per request (@input_schema: JSON object fields by parameter name)"
            )
        guard("init", "init()", init)

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
            result = guard("run", "run()", self.run, **kwargs)
        else:
            result = guard("run", "run()", self.run, request.text(), **kwargs)
        if result is None:
            return {}
        if isinstance(result, str) and result.lstrip()[:1] in ("{", "["):
            self.warn(
                "run() returned a str holding JSON: Azure ML encodes it again, so clients get a JSON string;"
                " return the object instead"
            )
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
