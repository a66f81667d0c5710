"""Huawei ModelArts: customize_service.py's service class."""

import email.message
import email.utils
import inspect
import io
import os
import sys

from .base import Adapter
from .errors import ContractError, PayloadRejected, guard
from .loading import classes_defined_in, load_module_from_path


class ModelArtsAdapter(Adapter):
    """ModelArts: Service(model_name, model_path) once; inference(data) runs
    _postprocess(_inference(_preprocess(data)))."""

    flavor = "modelarts"
    convention = "Service(model_name, model_path) once, then _postprocess(_inference(_preprocess(data))) per request"
    KNOWN_BASES = (
        "PTServingBaseService",
        "XgSklServingBaseService",
        "SparkServingBaseService",
        "TfServingBaseService",
        "SingleNodeService",
        "BaseService",
        "CaffeBaseService",
        "MXNetBaseService",
        "HiaiBaseService",
    )
    # Used only without a call plan (an archive from an older mctl): the rules of src/flavors/modelarts.ts.
    ML_FRAMEWORK_BASES = ("XgSklServingBaseService", "SparkServingBaseService")
    MODEL_FILE_BASES = ("PTServingBaseService",) + ML_FRAMEWORK_BASES

    def load(self):
        model_dir = os.path.dirname(self.entry_path)
        if model_dir not in sys.path:
            sys.path.insert(0, model_dir)
        module = load_module_from_path("customize_service", self.entry_path)
        classes = [
            c for c in classes_defined_in(module) if any(b.__name__ in self.KNOWN_BASES for b in inspect.getmro(c)[1:])
        ]
        plan = self.options.get("call_plan") or {}
        if plan.get("service"):
            classes = [c for c in classes if c.__name__ == plan["service"]] or classes
        if len(classes) != 1:
            found = ", ".join(c.__name__ for c in classes) or "none"
            raise ContractError(
                "%s must define exactly one service class deriving a model_service base (found: %s)"
                % (self.where, found),
                "derive one class from PTServingBaseService, TfServingBaseService or SingleNodeService",
            )
        cls = classes[0]
        bases = [b.__name__ for b in inspect.getmro(cls)]
        construct = plan.get("construct") or (
            ["model_path"] if any(b in self.ML_FRAMEWORK_BASES for b in bases) else ["model_name", "model_path"]
        )
        as_file = (
            plan.get("modelPath") == "file" if plan.get("modelPath") else any(b in self.MODEL_FILE_BASES for b in bases)
        )
        values = {
            "model_name": self.options.get("model_name") or os.path.basename(os.path.normpath(self.model_dir)),
            "model_path": _model_file(self.model_dir) if as_file else self.model_dir,
        }
        call = "%s(%s)" % (cls.__name__, ", ".join(construct))
        self.convention = "%s once, then _postprocess(_inference(_preprocess(data))) per request" % call
        self.service = guard("init", call, cls, *[values[name] for name in construct])

    def call(self, request):
        if request.parts is not None:
            # mctl serve: the fields its form parser read, in form_data's shape.
            data = {}
            for part in request.parts:
                if part.filename is None:
                    data[part.name] = part.data.decode("utf-8", "replace")
                else:
                    data.setdefault(part.name, {})[part.filename] = io.BytesIO(part.data)
        elif request.body is not None and request.content_type.startswith("multipart/form-data"):
            data = form_data(request.body, request.content_type)
        elif request.body is not None and not request.is_json:
            name = self.options.get("file_name") or "file"
            data = {"images": {name: io.BytesIO(request.body)}}
        else:
            data = request.json()
        service = self.service
        if callable(getattr(service, "inference", None)):
            return guard("run", "inference()", service.inference, data)
        pre = guard("run", "_preprocess()", service._preprocess, data)
        out = guard("run", "_inference()", service._inference, pre)
        return guard("run", "_postprocess()", service._postprocess, out)


def form_data(body, content_type):
    """A multipart/form-data body as ModelArts hands it to the service: {field: {file_name: file}},
    each file a BytesIO (the guide's form-data request). A part without a file name is a plain
    form value, passed as text (INFERRED: the guide shows file uploads only)."""
    boundary = _header_param("Content-Type", content_type, "boundary")
    if not boundary:
        raise PayloadRejected("a multipart/form-data request without a boundary", "send the form as curl -F does")
    delimiter = b"--" + boundary.encode("latin-1")
    chunks = body.split(delimiter)
    if len(chunks) < 3 or not chunks[-1].startswith(b"--"):
        raise PayloadRejected("the multipart/form-data body does not end with its closing boundary")
    data = {}
    for chunk in chunks[1:-1]:
        head, sep, content = chunk[2:].partition(b"\r\n\r\n") if chunk.startswith(b"\r\n") else (b"", b"", b"")
        if not sep or not content.endswith(b"\r\n"):
            raise PayloadRejected("a part of the multipart/form-data body has no header block")
        headers = dict(_header_line(line) for line in head.decode("utf-8", "replace").split("\r\n") if ":" in line)
        disposition = headers.get("content-disposition", "")
        field = _header_param("Content-Disposition", disposition, "name")
        file_name = _header_param("Content-Disposition", disposition, "filename")
        if field is None:
            raise PayloadRejected("a part of the multipart/form-data body has no field name")
        if file_name is None:
            data[field] = content[:-2].decode("utf-8", "replace")
        else:
            data.setdefault(field, {})[file_name] = io.BytesIO(content[:-2])
    return data


def _header_line(line):
    name, _, value = line.partition(":")
    return name.strip().lower(), value.strip()


def _header_param(header, value, param):
    message = email.message.Message()
    message[header] = value
    found = message.get_param(param, header=header)
    return email.utils.collapse_rfc2231_value(found) if found is not None else None


def _model_file(model_dir):
    weights = (".pt", ".pth", ".pkl", ".joblib", ".m", ".model", ".onnx", ".bin")
    try:
        names = sorted(n for n in os.listdir(model_dir) if n.endswith(weights))
    except OSError:
        names = []
    return os.path.join(model_dir, names[0] if names else "model.pth")
