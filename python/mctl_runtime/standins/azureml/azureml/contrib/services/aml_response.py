"""Stand-in for azureml.contrib.services.aml_response: a response a @rawhttp run() returns,
sent as it is (azureml_inference_server_http/api/aml_response.py)."""

import json


class AMLResponse:
    def __init__(self, message, status_code, response_headers=None, json_str=False, run_function_failed=False):
        if message is None:
            body, content_type = json.dumps({}), "application/json"
        elif json_str:
            body, content_type = json.dumps(message), "application/json"
        else:
            body, content_type = message, "text/html; charset=utf-8"
        self._body = body if isinstance(body, bytes) else str(body).encode("utf-8")
        self.status_code = status_code
        self.headers = {"Content-Type": content_type, "x-ms-run-function-failed": str(run_function_failed)}
        for name, value in (response_headers or {}).items():
            self.headers[name] = value

    def get_data(self, as_text=False):
        return self._body.decode("utf-8") if as_text else self._body
