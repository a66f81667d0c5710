"""Oracle ADS (OCI Data Science): score.py's load_model() and predict()."""

import uuid

from .base import Adapter
from .errors import ContractError, guard
from .loading import load_module_from_path, require_callable


class AdsAdapter(Adapter):
    """Oracle ADS: load_model(), then predict(data) per request, with the data alone.

    That is how ADS's own GenericModel.verify() (its local stand-in for a deployment) calls
    score.py: ModelArtifact.reload() imports it and calls load_model(), then
    score.predict(request_body) (oracle/accelerated-data-science, ads/model/generic_model.py and
    ads/model/artifact.py). The model reaches predict through its default, model=load_model(),
    evaluated when the module is imported.
    """

    flavor = "ads"
    convention = (
        "load_model() at load, then predict(data) per request; the model comes from predict's "
        "default, model=load_model() (data: decoded JSON or bytes)"
    )

    def load(self):
        module = load_module_from_path("score%s" % uuid.uuid4().hex, self.entry_path)
        load_model = require_callable(module, "load_model", self.where, "define load_model() returning the model")
        self.predict_fn = require_callable(module, "predict", self.where, "define predict(data, model=load_model())")
        if guard("init", "load_model()", load_model) is None:
            raise ContractError("load_model() returned None", "return the loaded model from load_model()")

    def call(self, request):
        data = request.json() if request.body is None or request.is_json else request.body
        return guard("run", "predict()", self.predict_fn, data)
