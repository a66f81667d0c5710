"""The Cortex adapter: call plans of every predictor generation, request-handler hooks around an
ONNX model, and /mnt/project/ mapped to the project directory."""
import importlib.util
import os
import shutil
import sys
import tempfile
import textwrap
import unittest

from mctl_runtime import adapters

HERE = os.path.dirname(os.path.abspath(__file__))
GUIDE = os.path.join(HERE, "..", "..", "fixtures", "guides", "cortex")

# A stand-in for onnxruntime (not installed here): a "model" that doubles its one input.
FAKE_ONNXRUNTIME = """
class _Arg:
    def __init__(self, name, type_, shape):
        self.name, self.type, self.shape = name, type_, shape

class InferenceSession:
    def __init__(self, path):
        self.path = path
    def get_inputs(self):
        return [_Arg("x", "tensor(float)", [None, 3])]
    def get_outputs(self):
        return [_Arg("y", "tensor(float)", [None, 3])]
    def run(self, names, feed):
        return [feed["x"] * 2]
"""


class CortexTests(unittest.TestCase):
    def project(self, files):
        root = tempfile.mkdtemp(prefix="mctl-py-cortex-")
        self.addCleanup(shutil.rmtree, root, True)
        for name, text in files.items():
            path = os.path.join(root, name)
            os.makedirs(os.path.dirname(path), exist_ok=True)
            with open(path, "w") as f:
                f.write(textwrap.dedent(text))
        return root

    def load(self, root, entry, **options):
        self.addCleanup(sys.modules.pop, "cortex_predictor", None)
        return adapters.load_entry("cortex", os.path.join(root, entry), root, **options)

    def test_class_plans_pass_what_the_generation_asks_for(self):
        root = self.project(
            {
                "p.py": """
            class PythonPredictor:
                def __init__(self, config, job_spec, python_client, metrics_client):
                    self.config, self.job, self.client = config, job_spec, python_client
                    metrics_client.gauge("loaded", 1)
                def load_model(self, model_path):
                    return "model at " + model_path
                def predict(self, payload, batch_id):
                    return [payload, batch_id, self.job["job_id"], self.config, self.client.get_model("m")]
        """
            }
        )
        plan = {
            "variant": "class",
            "label": "PythonPredictor(config, job_spec, ...)",
            "className": "PythonPredictor",
            "construct": ["config", "job_spec", "python_client", "metrics_client"],
            "predict": ["payload", "batch_id"],
            "needs": None,
        }
        adapter = self.load(root, "p.py", config={"k": 1}, call_plan=plan)
        model = "model at " + os.path.join(root, "m")
        self.assertEqual(adapter.predict([1, 2]), [[1, 2], "mctl-run", "mctl-run", {"k": 1}, model])
        self.assertIn("PythonPredictor(config, job_spec", adapter.convention)

    def test_clients_only_cortex_provides_are_an_environment_error(self):
        root = self.project(
            {
                "p.py": """
            class TensorFlowPredictor:
                def __init__(self, tensorflow_client, config):
                    pass
                def predict(self, payload):
                    pass
        """
            }
        )
        plan = {
            "variant": "class",
            "label": "TF",
            "className": "TensorFlowPredictor",
            "construct": ["tensorflow_client", "config"],
            "predict": ["payload"],
            "needs": "tensorflow_client",
        }
        with self.assertRaises(adapters.ServingHostError) as caught:
            self.load(root, "p.py", call_plan=plan)
        self.assertIn("tensorflow_client", caught.exception.reason)
        self.assertIn("TensorFlow Serving", caught.exception.hint)
        plan = dict(plan, needs="module_proto_pb2")
        with self.assertRaises(adapters.ServingHostError):
            self.load(root, "p.py", call_plan=plan)

    def test_guide_hooks_run_around_the_onnx_model_with_its_metadata(self):
        if importlib.util.find_spec("numpy") is None:
            self.skipTest("numpy is not installed")
        fake = self.project({"onnxruntime.py": FAKE_ONNXRUNTIME})
        sys.path.insert(0, fake)
        self.addCleanup(sys.path.remove, fake)
        self.addCleanup(sys.modules.pop, "onnxruntime", None)
        with open(os.path.join(GUIDE, "handler.py"), encoding="utf-8") as f:
            root = self.project({"model.onnx": "", "handler.py": f.read()})
        plan = {"variant": "request-handler", "label": "request handler", "pre": True, "post": True, "signature": False}
        adapter = self.load(root, "handler.py", call_plan=plan)
        expected = {"tokens": ["a", "bb", "ccc"], "scores": [[2.0, 4.0, 6.0]]}
        self.assertEqual(adapter.predict({"text": "a bb ccc"}), expected)

    def test_a_request_handler_without_onnxruntime_says_what_to_install(self):
        if importlib.util.find_spec("onnxruntime") is not None:
            self.skipTest("onnxruntime is installed")
        root = self.project({"model.onnx": "", "h.py": "def pre_inference(sample, metadata):\n    return sample\n"})
        with self.assertRaises(adapters.ServingHostError) as caught:
            self.load(root, "h.py", call_plan={"variant": "request-handler", "label": "rh", "signature": False})
        self.assertIn("pip install onnxruntime", caught.exception.hint)

    def test_mnt_project_maps_to_the_project_directory(self):
        if os.path.exists("/mnt/project"):
            self.skipTest("this host has a real /mnt/project")
        root = self.project(
            {
                "config.json": '{"threshold": 0.5}',
                "p.py": """
                import json, os, pathlib
                with open('/mnt/project/config.json', 'r') as config_file:
                    config = json.load(config_file)
                def predict(sample, metadata):
                    names = sorted(os.listdir("/mnt/project"))
                    text = pathlib.Path("/mnt/project/config.json").read_text()
                    found = os.path.isfile("/mnt/project/config.json")
                    return [config, found, "config.json" in names, json.loads(text)]
            """,
            }
        )
        os.environ["MCTL_CORTEX_PROJECT_DIR"] = root
        self.addCleanup(os.environ.pop, "MCTL_CORTEX_PROJECT_DIR", None)
        adapter = self.load(root, "p.py", call_plan={"variant": "functions", "label": "f", "init": None})
        self.assertEqual(adapter.predict({}), [{"threshold": 0.5}, True, True, {"threshold": 0.5}])

    def test_a_path_opened_below_python_fails_with_the_mapping_in_the_hint(self):
        if os.path.exists("/mnt/project"):
            self.skipTest("this host has a real /mnt/project")
        root = self.project(
            {
                "weights.bin": "w",
                "p.py": """
            import _io
            def predict(sample, metadata):
                if sample.get("own"):
                    raise ValueError("no /mnt/project/other.bin here")
                return _io.FileIO("/mnt/project/weights.bin").read()
        """,
            }
        )
        adapter = self.load(root, "p.py", call_plan={"variant": "functions", "label": "f", "init": None})
        with self.assertRaises(adapters.ServingHostError) as caught:
            adapter.predict({})
        self.assertIn("/mnt/project", caught.exception.reason)
        self.assertIn("maps it to %s" % root, caught.exception.hint)
        # The script's own error that merely names the path stays the script's.
        with self.assertRaises(adapters.UserCodeError):
            adapter.predict({"own": True})


