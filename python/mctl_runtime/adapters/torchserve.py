"""Stand-ins for what TorchServe's worker hands a handler: ts/context.py's Context and friends."""

import json
import uuid

# TorchServe version whose worker this module imitates (context.system_properties).
TORCHSERVE_VERSION = "0.12.0"


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
        self.request_processor = [RequestProcessor(_request_headers(r)) for r in requests]

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


def _request_headers(request):
    """ts/service.py: each parameter's content type by its name, then the request's own headers."""
    headers = {"content-type": request.content_type, "Content-Type": request.content_type}
    if request.parts is not None:
        for part in request.parts:
            headers[part.name] = {"content-type": part.content_type or ""}
    else:
        headers["body"] = {"content-type": request.content_type.split(";")[0].strip()}
    headers.update(request.headers)
    return headers


def row_of(request):
    """A request as TorchServe's worker hands it to handle(): its parameters by name (a form's
    fields, else "body"), each decoded by its content type as otf_message_handler does."""
    if request.parts is not None:
        return {part.name: _decode(part.data, part.content_type or "") for part in request.parts}
    body = request.body if request.body is not None else json.dumps(request.json()).encode("utf-8")
    # The frontend passes the media type alone (HttpUtil.getMimeType).
    return {"body": _decode(body, request.content_type.split(";")[0].strip())}


def _decode(value, content_type):
    if content_type == "application/json":
        try:
            return json.loads(value.decode("utf-8"))
        except Exception:
            return value
    if content_type.startswith("text"):
        try:
            return value.decode("utf-8")
        except Exception:
            return value
    return value


def kserve_input(request, envelope):
    """The handler's data under TorchServe's KServe envelopes (request_envelope/kserve.py,
    kservev2.py): v1 passes the "instances", v2 the request's first input tensor."""
    body = _decode(request.body, "application/json") if request.body is not None else request.json()
    if isinstance(body, (bytes, bytearray)) or not isinstance(body, dict):
        return None
    if envelope == "kserve-v1":
        return body.get("instances")
    inputs = body.get("inputs") or []
    return [inputs[0]] if inputs else []


def kserve_output(result, envelope, context, request):
    """format_output: v1 {"predictions": ...}; v2 {"id", "model_name", "model_version", "outputs"}."""
    if envelope == "kserve-v1":
        return {"predictions": result}
    body = request.json() if request.is_json else {}
    model = (context.manifest or {}).get("model") or {}
    response = {"id": body.get("id") if isinstance(body, dict) and body.get("id") else context.get_request_id(0)}
    response["model_name"] = model.get("modelName", context.model_name)
    if model.get("modelVersion"):
        response["model_version"] = model["modelVersion"]
    response["outputs"] = [_v2_tensor(item) for item in result]
    return response


def _v2_tensor(data):
    """kservev2._to_json without numpy: the shape of the nested lists, a datatype for the values."""
    if hasattr(data, "tolist"):
        data = data.tolist()
    shape = []
    level = data
    while isinstance(level, (list, tuple)):
        shape.append(len(level))
        level = level[0] if level else None
    flat = _flatten(data)
    if all(isinstance(v, bool) for v in flat):
        datatype = "BOOL"
    elif all(isinstance(v, int) and not isinstance(v, bool) for v in flat):
        datatype = "INT64"
    elif all(isinstance(v, (int, float)) and not isinstance(v, bool) for v in flat):
        datatype = "FP64"
    else:
        datatype = "BYTES"
    return {"name": "predict", "shape": shape, "datatype": datatype, "data": flat}


def _flatten(data):
    if not isinstance(data, (list, tuple)):
        return [data]
    out = []
    for item in data:
        out.extend(_flatten(item))
    return out
