"""Which adapter serves which flavor, and load_entry, the one way in.

Each flavor's module is imported only when that flavor is loaded, so the TorchServe shim can
carry the shared modules and its own flavor's module alone.
"""
import importlib
import os

from .errors import ContractError
from .loading import install_standins

FLAVORS = ("deepdev", "cortex", "modelarts", "ads", "mms", "azureml", "hf", "native")
# flavor -> the class in the module of the same name beside this file
ADAPTERS = {
    "azureml": "AzureMLAdapter",
    "deepdev": "DeepDevAdapter",
    "cortex": "CortexAdapter",
    "ads": "AdsAdapter",
    "hf": "HuggingFaceAdapter",
    "modelarts": "ModelArtsAdapter",
    "mms": "MmsAdapter",
    "native": "NativeAdapter",
}


def adapter_class(flavor):
    name = ADAPTERS.get(flavor)
    if name is None:
        raise ContractError("unknown flavor %r" % flavor, "one of: " + ", ".join(FLAVORS))
    return getattr(importlib.import_module("." + flavor, __package__), name)


def load_entry(
    flavor,
    entry_path,
    model_dir,
    *,
    handler_function=None,
    device="cpu",
    gpu_id=None,
    manifest=None,
    config=None,
    model_name=None,
    batch_size=1,
    model_dir_given=True,
    call_plan=None
):
    cls = adapter_class(flavor)
    install_standins(flavor)
    options = {
        "handler_function": handler_function,
        "device": device,
        "gpu_id": gpu_id,
        "manifest": manifest,
        "config": config,
        "model_name": model_name,
        "batch_size": batch_size,
        "model_dir_given": model_dir_given,
        # How mctl's static check (the flavor file in src/flavors/) read the platform's call of
        # this script; the adapter follows it, so validate and run cannot disagree.
        "call_plan": call_plan or {},
    }
    adapter = cls(os.path.abspath(entry_path), os.path.abspath(model_dir), options)
    adapter.load()
    return adapter
