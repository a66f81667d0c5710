"""mctl serve's side of the harness and the adapters: the serve op, requests as each platform
builds them, and bodies as each platform's server writes them. Run by python-adapters.test.ts."""
import base64
import json
import sys
import unittest

from mctl_runtime import adapters, harness, jsonable
from test_adapters import Project


def serve_session(flavor, files, entry, **spec):
    """A harness Session with the entry loaded (as mctl serve's load message does), replies kept."""
    project = Project(files)
    session = harness.Session(adapters, jsonable, None)
    sent = []
    session.send = sent.append
    path = project.path(entry)
    session.op_load(
        {
            "spec": {
                "flavor": flavor,
                "entry": path,
                "modelDir": project.dir,
                "serve": True,
                "sysPathFront": [project.dir],
                **spec,
            }
        }
    )
    assert sent[-1]["op"] == "ready", sent[-1]
    return session, sent, project


def unload():
    for name in ("h", "entry_module", "cortex_predictor", "customize_service", "handler.EndpointHandler"):
        sys.modules.pop(name, None)


def item(body=b"", content_type="application/json", **extra):
    return {"contentType": content_type, "base64": base64.b64encode(body).decode(), **extra}


def bodies(reply):
    return [base64.b64decode(r["base64"]).decode() for r in reply["results"]]


class TorchServeTests(unittest.TestCase):
    tearDown = staticmethod(unload)

    def test_rows_are_torchserve_parameters_decoded_by_content_type(self):
        row = adapters.torchserve.row_of
        Part = adapters.Part
        self.assertEqual(row(adapters.Request(b'{"a": 1}', "application/json; charset=utf-8")), {"body": {"a": 1}})
        self.assertEqual(row(adapters.Request(b"hi", "text/plain")), {"body": "hi"})
        self.assertEqual(row(adapters.Request(b"{oops", "application/json")), {"body": b"{oops"})
        form = adapters.Request(
            b"",
            "multipart/form-data",
            parts=[
                Part("data", b"plain"),
                Part("meta", b'{"k": 2}', "application/json", "m.json"),
                Part("img", b"\xff", "image/png", "a.png"),
            ],
        )
        self.assertEqual(row(form), {"data": b"plain", "meta": {"k": 2}, "img": b"\xff"})

    def test_a_batch_is_one_handle_call_and_each_answer_keeps_its_status_and_type(self):
        session, sent, _ = serve_session(
            "mms",
            {
                "h.py": """
            def handle(data, context):
                if data is None:
                    return None
                out = []
                for i, row in enumerate(data):
                    if row["body"] == "text":
                        context.set_response_content_type(i, "text/plain")
                        context.set_response_status(201, "Created", i)
                        out.append("plain answer")
                    else:
                        out.append({"n": len(data), "got": row["body"]})
                return out
        """
            },
            "h.py",
            batchSize=2,
        )
        session.op_serve({"requests": [item(b'{"x": 1}'), item(b"text", "text/plain")], "batch": True})
        reply = sent[-1]
        self.assertEqual(reply["op"], "served")
        self.assertEqual(bodies(reply), ['{\n  "n": 2,\n  "got": {\n    "x": 1\n  }\n}', "plain answer"])
        self.assertEqual(reply["results"][0]["status"], 200)
        self.assertEqual(
            (reply["results"][1]["status"], reply["results"][1]["headers"]["content-type"]), (201, "text/plain")
        )

    def test_kserve_envelopes(self):
        session, sent, _ = serve_session(
            "mms",
            {
                "h.py": """
            def handle(data, context):
                if data is None:
                    return None
                return [[len(data), 2]] if isinstance(data[0], dict) else [x * 2 for x in data]
        """
            },
            "h.py",
            modelName="m",
        )
        session.op_serve({"requests": [item(b'{"instances": [1, 2]}', envelope="kserve-v1")], "batch": False})
        self.assertEqual(json.loads(bodies(sent[-1])[0]), {"predictions": [2, 4]})
        v2 = {"id": "r1", "inputs": [{"name": "a", "shape": [1], "datatype": "INT64", "data": [5]}, {"name": "b"}]}
        session.op_serve({"requests": [item(json.dumps(v2).encode(), envelope="kserve-v2")], "batch": False})
        self.assertEqual(
            json.loads(bodies(sent[-1])[0]),
            {
                "id": "r1",
                "model_name": "m",
                "outputs": [{"name": "predict", "shape": [2], "datatype": "INT64", "data": [1, 2]}],
            },
        )

    def test_what_json_dumps_refuses_is_a_result_error(self):
        session, sent, _ = serve_session(
            "mms", {"h.py": "def handle(data, context):\n    return None if data is None else [{1, 2}]\n"}, "h.py"
        )
        session.op_serve({"requests": [item(b"{}")], "batch": True})
        self.assertEqual((sent[-1]["op"], sent[-1]["kind"]), ("error", "result"))


