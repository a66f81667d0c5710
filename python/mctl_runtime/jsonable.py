"""Results as JSON: what can cross to mctl, and where a value that cannot sits ($.scores[0])."""
import base64
import math

# The largest JSON number a reader can hold as a double is below 2**1024.
MAX_INT_BITS = 1024


class NotSerialisable(Exception):
    def __init__(self, path, message, hint):
        self.path = path
        self.hint = hint
        super().__init__("%s: %s" % (path, message))


def to_json(value, notes, top_level_bytes=False):
    """A JSON-ready copy of value. numpy arrays and scalars become lists and numbers (a note
    is recorded, since servers that use json.dumps refuse them; float32 and float16 values as
    the shortest decimal that reads back as the same value, as mctl prints ONNX outputs);
    bytes at the top level become {"$bytes": base64}. Anything else JSON cannot carry raises
    NotSerialisable."""
    try:
        return _convert(value, "$", notes, set(), top_level_bytes)
    except RecursionError:
        raise NotSerialisable("$", "is nested too deeply to convert", "return flatter data") from None


def _convert(value, path, notes, active, allow_bytes):
    if value is None or isinstance(value, (bool, str)):
        return value
    if isinstance(value, int):
        if value.bit_length() > MAX_INT_BITS:
            # Past float range a JSON reader gets Infinity (and Python refuses to print 4300+ digits).
            message = "an int of %d bits does not fit a JSON number" % value.bit_length()
            raise NotSerialisable(path, message, "return it as a str")
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
        return _shortest(value, numpy).tolist()
    if isinstance(value, numpy.generic):
        notes.append((path, "numpy.%s" % type(value).__name__))
        return _shortest(value, numpy).item()
    return _NOT_NUMPY


def _shortest(value, numpy):
    """float32/float16 values as the float64 of the shortest decimal that reads back as the same
    value (3.1, not 3.0999999046325684), vectorised: round to 1, 2, ... significant digits and
    keep the first that round-trips (numpy's per-element str() is 50 times slower)."""
    if value.dtype.kind != "f" or value.dtype.itemsize >= 8:
        return value
    narrow = numpy.asarray(value).reshape(-1)
    x = narrow.astype(numpy.float64)
    out = x.copy()
    # Small whole numbers are already shortest; past 2**24 every float32 is whole, but 3e+38 is shorter.
    left = numpy.isfinite(x) & ((x != numpy.round(x)) | (numpy.abs(x) >= 2**24))
    with numpy.errstate(all="ignore"):
        exponent = numpy.floor(numpy.log10(numpy.abs(x)))
        # Outside this range the power of ten is not exact: those few go through str() below.
        rare = left & ((exponent < -13) | (exponent > 22))
        left &= ~rare
        for digits in range(1, 10 if narrow.dtype.itemsize == 4 else 6):
            if not left.any():
                break
            power = digits - 1 - exponent[left]
            up = power >= 0
            # Scaled by an exact power of ten (up to 1e22), so the division is correctly rounded.
            scale = 10.0 ** numpy.abs(power)
            scaled = numpy.where(up, x[left] * scale, x[left] / scale)
            candidate = numpy.where(up, numpy.round(scaled) / scale, numpy.round(scaled) * scale)
            ok = candidate.astype(narrow.dtype) == narrow[left]
            where = numpy.flatnonzero(left)[ok]
            out[where] = candidate[ok]
            left[where] = False
    for i in numpy.flatnonzero(left | rare):
        out[i] = float(str(narrow[i]))
    out = out.reshape(numpy.shape(value))
    return out if isinstance(value, numpy.ndarray) else out[()]


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
