"""One request as a server receives it: the raw body and its content type, decoded on demand."""

import json

from .errors import PayloadRejected

JSON_TYPES = ("application/json",)


class Request:
    """One request: the raw body and its content type, decoded on demand."""

    def __init__(self, payload, content_type=None):
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

    def decoded(self):
        """What servers that decode by content type pass on: JSON, text, or bytes."""
        if self.body is None or self.is_json:
            return self.json()
        if self.is_text:
            return self.text()
        return self.body


_UNSET = object()