class AzureMLTests(unittest.TestCase):
    tearDown = staticmethod(unload)

    def test_get_query_as_json_string_and_all_headers(self):
        session, sent, _ = serve_session(
            "azureml",
            {
                "score.py": """
            def init():
                pass
            def run(raw, request_headers):
                return {"raw": raw, "custom": request_headers.get("X-Custom")}
        """
            },
            "score.py",
        )
        session.op_serve(
            {
                "requests": [item(method="GET", query={"a": ["1"], "b": ["x", "[2]"]}, headers={"x-custom": "v"})],
                "batch": False,
            }
        )
        self.assertEqual(bodies(sent[-1]), ['{"raw": "{\\"a\\": 1, \\"b\\": [\\"x\\", [2]]}", "custom": "v"}'])
        self.assertEqual(sent[-1]["results"][0]["headers"], {"content-type": "application/json"})

    def test_rawhttp_gets_the_request_and_returns_its_own_response(self):
        session, sent, project = serve_session(
            "azureml",
            {
                "score.py": """
            from azureml.contrib.services.aml_request import AMLRequest, rawhttp
            from azureml.contrib.services.aml_response import AMLResponse
            def init():
                pass
            @rawhttp
            def run(request):
                if request.method == "GET":
                    return AMLResponse("only POST", 405)
                return AMLResponse({"echo": request.get_json(), "arg": request.args.get("q")}, 201, json_str=True)
        """,
                "swagger.json": '{"swagger": "2.0", "mine": true}',
            },
            "score.py",
        )
        self.assertIn("@rawhttp", session.adapter.convention)
        session.op_serve({"requests": [item(b'{"k": 1}', query={"q": ["v"]})], "batch": False})
        result = sent[-1]["results"][0]
        self.assertEqual((result["status"], json.loads(bodies(sent[-1])[0])), (201, {"echo": {"k": 1}, "arg": "v"}))
        session.op_serve({"requests": [item(method="GET")], "batch": False})
        self.assertEqual((sent[-1]["results"][0]["status"], bodies(sent[-1])), (405, ["only POST"]))
        self.assertEqual(session.adapter.serve_info(), {"swagger": {"swagger": "2.0", "mine": True}})
        self.assertEqual(adapters.standins_in_use("azureml"), ["azureml"])


class OtherFlavorTests(unittest.TestCase):
    tearDown = staticmethod(unload)

    def test_cortex_gets_query_params_and_headers_and_a_str_is_text(self):
        session, sent, _ = serve_session(
            "cortex",
            {
                "p.py": """
            class PythonPredictor:
                def __init__(self, config):
                    pass
                def predict(self, payload, query_params, headers):
                    return "%s %s %s" % (payload["v"], query_params["k"], headers["x-h"])
        """
            },
            "p.py",
        )
        session.op_serve(
            {"requests": [item(b'{"v": 1}', query={"k": ["a", "b"]}, headers={"x-h": "h"})], "batch": False}
        )
        self.assertEqual(
            (bodies(sent[-1]), sent[-1]["results"][0]["headers"]["content-type"]),
            (["1 b h"], "text/plain; charset=utf-8"),
        )

    def test_modelarts_form_fields_are_files_by_name(self):
        session, sent, _ = serve_session(
            "modelarts",
            {
                "customize_service.py": """
            from model_service.pytorch_model_service import PTServingBaseService
            class S(PTServingBaseService):
                def _preprocess(self, data):
                    def read(v):
                        return v if isinstance(v, str) else {n: f.read().decode() for n, f in v.items()}
                    return {k: read(v) for k, v in data.items()}
                def _inference(self, data):
                    return data
                def _postprocess(self, data):
                    return data
        """
            },
            "customize_service.py",
        )
        parts = [
            {"name": "images", "filename": "a.txt", "contentType": "text/plain", "text": "A"},
            {"name": "note", "text": "n"},
        ]
        session.op_serve({"requests": [item(b"", "multipart/form-data; boundary=x", parts=parts)], "batch": False})
        self.assertEqual(json.loads(bodies(sent[-1])[0]), {"images": {"a.txt": "A"}, "note": "n"})

    def test_hf_writes_compact_json_and_rejects_bodies_without_inputs(self):
        session, sent, _ = serve_session(
            "hf",
            {
                "handler.py": """
            class EndpointHandler:
                def __init__(self, path):
                    pass
                def __call__(self, data):
                    return {"got": data["inputs"], "é": 1}
        """
            },
            "handler.py",
        )
        session.op_serve({"requests": [item(b'{"inputs": "x"}')], "batch": False})
        self.assertEqual(bodies(sent[-1]), ['{"got":"x","é":1}'])
        session.op_serve({"requests": [item(b'{"x": 1}')], "batch": False})
        self.assertEqual((sent[-1]["op"], sent[-1]["kind"]), ("error", "input"))


if __name__ == "__main__":
    unittest.main()
