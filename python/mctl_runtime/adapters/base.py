"""What every flavor's adapter shares: options, warnings, one request or a batch."""

import os

from .request import Request


class Adapter:
    flavor = ""
    convention = ""
    # True where the server encodes results with json.dumps, which refuses numpy arrays.
    plain_json = True
    # mctl serve: how the platform's server writes a result as the response body:
    # json (json.dumps), compact (orjson-like), torchserve (per item: bytes, str, or indented
    # JSON), cortex (bytes, str as text/plain, else compact JSON).
    response_style = "json"

    def __init__(self, entry_path, model_dir, options):
        self.entry_path = entry_path
        self.model_dir = model_dir
        self.options = options
        self.where = os.path.basename(entry_path)
        self.warnings = []

    @staticmethod
    def check_payload(payload, content_type=None):
        Request(payload, content_type)

    def load(self):
        raise NotImplementedError

    def call(self, request):
        raise NotImplementedError

    def predict(self, payload, content_type=None):
        request = Request(payload, content_type)
        return self.call(request)

    def predict_batch(self, payloads, content_types=None):
        types_ = content_types or [None] * len(payloads)
        return [self.predict(p, t) for p, t in zip(payloads, types_)]

    def serve(self, request):
        """One HTTP request under mctl serve: the result as call() returns it (or a Response)."""
        return self.call(request)

    def serve_batch(self, requests):
        """Several requests the platform groups into one call (TorchServe); one result each."""
        return [self.serve(r) for r in requests]

    def response_meta(self, index):
        """The status and headers the script set for the index-th request of the last call."""
        return None, {}

    def serve_info(self):
        """What the server publishes about the script (Azure ML's swagger), or None."""
        return None

    def warn(self, message):
        if message not in self.warnings:
            self.warnings.append(message)
