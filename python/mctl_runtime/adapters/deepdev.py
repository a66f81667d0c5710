"""DeepDev, served by Azure ML."""

import json
import os

from .base import Adapter
from .errors import guard
from .loading import load_module_from_path, require_callable


class DeepDevAdapter(Adapter):
    """DeepDev (served by Azure ML): @model_init init(model_dir) once; run(body str)."""

    flavor = "deepdev"
    convention = "init(model_dir) once (@model_init), then run(raw_body_str) per request"

    def load(self):
        os.environ["AZUREML_MODEL_DIR"] = self.model_dir
        module = load_module_from_path("entry_module", self.entry_path)
        init = require_callable(module, "init", self.where, "define @model_init def init(model_dir)")
        self.run = require_callable(module, "run", self.where, "define run(raw_input)")
        guard("init", "init(model_dir)", init, self.model_dir)

    def call(self, request):
        # The Azure ML server it deploys on passes a GET's query parameters as a JSON string.
        text = json.dumps(request.query_json()) if request.method == "GET" else request.text()
        return guard("run", "run()", self.run, text)
