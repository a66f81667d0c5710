"""Importing entry scripts as the platforms do, and reading their signatures."""

import importlib.util
import inspect
import os
import sys

from .errors import ContractError, UserCodeError, guard

STANDINS_DIR = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "standins")
STANDIN_MODULES = {"deepdev": ("deepdev",), "modelarts": ("model_service", "log"), "azureml": ("azureml",)}


def install_standins(flavor):
    names = STANDIN_MODULES.get(flavor, ())
    path = os.path.join(STANDINS_DIR, flavor)
    if names and os.path.isdir(path) and path not in sys.path:
        # Appended, never prepended: a real installed module of the same name always wins.
        sys.path.append(path)
    return list(names)


def standins_in_use(flavor):
    """The stand-in modules that were actually imported (the real ones were absent)."""
    used = []
    for name in STANDIN_MODULES.get(flavor, ()):
        module = sys.modules.get(name)
        where = getattr(module, "__file__", None) or ""
        if module is not None and os.path.abspath(where).startswith(STANDINS_DIR):
            used.append(name)
    return used


def load_module_from_path(name, path):
    """Imports a file under a fixed module name (how Azure ML, HF, ADS and Cortex load it)."""
    spec = importlib.util.spec_from_file_location(name, path)
    if spec is None or spec.loader is None:
        raise ContractError("cannot load %s as a Python module" % path, phase="import")
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    try:
        guard("import", os.path.basename(path), spec.loader.exec_module, module)
    except UserCodeError:
        sys.modules.pop(name, None)
        raise
    return module


def positional_params(fn):
    try:
        params = list(inspect.signature(fn).parameters.values())
    except (TypeError, ValueError):
        return None
    return params


def accepts(fn, name):
    params = positional_params(fn)
    if params is None:
        return False
    return any(p.name == name or p.kind == p.VAR_KEYWORD for p in params)


def required_count(fn):
    params = positional_params(fn) or []
    return sum(1 for p in params if p.default is p.empty and p.kind in (p.POSITIONAL_ONLY, p.POSITIONAL_OR_KEYWORD))


def require_callable(module, name, where, hint):
    fn = getattr(module, name, None)
    if not callable(fn):
        raise ContractError("%s defines no %s()" % (where, name), hint)
    return fn


def classes_defined_in(module):
    return [member for _, member in inspect.getmembers(module, inspect.isclass) if member.__module__ == module.__name__]
