"""One request as a server receives it: the raw body and its content type, decoded on demand."""

import json

from .errors import PayloadRejected

JSON_TYPES = ("application/json",)


class Part:
    """One field of a multipart/form-data or urlencoded body (mctl serve)."""

    def __init__(self, name, data, content_type=None, filename=None):
        self.name = name
        self.data = data
        self.content_type = content_type
        self.filename = filename


class Request:
    """One request: the raw body and its content type, decoded on demand. Under mctl serve it
    also carries the HTTP request's headers (lower-case names), query parameters (name -> list),
    method, form fields (parts) and, for TorchServe's KServe routes, the envelope."""

    def __init__(self, payload, content_type=None, headers=None, query=None, method="POST", parts=None, envelope=None):
        self.headers = headers if headers is not None else {}
        self.query = query or {}
        self.method = method
        self.parts = parts
        self.envelope = envelope
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

    def query_json(self):
        """The query parameters as the Azure ML server reads a GET (input_parsers._parse_get_parameters):
        each value as JSON where it parses, a repeated name as a list."""
        parsed = {}
        for key, values in self.query.items():
            items = [_parse_json_or_text(v) for v in values]
            parsed[key] = items[0] if len(items) == 1 else items
        return parsed

    def decoded(self):
        """What servers that decode by content type pass on: JSON, text, or bytes."""
        if self.body is None or self.is_json:
            return self.json()
        if self.is_text:
            return self.text()
        return self.body


def _parse_json_or_text(value):
    try:
        return json.loads(value)
    except ValueError:
        return value


_UNSET = object()


class Response:
    """A response the script built itself (Azure ML's AMLResponse, a flask Response), sent as it is."""

    def __init__(self, body, status=200, headers=None):
        self.body = body if isinstance(body, bytes) else str(body).encode("utf-8")
        self.status = int(status)
        self.headers = dict(headers or {})
