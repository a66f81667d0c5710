"""How each serving platform loads and calls an inference entry script.

A self-contained package (standard library only; numpy, torch and PIL are used when they
are importable) shared by `mctl run`'s harness and by the TorchServe shim that `mctl archive`
copies into .mar files. Keep it that way: no imports from the rest of mctl_runtime except
the optional stand-ins directory beside it, and native_host.py (the Node.js child that serves
native TS/JS entries), imported only when such an entry is loaded.

Layout: errors, request, loading (imports, signatures, stand-ins) and base are shared; one
module per flavor, named by its id (azureml.py, ..., native.py), imported by registry only when
that flavor is loaded; torchserve.py holds TorchServe's context for mms. The shim copies the
shared modules and its flavor's module alone (src/archive/shim.ts).

Interface
---------
load_entry(flavor, entry_path, model_dir, *, handler_function=None, device="cpu",
           gpu_id=None, manifest=None, config=None, model_name=None, batch_size=1) -> Adapter
    Imports the entry script the way the platform does (module name, sys.path, cwd is the
    caller's business) and runs its initialisation once (init(), load_model(), the
    constructor, initialize(context), TorchServe's handle(None, context), ...).
    flavor: deepdev | cortex | modelarts | ads | mms | azureml | hf | native
    entry_path: the script (for mms: the handler module file); model_dir: the model files.
    Raises UserCodeError(phase="import" | "init", ...) when user code fails,
    ContractError when the script does not offer what the platform calls, and
    ServingHostError when this host lacks what the entry needs to run (native: Node.js, mctl).

Adapter.predict(payload, content_type=None) -> result
    One request. payload is either raw bytes (the HTTP body; content_type says what it is,
    default application/octet-stream) or an already JSON-decoded value (application/json).
    Each flavor turns it into what its platform passes: the body as a str (Azure ML,
    DeepDev), the decoded JSON (Cortex, ADS, Hugging Face, ModelArts), or a one-element
    batch [{"body": ...}] (TorchServe/MMS). Returns the entry's result unchanged.
    Raises UserCodeError(phase="run"), PayloadRejected (the platform would answer 4xx before
    calling the script) or ContractError (a result the platform would refuse).

Adapter.predict_batch(payloads, content_types=None) -> list
    A batch: one handle() call for TorchServe/MMS, one call per payload elsewhere.

Adapter.check_payload(payload, content_type=None)   (static)
    The platform's own request checks, without user code.

Adapter.convention: one line saying how the script is called; Adapter.warnings: things the
platform would do differently (collected while loading and calling).

install_standins(flavor) -> list of module names
    Puts mctl's stand-ins for platform-only modules (DeepDev's deepdev.services.deploy,
    ModelArts' model_service.* and log) at the END of sys.path, so a real installed module
    always wins. Called by load_entry.
"""
from .errors import ContractError, NodeEntryError, PayloadRejected, ServingHostError, UserCodeError, describe
from .loading import install_standins, standins_in_use
from .registry import FLAVORS, adapter_class, load_entry
from .request import Part, Request, Response

__all__ = [
    "FLAVORS",
    "ContractError",
    "NodeEntryError",
    "Part",
    "PayloadRejected",
    "Request",
    "Response",
    "ServingHostError",
    "UserCodeError",
    "adapter_class",
    "describe",
    "install_standins",
    "load_entry",
    "standins_in_use",
]
