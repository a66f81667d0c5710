"""Unit tests of python/mctl_runtime (adapters, jsonable), run by test/unit/runtime/python-adapters.test.ts."""
import os
import shutil
import sys
import tempfile
import textwrap
import unittest

from mctl_runtime import adapters, jsonable


class Project:
    def __init__(self, files):
        self.dir = tempfile.mkdtemp(prefix="mctl-py-")
        # Removed after the module's tests: adapters keep using their project until then.
        unittest.addModuleCleanup(shutil.rmtree, self.dir, True)
        for name, text in files.items():
            path = os.path.join(self.dir, name)
            os.makedirs(os.path.dirname(path), exist_ok=True)
            with open(path, "w") as f:
                f.write(textwrap.dedent(text))

    def path(self, name):
        return os.path.join(self.dir, name)


def load(flavor, files, entry, **options):
    project = Project(files)
    sys.path.insert(0, project.dir)
    try:
        return adapters.load_entry(flavor, project.path(entry), project.dir, **options)
    finally:
        sys.path.remove(project.dir)
        for name in [
            n
            for n in sys.modules
            if n in ("h", "handler.EndpointHandler", "entry_module", "cortex_predictor", "customize_service")
        ]:
            del sys.modules[name]


class RequestTests(unittest.TestCase):
    def test_decoding_by_content_type(self):
        self.assertEqual(adapters.Request(b'{"a": 1}', "application/json").decoded(), {"a": 1})
        self.assertEqual(adapters.Request(b"hi", "text/plain").decoded(), "hi")
        self.assertEqual(adapters.Request(b"\x00\x01", None).decoded(), b"\x00\x01")
        self.assertEqual(adapters.Request({"a": 1}).text(), '{"a": 1}')
        with self.assertRaises(adapters.PayloadRejected):
            adapters.Request(b"\xff", "text/plain").text()


