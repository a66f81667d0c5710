"""TorchServe / MMS adapter: module names as the servers import them, and TorchServe's own package."""
import importlib.util
import os
import sys
import shutil
import tempfile
import unittest

from mctl_runtime import adapters
from test_adapters import load

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
HANDLE = "def handle(data, context):\n    return data\n"


class ModuleNameTests(unittest.TestCase):
    """The names src/validate/names.ts lets through (importlib.import_module, as ts/model_loader.py)."""

    def tearDown(self):
        for name in ("Handler", "llama-handler", "class"):
            sys.modules.pop(name, None)

    def test_names_no_import_statement_can_write_still_load(self):
        for name in ("Handler", "llama-handler", "class"):
            adapter = load("mms", {name + ".py": HANDLE}, name + ".py")
            self.assertEqual(adapter.predict({"a": 1}), {"body": {"a": 1}}, name)

    def test_a_dotted_name_is_read_as_a_package_and_does_not_load(self):
        with self.assertRaises(adapters.ContractError):
            load("mms", {"model.v2.py": HANDLE}, "model.v2.py")


# The shape of TorchServe's own examples (Transformer_handler_generalized.py): one BaseHandler subclass.
with open(os.path.join(ROOT, "fixtures", "shapes", "torchserve_base_handler.py"), encoding="utf-8") as _f:
    BASE_HANDLER = _f.read()


@unittest.skipIf(importlib.util.find_spec("ts") is not None, "TorchServe is installed here")
class TorchServePackageTests(unittest.TestCase):
    def test_a_base_handler_subclass_without_ts_says_pip_install_torchserve_before_importing(self):
        # Module-level code above the import would run if mctl only let the import fail.
        source = "import sys\nsys.modules['mctl_user_code_ran'] = sys\n" + BASE_HANDLER
        with self.assertRaises(adapters.ServingHostError) as caught:
            load("mms", {"Transformer_handler_generalized.py": source}, "Transformer_handler_generalized.py")
        self.assertNotIn("mctl_user_code_ran", sys.modules)
        self.assertIn("imports ts.torch_handler.base_handler", caught.exception.reason)
        self.assertIn("pip install torchserve", caught.exception.hint)
        self.assertIn("torch", caught.exception.hint)

    def test_a_guarded_import_is_optional(self):
        source = (
            "try:\n    from ts.utils.util import map_class_to_label\n"
            "except ImportError:\n    map_class_to_label = None\n" + HANDLE
        )
        adapter = load("mms", {"guarded_handler.py": source}, "guarded_handler.py")
        self.assertEqual(adapter.predict({"a": 1}), {"body": {"a": 1}})
        sys.modules.pop("guarded_handler", None)

    def test_through_a_local_module(self):
        files = {"via_helper.py": "import ts_helper\n" + HANDLE, "ts_helper.py": "from ts.context import Context\n"}
        with self.assertRaises(adapters.ServingHostError) as caught:
            load("mms", files, "via_helper.py")
        self.assertIn("through a module it imports", caught.exception.reason)
        self.assertIn("pip install torchserve", caught.exception.hint)

    @unittest.skipIf(importlib.util.find_spec("torch") is not None, "torch is installed here")
    def test_ts_without_torch_names_torch(self):
        # A bare ts package on the path: TorchServe's installed, torch not.
        root = tempfile.mkdtemp(prefix="mctl-ts-")
        os.makedirs(os.path.join(root, "ts", "torch_handler"))
        for name in ("ts/__init__.py", "ts/torch_handler/__init__.py"):
            open(os.path.join(root, name), "w").close()
        sys.path.insert(0, root)
        try:
            with self.assertRaises(adapters.ServingHostError) as caught:
                load("mms", {"base_handler_user.py": BASE_HANDLER}, "base_handler_user.py")
        finally:
            sys.path.remove(root)
            sys.modules.pop("ts", None)
            shutil.rmtree(root, ignore_errors=True)
        self.assertIn("needs torch", caught.exception.reason)
        self.assertIn("pip install torch", caught.exception.hint)


if __name__ == "__main__":
    unittest.main()