class CortexHandlerTests(unittest.TestCase):
    """v0.35's Handler classes and Task, as python/serve@v0.35.0 builds and calls them."""

    project = CortexTests.project
    load = CortexTests.load

    def plan(self, kind, construct, method, call, class_name="Handler", needs=None):
        label = "%s (Cortex v0.35)" % kind
        return {
            "variant": "handler",
            "label": label,
            "kind": kind,
            "className": class_name,
            "construct": construct,
            "method": method,
            "call": call,
            "needs": needs,
        }

    def test_realtime_handle_post_gets_its_names_and_its_callback_runs(self):
        root = self.project(
            {
                "h.py": """
            calls = []
            class Handler:
                def __init__(self, config, model_client, metrics_client):
                    self.config, self.client = config, model_client
                    metrics_client.histogram("ready", 1.0)
                def load_model(self, model_path):
                    return "model at " + model_path
                def handle_post(self, payload, query_params, headers):
                    result = [payload, query_params, headers["x-id"], self.config, self.client.get_model()]
                    return result, lambda: calls.append("callback")
                def handle_get(self):
                    return "got"
        """
            }
        )
        plan = self.plan("RealtimeAPI", ["config", "model_client", "metrics_client"], "handle_post", ["payload"])
        plan["call"] = ["payload", "query_params", "headers"]
        adapter = self.load(root, "h.py", config={"k": 1}, call_plan=plan)
        request = adapters.Request(
            b"caf\xe9", "text/plain; charset=latin-1", headers={"x-id": "7"}, query={"a": ["1", "2"]}
        )
        self.assertEqual(adapter.call(request), ["caf\u00e9", {"a": "2"}, "7", {"k": 1}, "model at " + root])
        self.assertEqual(sys.modules["cortex_predictor"].calls, ["callback"])
        self.assertEqual(adapter.call(adapters.Request(b"x", "text/plain", method="GET")), "got")
        with self.assertRaises(adapters.ContractError) as caught:
            adapter.call(adapters.Request(b"x", "text/plain", method="PUT"))
        self.assertIn("405", str(caught.exception))
        self.assertIn("RealtimeAPI (Cortex v0.35); config/metadata", adapter.convention)

    def test_realtime_payload_is_parsed_only_for_a_method_that_takes_it(self):
        root = self.project({"h.py": "class Handler:\n    def handle_post(self, headers):\n        return 'ok'\n"})
        adapter = self.load(root, "h.py", call_plan=self.plan("RealtimeAPI", [], "handle_post", ["headers"]))
        self.assertEqual(adapter.predict(b"{not json", "application/json"), "ok")
        root = self.project({"h.py": "class Handler:\n    def handle_post(self, payload):\n        return payload\n"})
        adapter = self.load(root, "h.py", call_plan=self.plan("RealtimeAPI", [], "handle_post", ["payload"]))
        self.assertEqual(adapter.predict(b"\x00\x01", "image/png"), b"\x00\x01")
        with self.assertRaises(adapters.ServingHostError):
            adapter.predict(b"a=1", "application/x-www-form-urlencoded")

    def test_async_result_must_be_a_dictionary(self):
        root = self.project(
            {
                "h.py": """
            class Handler:
                def __init__(self, config):
                    self.config = config
                def handle_async(self, payload, request_id):
                    return {"in": payload, "id": request_id} if payload != "list" else [payload]
        """
            }
        )
        plan = self.plan("AsyncAPI", ["config"], "handle_async", ["payload", "request_id"])
        adapter = self.load(root, "h.py", call_plan=plan)
        self.assertEqual(adapter.predict({"a": 1}), {"in": {"a": 1}, "id": "mctl-run"})
        with self.assertRaises(adapters.ContractError) as caught:
            adapter.predict(b"list", "text/plain")
        self.assertIn("only a JSON dictionary", str(caught.exception))

    def test_batch_gets_a_job_spec_and_a_batch_id_and_says_on_job_complete_is_not_called(self):
        root = self.project(
            {
                "h.py": """
            class Handler:
                def __init__(self, config, job_spec):
                    self.job = job_spec
                def handle_batch(self, payload, batch_id):
                    return [len(payload), batch_id, self.job["job_id"]]
                def on_job_complete(self):
                    raise RuntimeError("not here")
        """
            }
        )
        plan = self.plan("BatchAPI", ["config", "job_spec"], "handle_batch", ["payload", "batch_id"])
        adapter = self.load(root, "h.py", call_plan=plan)
        self.assertEqual(adapter.predict([1, 2, 3]), [3, "mctl-run", "mctl-run"])
        self.assertIn("on_job_complete() is not called", adapter.warnings[0])

    def test_task_runs_with_the_input_merged_over_the_api_config(self):
        root = self.project({"t.py": "class Task:\n    def __call__(self, config):\n        return config\n"})
        plan = self.plan("TaskAPI", [], "__call__", ["config"], class_name="Task")
        adapter = self.load(root, "t.py", config={"a": {"x": 1, "y": 2}, "b": 1}, call_plan=plan)
        self.assertEqual(adapter.predict({"a": {"y": 3}}), {"a": {"x": 1, "y": 3}, "b": 1})
        self.assertEqual(adapter.predict({}), {"a": {"x": 1, "y": 2}, "b": 1})
        with self.assertRaises(adapters.PayloadRejected):
            adapter.predict([1])

    def test_tensorflow_and_grpc_handlers_are_an_environment_error(self):
        root = self.project(
            {"h.py": "class Handler:\n    def __init__(self, config, tensorflow_client):\n        pass\n"}
        )
        for needs in ("tensorflow_client", "proto_module_pb2"):
            plan = self.plan("RealtimeAPI", ["config", needs], None, [], needs=needs)
            with self.assertRaises(adapters.ServingHostError) as caught:
                self.load(root, "h.py", call_plan=plan)
            self.assertIn("needs %s, which only Cortex's serving image provides" % needs, caught.exception.reason)


if __name__ == "__main__":
    unittest.main()