class FlavorTests(unittest.TestCase):
    def test_azureml_raw_string_none_is_empty_object_and_double_encoding_warning(self):
        adapter = load(
            "azureml",
            {
                "score.py": """
            import os
            def init():
                global d
                d = os.environ["AZUREML_MODEL_DIR"]
            def run(raw, request_headers=None):
                if raw == "null":
                    return None
                return '{"already": "json"}' if request_headers else raw
        """
            },
            "score.py",
        )
        self.assertEqual(adapter.predict(b"null", "application/json"), {})
        self.assertEqual(adapter.predict(b'{"x": 1}', "application/json"), '{"already": "json"}')
        self.assertTrue(any("encodes it again" in w for w in adapter.warnings))

    def test_cortex_function_style_by_arity_and_class_kwargs(self):
        one = load(
            "cortex",
            {
                "p.py": """
            def init(metadata):
                global m
                m = metadata
            def predict(sample, metadata):
                return [sample, metadata, m]
        """
            },
            "p.py",
            config={"k": 1},
        )
        self.assertEqual(one.predict({"s": 1}), [{"s": 1}, {"k": 1}, {"k": 1}])
        self.assertIn("init(metadata)", one.convention)
        cls = load(
            "cortex",
            {
                "p.py": """
            class PythonPredictor:
                def __init__(self, config, python_client):
                    self.config = config
                def predict(self, headers, payload):
                    return [payload, headers["content-type"], self.config]
        """
            },
            "p.py",
            config={"t": 2},
        )
        self.assertEqual(
            cls.predict(b"raw", "application/octet-stream"), [b"raw", "application/octet-stream", {"t": 2}]
        )
        with self.assertRaises(adapters.ContractError):
            load(
                "cortex",
                {
                    "p.py": (
                        "class PythonPredictor:\n    def __init__(self, config): pass\n"
                        "    def predict(self, data): pass\n"
                    )
                },
                "p.py",
            )

    def test_ads_passes_the_data_alone_as_ads_verify_does(self):
        # The model reaches predict through its default: a model=None default stays None.
        adapter = load(
            "ads",
            {
                "score.py": """
            def load_model():
                return "M"
            def predict(data, model=None):
                return [data, model]
        """
            },
            "score.py",
        )
        self.assertEqual(adapter.predict({"a": 1}), [{"a": 1}, None])
        guide = load(
            "ads",
            {
                "score.py": "def load_model():\n    return 'M'\n"
                "def predict(data, model=load_model()):\n    return model\n"
            },
            "score.py",
        )
        self.assertEqual(guide.predict({}), "M")
        with self.assertRaises(adapters.ContractError):
            load(
                "ads",
                {"score.py": "def load_model():\n    return None\ndef predict(data, model=None):\n    pass\n"},
                "score.py",
            )

    def test_modelarts_stand_in_base_and_model_path(self):
        adapter = load(
            "modelarts",
            {
                "customize_service.py": """
            from model_service.pytorch_model_service import PTServingBaseService
            class S(PTServingBaseService):
                def _preprocess(self, data):
                    return {"pre": data}
                def _inference(self, data):
                    return {"inf": data, "name": self.model_name, "path": self.model_path}
        """,
                "weights.pth": "",
            },
            "customize_service.py",
            model_name="m1",
        )
        out = adapter.predict({"x": 1})
        self.assertEqual(out["inf"], {"pre": {"x": 1}})
        self.assertEqual(out["name"], "m1")
        self.assertTrue(out["path"].endswith("weights.pth"), "PyTorch runtimes pass the model file")
        self.assertIn("model_service", adapters.standins_in_use("modelarts"))

    def test_modelarts_ml_framework_service_is_built_from_model_path_alone(self):
        # The guide: __init__(self, model_path) for machine learning frameworks (scikit-learn/XGBoost, Spark).
        source = {
            "customize_service.py": """
            from model_service.python_model_service import XgSklServingBaseService
            class S(XgSklServingBaseService):
                def __init__(self, model_path):
                    super().__init__(model_path)
                    self.loaded = model_path
                def _inference(self, data):
                    return {"path": self.loaded}
        """,
            "model.pkl": "",
        }
        for plan in (
            None,
            {"service": "S", "base": "XgSklServingBaseService", "construct": ["model_path"], "modelPath": "file"},
        ):
            adapter = load("modelarts", source, "customize_service.py", call_plan=plan)
            self.assertTrue(adapter.predict({"x": 1})["path"].endswith("model.pkl"), plan)
            self.assertTrue(adapter.convention.startswith("S(model_path) once"), adapter.convention)

    def test_mms_class_handler_batch_and_mismatched_batch(self):
        adapter = load(
            "mms",
            {
                "h.py": """
            class H:
                def initialize(self, context):
                    self.props = context.system_properties
                def handle(self, data, context):
                    return [[row["body"], context.get_request_id(i) is not None] for i, row in enumerate(data)]
        """
            },
            "h.py",
            gpu_id=2,
            batch_size=4,
        )
        self.assertEqual(
            adapter.predict_batch([b'{"a": 1}', b"x"], ["application/json", "text/plain"]),
            [[{"a": 1}, True], ["x", True]],
        )
        self.assertEqual(adapter.context.system_properties["gpu_id"], 2)
        bad = load("mms", {"h.py": "def handle(data, context):\n    return None if data is None else [1, 2]\n"}, "h.py")
        with self.assertRaises(adapters.ContractError) as caught:
            bad.predict({"a": 1})
        self.assertIn("number of batch response mismatched", str(caught.exception))

    def test_mms_two_classes_is_a_contract_error(self):
        with self.assertRaises(adapters.ContractError) as caught:
            load("mms", {"h.py": "class A:\n    pass\nclass B:\n    pass\n"}, "h.py")
        self.assertIn("Expected only one class", str(caught.exception))

    def test_user_errors_carry_the_phase(self):
        with self.assertRaises(adapters.UserCodeError) as caught:
            load(
                "hf",
                {
                    "handler.py": (
                        "class EndpointHandler:\n    def __init__(self, path):\n"
                        "        raise OSError('no weights')\n"
                    )
                },
                "handler.py",
            )
        self.assertEqual(caught.exception.phase, "init")
        with self.assertRaises(adapters.UserCodeError) as caught:
            load("deepdev", {"r.py": "import sys\nsys.exit(2)\n"}, "r.py")
        self.assertEqual(caught.exception.phase, "import")
        self.assertIsInstance(caught.exception.error, SystemExit)


class JsonableTests(unittest.TestCase):
    def test_paths_of_values_json_cannot_carry(self):
        notes = []
        self.assertEqual(jsonable.to_json({"a": (1, 2.5), 3: None}, notes), {"a": [1, 2.5], "3": None})
        for value, path in (({"s": [1, {2}]}, "$.s[1]"), ({"x y": float("inf")}, '$["x y"]'), ([b"raw"], "$[0]")):
            with self.assertRaises(jsonable.NotSerialisable) as caught:
                jsonable.to_json(value, [])
            self.assertEqual(caught.exception.path, path)
        self.assertEqual(jsonable.to_json(b"\x00", [], top_level_bytes=True), {"$bytes": "AA=="})

    @unittest.skipIf(__import__("importlib").util.find_spec("numpy") is None, "numpy is not installed")
    def test_numpy_is_converted_and_noted(self):
        import numpy as np

        notes = []
        self.assertEqual(
            jsonable.to_json({"v": np.array([[1, 2]]), "f": np.float32(0.5)}, notes), {"v": [[1, 2]], "f": 0.5}
        )
        self.assertEqual([n[0] for n in notes], ["$.v", "$.f"])
        with self.assertRaises(jsonable.NotSerialisable):
            jsonable.to_json({"v": np.array([np.nan])}, [])


if __name__ == "__main__":
    unittest.main()
