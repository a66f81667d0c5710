"""Huawei ModelArts: customize_service.py's service class."""

import inspect
import os
import sys

from .base import Adapter
from .errors import ContractError, guard
from .loading import classes_defined_in, load_module_from_path


class ModelArtsAdapter(Adapter):
    """ModelArts: Service(model_name, model_path) once; inference(data) runs
    _postprocess(_inference(_preprocess(data)))."""

    flavor = "modelarts"
    convention = "Service(model_name, model_path) once, then _postprocess(_inference(_preprocess(data))) per request"
    FILE_PATH_BASES = ("PTServingBaseService", "XgSklServingBaseService", "SparkServingBaseService")
    KNOWN_BASES = FILE_PATH_BASES + (
        "TfServingBaseService", "SingleNodeService", "BaseService", "CaffeBaseService", "MXNetBaseService",
        "HiaiBaseService",
    )

    def load(self):
        model_dir = os.path.dirname(self.entry_path)
        if model_dir not in sys.path:
            sys.path.insert(0, model_dir)
        module = load_module_from_path("customize_service", self.entry_path)
        classes = [
            c for c in classes_defined_in(module) if any(b.__name__ in self.KNOWN_BASES for b in inspect.getmro(c)[1:])
        ]
        if len(classes) != 1:
            found = ", ".join(c.__name__ for c in classes) or "none"
            raise ContractError(
                "%s must define exactly one service class deriving a model_service base (found: %s)"
                % (self.where, found),
                "derive one class from PTServingBaseService, TfServingBaseService or SingleNodeService",
            )
        cls = classes[0]
        bases = [b.__name__ for b in inspect.getmro(cls)]
        model_name = self.options.get("model_name") or os.path.basename(os.path.normpath(self.model_dir))
        # PyTorch, XGBoost/sklearn and Spark runtimes pass the model FILE, the others the directory.
        model_path = _model_file(self.model_dir) if any(b in self.FILE_PATH_BASES for b in bases) else self.model_dir
        self.service = guard("init", "%s(model_name, model_path)" % cls.__name__, cls, model_name, model_path)

    def call(self, request):
        if request.body is not None and not request.is_json:
            from io import BytesIO

            name = self.options.get("file_name") or "file"
            data = {"images": {name: BytesIO(request.body)}}
        else:
            data = request.json()
        service = self.service
        if callable(getattr(service, "inference", None)):
            return guard("run", "inference()", service.inference, data)
        pre = guard("run", "_preprocess()", service._preprocess, data)
        out = guard("run", "_inference()", service._inference, pre)
        return guard("run", "_postprocess()", service._postprocess, out)


def _model_file(model_dir):
    weights = (".pt", ".pth", ".pkl", ".joblib", ".m", ".model", ".onnx", ".bin")
    try:
        names = sorted(n for n in os.listdir(model_dir) if n.endswith(weights))
    except OSError:
        names = []
    return os.path.join(model_dir, names[0] if names else "model.pth")
