"""Oracle ADS (OCI Data Science): score.py's load_model() and predict()."""

import uuid

from .base import Adapter
from .errors import ContractError, guard
from .loading import accepts, load_module_from_path, require_callable


class AdsAdapter(Adapter):
    """Oracle ADS: model = load_model(); predict(data, model=model) (model= only if accepted)."""

    flavor = "ads"
    convention = "load_model() once, then predict(data, model=model) per request (data: decoded JSON or bytes)"

    def load(self):
        module = load_module_from_path("score%s" % uuid.uuid4().hex, self.entry_path)
        load_model = require_callable(module, "load_model", self.where, "define load_model() returning the model")
        self.predict_fn = require_callable(module, "predict", self.where, "define predict(data, model=load_model())")
        self.model = guard("init", "load_model()", load_model)
        if self.model is None:
            raise ContractError("load_model() returned None", "return the loaded model from load_model()")
        self.pass_model = accepts(self.predict_fn, "model")
        if not self.pass_model:
            self.convention = "load_model() once, then predict(data) per request (predict takes no model=)"

    def call(self, request):
        data = request.json() if request.body is None or request.is_json else request.body
        if self.pass_model:
            return guard("run", "predict()", self.predict_fn, data, model=self.model)
        return guard("run", "predict()", self.predict_fn, data)
