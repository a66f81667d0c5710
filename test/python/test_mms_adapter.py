"""TorchServe / MMS adapter: module names as the servers import them, and TorchServe's own package."""
import sys
import unittest

from mctl_runtime import adapters
from test_adapters import load

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


if __name__ == "__main__":
    unittest.main()
