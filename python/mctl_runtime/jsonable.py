"""Results as JSON: what can cross to mctl, and where a value that cannot sits ($.scores[0])."""
import base64
import math


class NotSerialisable(Exception):
    def __init__(self, path, message, hint):
        self.path = path
        self.hint = hint
        super().__init__("%s: %s" % (path, message))


def to_json(value, notes, top_level_bytes=False):
    """A JSON-ready copy of value. numpy arrays and scalars become lists and numbers (a note
    is recorded, since servers that use json.dumps refuse them); bytes at the top level
    become {"$bytes": base64}. Anything else JSON cannot carry raises NotSerialisable."""
    return _convert(value, "$", notes, set(), top_level_bytes)


def _convert(value, path, notes, active, allow_bytes):
    if value is None or isinstance(value, (bool, str)):
        return value
    if isinstance(value, int):
        return int(value)
    if isinstance(value, float):
        if math.isnan(value) or math.isinf(value):
            raise NotSerialisable(path, "%r is not a JSON number" % value, "replace NaN/Infinity, e.g. with None")
        return float(value)
    if isinstance(value, (bytes, bytearray)) and allow_bytes:
        return {"$bytes": base64.b64encode(bytes(value)).decode("ascii")}
    numpy_value = _from_numpy(value, path, notes)
    if numpy_value is not _NOT_NUMPY:
        return _convert(numpy_value, path, notes, active, False)
    if isinstance(value, (dict, list, tuple)):
        if id(value) in active:
            raise NotSerialisable(path, "refers back to itself (a cycle)", "return plain data without cycles")
        active.add(id(value))
        try:
            if isinstance(value, dict):
                out = {}
                for key, item in value.items():
                    name = _key(key, path)
                    out[name] = _convert(item, _child(path, name), notes, active, False)
                return out
            return [_convert(item, "%s[%d]" % (path, i), notes, active, False) for i, item in enumerate(value)]
        finally:
            active.discard(id(value))
    kind = type(value)
    name = kind.__name__ if kind.__module__ == "builtins" else "%s.%s" % (kind.__module__, kind.__name__)
    hint = "convert it to lists/numbers/strings first"
    if name.startswith("torch.") or hasattr(value, "detach"):
        hint = "return tensor.tolist() (or .item() for a scalar)"
    elif isinstance(value, (bytes, bytearray)):
        hint = "decode it, or base64-encode it into a str"
    elif isinstance(value, (set, frozenset)):
        hint = "return a list instead"
    raise NotSerialisable(path, "a %s is not JSON-serialisable" % name, hint)


_NOT_NUMPY = object()


def _from_numpy(value, path, notes):
    module = type(value).__module__ or ""
    if not module.startswith("numpy"):
        return _NOT_NUMPY
    try:
        import numpy  # type: ignore
    except Exception:
        return _NOT_NUMPY
    if isinstance(value, numpy.ndarray):
        notes.append((path, "numpy.ndarray"))
        return value.tolist()
    if isinstance(value, numpy.generic):
        notes.append((path, "numpy.%s" % type(value).__name__))
        return value.item()
    return _NOT_NUMPY


def _key(key, path):
    # json.dumps converts these keys to strings; anything else makes it fail.
    if isinstance(key, str):
        return key
    if key is None:
        return "null"
    if isinstance(key, bool):
        return "true" if key else "false"
    if isinstance(key, (int, float)):
        return json_number(key)
    raise NotSerialisable(path, "has a %s key %r; JSON keys are strings" % (type(key).__name__, key), "use str keys")


def json_number(value):
    return str(value) if isinstance(value, int) else repr(value)


def _child(path, name):
    if name.isidentifier():
        return "%s.%s" % (path, name)
    return "%s[%s]" % (path, _quote(name))


def _quote(name):
    import json

    return json.dumps(name)
