"""Hugging Face Inference Endpoints: handler.py's EndpointHandler."""

import inspect
import sys

from .base import Adapter
from .errors import ContractError, PayloadRejected, guard
from .loading import load_module_from_path
from .request import Request


class HuggingFaceAdapter(Adapter):
    """Hugging Face Inference Endpoints: EndpointHandler(model_dir) once; handler(data)."""

    flavor = "hf"
    plain_json = False  # orjson with OPT_SERIALIZE_NUMPY
    response_style = "compact"
    convention = 'EndpointHandler(model_dir) once, then handler({"inputs": ..., "parameters": ...}) per request'

    @staticmethod
    def check_payload(payload, content_type=None):
        request = Request(payload, content_type)
        if request.is_json:
            body = request.json()
            if not isinstance(body, dict) or ("inputs" not in body and "instances" not in body):
                raise PayloadRejected("Body needs to provide a inputs key", 'send {"inputs": ..., "parameters": {...}}')
        elif not (request.content_type.startswith("image/") or request.content_type.startswith("audio/")):
            raise PayloadRejected(
                "content type %s is not supported by the Hugging Face toolkit" % request.content_type,
                "send JSON, image/* or audio/*",
            )

    def load(self):
        if self.model_dir not in sys.path:
            sys.path.insert(0, self.model_dir)
        module = load_module_from_path("handler.EndpointHandler", self.entry_path)
        cls = getattr(module, "EndpointHandler", None)
        if not inspect.isclass(cls):
            raise ContractError(
                "%s defines no class EndpointHandler" % self.where,
                "define class EndpointHandler with __init__(self, path) and __call__(self, data)",
            )
        self.handler = guard("init", "EndpointHandler(model_dir)", cls, self.model_dir)

    def call(self, request):
        self.check_payload(request.body if request.body is not None else request.json(), request.content_type)
        if request.is_json:
            data = request.json()
        elif request.content_type.startswith("image/"):
            data = {"inputs": _pil_image(request.body, self.warn)}
        else:
            data = {"inputs": request.body}
        return guard("run", "EndpointHandler.__call__()", self.handler, data)


def _pil_image(body, warn):
    try:
        from io import BytesIO

        from PIL import Image  # type: ignore
    except Exception:
        warn("PIL is not installed: the image is passed as bytes, where Hugging Face passes a PIL.Image")
        return body
    return Image.open(BytesIO(body)).convert("RGB")
