"""The process `mctl run` starts for Python entry scripts.

Protocol: mctl writes one JSON message per line to fd 3 and reads one per line from fd 4, so
whatever the user's code prints (stdout, stderr) never mixes with results; mctl shows that
output as logs. The first message carries a random token, read before any user code is
imported (it is in no environment variable or argument the script could read); every reply
line starts with it and a space, so what user code writes to fd 4 is refused as a forgery.
Messages, in order:

  -> {"op": "hello", "token": ..., "marker": "MCTL_RUN_..."}   (the run's environment marker)
  -> {"op": "inputs", "items": [{"contentType": ..., "text": ...} | {"contentType": ..., "base64": ...}]}
  <- {"op": "checked"}                        the platform's request checks, before user code
  -> {"op": "load", "spec": {...}}            import + init (adapters.load_entry)
  <- {"op": "ready", "initMs": ..., "convention": ..., "standins": [...], "warnings": [...]}
  -> {"op": "call", "inputs": [i, ...], "batch": bool, "warmup": n, "repeat": n, "tickMs": t}
  <- {"op": "tick"}                          before a call, at most one per tickMs: restarts mctl's timer
  <- {"op": "result", "value": ..., "timesMs": [...], "warnings": [...]}
  -> {"op": "serve", "requests": [{"contentType", "text" | "base64", "headers", "query", "method",
                                    "parts": [...], "envelope"}, ...], "batch": bool}   (mctl serve)
  <- {"op": "served", "results": [{"base64": ..., "status": ..., "headers": {...}}], "runMs": ..., "warnings": [...]}
  -> {"op": "close"}
Any failure answers {"op": "error", "kind": "input|import|init|run|result|contract|environment", ...}
(environment: this host lacks what the entry needs, e.g. Node.js for a native entry in an archive).
"""
import base64
import json
import os
import sys
import threading
import time
import traceback

from mctl_runtime.marker import kill_marked

REQUESTS_FD = 3
RESULTS_FD = 4
# Characters of a user's exception message (and of its traceback) sent to mctl.
MAX_TEXT = 256 * 1024
HERE = os.path.dirname(os.path.abspath(__file__))


def main():
    requests, results = _open_channel()
    hello = json.loads(requests.readline() or "{}")
    if hello.get("op") != "hello":
        sys.exit("mctl_runtime.harness: the first message must be hello (this harness is started by mctl run)")
    send = _sender(results, hello["token"])
    parent = os.getppid()
    _watch_parent(hello.get("marker"))
    sys.dont_write_bytecode = True
    from mctl_runtime import adapters, jsonable

    # Our own package stays importable (it is in sys.modules) but leaves the import path, so
    # it cannot shadow the user's modules; TorchServe's worker does the same with `ts`.
    package_root = os.path.dirname(HERE)
    sys.path[:] = [p for p in sys.path if p not in ("", package_root)]
    session = Session(adapters, jsonable, send)
    for line in requests:
        message = json.loads(line)
        op = message.get("op")
        if op == "close":
            break
        try:
            getattr(session, "op_" + op)(message)
        except SystemExit as error:
            session.send_error("run", "the script called sys.exit(%r) outside a handler call" % (error.code,))
        except Exception as error:  # a bug in the harness itself
            session.send(
                {
                    "op": "error",
                    "kind": "internal",
                    "message": "%s: %s" % (type(error).__name__, error),
                    "traceback": traceback.format_exc(),
                }
            )
    else:
        _abandoned(hello.get("marker"), parent)
    _flush_std()


def _open_channel():
    for fd in (REQUESTS_FD, RESULTS_FD):
        # Grandchildren must not inherit the channel (they would keep it open after we exit).
        os.set_inheritable(fd, False)
    requests = os.fdopen(REQUESTS_FD, "r", encoding="utf-8", newline="\n")
    results = os.fdopen(RESULTS_FD, "wb", buffering=0)
    return requests, results


def _sender(results, token):
    """Writes reply lines, each behind the token (kept in this closure, not in a global)."""
    prefix = (token + " ").encode("ascii")

    def send(data):
        view = memoryview(prefix + data)
        while view:
            view = view[results.write(view) :]

    return send


def _watch_parent(marker):
    """If mctl dies (even by SIGKILL), take down everything the run started, then ourselves."""
    parent = os.getppid()

    def watch():
        while True:
            time.sleep(0.5)
            if os.getppid() != parent:
                kill_marked(marker)
                os.killpg(os.getpgrp(), 9)

    threading.Thread(target=watch, name="mctl-parent-watch", daemon=True).start()


def _abandoned(marker, parent):
    """The channel ended without "close": mctl is gone (killed, even by SIGKILL). Its pipes close
    a moment before this process is re-parented; wait for that, then do what the watchdog would,
    before the watchdog's next look (this process would otherwise exit first and leave the
    script's children running)."""
    deadline = time.monotonic() + 1.0
    while os.getppid() == parent and time.monotonic() < deadline:
        time.sleep(0.02)
    if os.getppid() != parent:
        kill_marked(marker)
    os.killpg(os.getpgrp(), 9)


def _flush_std():
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except Exception:
            pass


class Session:
    def __init__(self, adapters, jsonable, send):
        self.adapters = adapters
        self.jsonable = jsonable
        self.send_line = send
        self.inputs = []
        self.adapter = None
        self.spec = {}

    def send(self, message):
        self.send_line((json.dumps(message, allow_nan=False, separators=(",", ":")) + "\n").encode("utf-8"))

    def send_error(self, kind, message, hint=None, tb=None, extra=None):
        doc = {"op": "error", "kind": kind, "message": _cap(message)}
        if hint:
            doc["hint"] = hint
        if tb:
            doc["traceback"] = _cap(tb)
        if extra:
            doc.update(extra)
        self.send(doc)

    # -- inputs ---------------------------------------------------------------------------

    def op_inputs(self, message):
        self.inputs = []
        for item in message["items"]:
            if "base64" in item:
                self.inputs.append((base64.b64decode(item["base64"]), item.get("contentType")))
            else:
                self.inputs.append((item["text"].encode("utf-8"), item.get("contentType", "application/json")))
        flavor = message.get("flavor")
        if flavor:
            check = self.adapters.adapter_class(flavor).check_payload
            for index, (body, content_type) in enumerate(self.inputs):
                try:
                    check(body, content_type)
                except self.adapters.PayloadRejected as error:
                    return self.send_error("input", str(error), error.hint, extra={"input": index})
        self.send({"op": "checked"})

    # -- load -----------------------------------------------------------------------------

    def op_load(self, message):
        spec = self.spec = message["spec"]
        try:
            self._prepare_process(spec)
        except _DeviceError as error:
            return self.send_error(
                "device", str(error), "check the driver and CUDA_VISIBLE_DEVICES, or run with --device cpu"
            )
        started = time.perf_counter()
        try:
            self.adapter = self.adapters.load_entry(
                spec["flavor"],
                spec["entry"],
                spec["modelDir"],
                handler_function=spec.get("handlerFunction"),
                call_plan=spec.get("callPlan"),
                device=spec.get("device", "cpu"),
                gpu_id=spec.get("gpuId"),
                manifest=spec.get("manifest"),
                config=spec.get("config"),
                model_name=spec.get("modelName"),
                batch_size=spec.get("batchSize", 1),
                model_dir_given=spec.get("modelDirGiven", True),
            )
        except self.adapters.UserCodeError as error:
            return self._user_error(error)
        except self.adapters.ContractError as error:
            return self.send_error("contract", str(error), error.hint, tb=_user_traceback(error))
        except self.adapters.ServingHostError as error:
            return self.send_error("environment", error.reason, error.hint)
        init_ms = (time.perf_counter() - started) * 1000
        ready = {
            "op": "ready",
            "initMs": init_ms,
            "convention": self.adapter.convention,
            "standins": self.adapters.standins_in_use(spec["flavor"]),
            "warnings": list(self.adapter.warnings),
        }
        if spec.get("serve"):
            info = self.adapter.serve_info()
            if info:
                ready["schema"] = info
        self.send(ready)

    def _prepare_process(self, spec):
        if spec.get("flavor") == "mms":
            # TorchServe's worker logs INFO and up to stdout, message only.
            import logging

            logging.basicConfig(stream=sys.stdout, format="%(message)s", level=logging.INFO)
        for key, value in (spec.get("env") or {}).items():
            os.environ[key] = value
        for path in reversed(spec.get("sysPathFront") or []):
            if path not in sys.path:
                sys.path.insert(0, path)
        for path in spec.get("sysPathBack") or []:
            if path not in sys.path:
                sys.path.append(path)
        if spec.get("cwd"):
            os.chdir(spec["cwd"])
        # The device as the script's torch sees it (after CUDA_VISIBLE_DEVICES).
        device = spec.get("torchDevice")
        if device:
            _check_torch_sees(device)

    # -- calls ----------------------------------------------------------------------------

    def op_call(self, message):
        indexes = message["inputs"]
        batch = message.get("batch", False)
        warmup = message.get("warmup", 0)
        repeat = max(1, message.get("repeat", 1))
        adapter = self.adapter
        times = []
        result = None
        tick = b'{"op":"tick"}\n'
        tick_s = message.get("tickMs", 0) / 1000
        last_tick = float("-inf")
        perf = time.perf_counter
        try:
            for n in range(warmup + repeat):
                now = perf()
                # A tick restarts mctl's per-call timer; at most one per tickMs, so fast calls stay fast.
                if now - last_tick >= tick_s:
                    self.send_line(tick)
                    last_tick = now
                # Decoded afresh for every call: handlers may mutate their input (data.pop(...)).
                if batch:
                    started = perf()
                    result = adapter.predict_batch(
                        [self.inputs[i][0] for i in indexes], [self.inputs[i][1] for i in indexes]
                    )
                else:
                    body, content_type = self.inputs[indexes[0]]
                    started = perf()
                    result = adapter.predict(body, content_type)
                if n >= warmup:
                    times.append((perf() - started) * 1000)
        except self.adapter_failures as error:
            return self._adapter_failed(error)
        self._send_result(result, times, batch)

    @property
    def adapter_failures(self):
        a = self.adapters
        return (a.UserCodeError, a.ContractError, a.PayloadRejected, a.ServingHostError)

    def _adapter_failed(self, error):
        """An adapter's failure as the error reply of its kind: user code, contract, input or this host."""
        if isinstance(error, self.adapters.UserCodeError):
            return self._user_error(error)
        if isinstance(error, self.adapters.ServingHostError):
            return self.send_error("environment", error.reason, error.hint)
        kind = "contract" if isinstance(error, self.adapters.ContractError) else "input"
        return self.send_error(kind, str(error), error.hint)

    def _not_serialisable(self, error):
        message = "the result is not JSON-serialisable: %s" % error
        return self.send_error("result", message, error.hint, extra={"path": error.path})

    def _send_result(self, result, times, batch):
        notes = []
        try:
            if batch:
                value = [self.jsonable.to_json(item, notes, top_level_bytes=True) for item in result]
            else:
                value = self.jsonable.to_json(result, notes, top_level_bytes=True)
        except self.jsonable.NotSerialisable as error:
            return self._not_serialisable(error)
        warnings = list(self.adapter.warnings)
        if notes and self.adapter.plain_json:
            path, kind = notes[0]
            more = " (and %d more)" % (len(notes) - 1) if len(notes) > 1 else ""
            warnings.append(
                "%s is a %s%s: mctl converted it, but the platform's json.dumps would fail; return .tolist()"
                % (path, kind, more)
            )
        self.send({"op": "result", "value": value, "timesMs": times, "warnings": warnings})

    # -- serve (mctl serve): one HTTP request, or a batch of them -------------------------------

    def op_serve(self, message):
        adapter = self.adapter
        requests = [self._serve_request(item) for item in message["requests"]]
        try:
            started = time.perf_counter()
            values = adapter.serve_batch(requests) if message.get("batch") else [adapter.serve(requests[0])]
            run_ms = (time.perf_counter() - started) * 1000
            results = [self._serve_result(value, index) for index, value in enumerate(values)]
        except self.adapter_failures as error:
            return self._adapter_failed(error)
        except self.jsonable.NotSerialisable as error:
            return self._not_serialisable(error)
        self.send({"op": "served", "results": results, "runMs": run_ms, "warnings": list(adapter.warnings)})

    def _serve_request(self, item):
        def data(part):
            return base64.b64decode(part["base64"]) if "base64" in part else part.get("text", "").encode("utf-8")

        parts = None
        if item.get("parts") is not None:
            parts = [
                self.adapters.Part(p["name"], data(p), p.get("contentType"), p.get("filename")) for p in item["parts"]
            ]
        return self.adapters.Request(
            data(item),
            item.get("contentType") or None,
            headers=item.get("headers") or {},
            query=item.get("query") or {},
            method=item.get("method") or "POST",
            parts=parts,
            envelope=item.get("envelope"),
        )

    def _serve_result(self, value, index):
        """The response body as the platform's server writes it (the adapter's response_style)."""
        adapter = self.adapter
        if isinstance(value, self.adapters.Response):
            return _wire(value.body, value.status, value.headers)
        status, headers = adapter.response_meta(index)
        headers = {str(k): str(v) for k, v in headers.items()}
        style = adapter.response_style
        if style in ("torchserve", "cortex") and isinstance(value, (bytes, bytearray)):
            if style == "cortex":
                headers.setdefault("content-type", "application/octet-stream")
            return _wire(bytes(value), status, headers)
        if style in ("torchserve", "cortex") and isinstance(value, str):
            if style == "cortex":
                headers.setdefault("content-type", "text/plain; charset=utf-8")
            return _wire(value.encode("utf-8"), status, headers)
        if style != "torchserve":
            headers.setdefault("content-type", "application/json")
        return _wire(self._dumps(value, style).encode("utf-8"), status, headers)

    def _dumps(self, value, style):
        if not self.adapter.plain_json:
            value = self.jsonable.to_json(value, [])
        try:
            if style == "torchserve":
                return json.dumps(value, indent=2)
            if style in ("compact", "cortex"):
                return json.dumps(value, separators=(",", ":"), ensure_ascii=False)
            return json.dumps(value)
        except (TypeError, ValueError):
            # The platform's json.dumps refuses it: say where and what (to_json raises for what no JSON holds).
            notes = []
            self.jsonable.to_json(value, notes)
            path, kind = notes[0] if notes else ("$", type(value).__name__)
            raise self.jsonable.NotSerialisable(
                path, "a %s: the platform's json.dumps refuses it" % kind, "return .tolist() or plain lists and numbers"
            )

    def _user_error(self, error):
        original = error.error
        extra = {"phase": error.phase, "exceptionType": type(original).__name__}
        tb = None
        if isinstance(original, SystemExit):
            extra["exitCode"] = original.code if isinstance(original.code, int) else 1
            message = "the script called sys.exit(%r) during %s" % (original.code, error.phase)
        elif isinstance(original, self.adapters.NodeEntryError):
            # A native entry in an archive: the Node harness's own words and the JavaScript stack.
            message, tb = original.message, original.stack
            del extra["exceptionType"]
        else:
            message = "%s raised %s" % (error.where or "the script", self.adapters.describe(original))
        self.send_error(error.phase, message, tb=tb or _user_traceback(original), extra=extra)


def _wire(body, status, headers):
    result = {"base64": base64.b64encode(body).decode("ascii")}
    if status is not None:
        result["status"] = status
    if headers:
        result["headers"] = headers
    return result


def _cap(text):
    """A user's exception message or traceback, cut to MAX_TEXT (a 100 MB message is not sent whole)."""
    if len(text) <= MAX_TEXT:
        return text
    return text[:MAX_TEXT] + "\n... (%d more characters not sent)" % (len(text) - MAX_TEXT)


def _user_traceback(error):
    """The traceback without mctl's own frames: the user sees only their code."""
    frames = traceback.extract_tb(error.__traceback__)
    kept = [f for f in frames if not os.path.abspath(f.filename).startswith(HERE)]
    lines = ["Traceback (most recent call last):\n"] if kept else []
    lines += traceback.format_list(kept)
    lines += traceback.format_exception_only(type(error), error)
    return "".join(lines)


def _check_torch_sees(device):
    """A GPU the user asked for that torch cannot see is reported before any user code."""
    import importlib.util

    if importlib.util.find_spec("torch") is None:
        return
    import torch  # type: ignore

    index = int(device.split(":")[1]) if ":" in device else 0
    visible = os.environ.get("CUDA_VISIBLE_DEVICES")
    if not torch.cuda.is_available():
        build = (
            "a CPU-only build"
            if getattr(torch.version, "cuda", None) is None
            else "built for CUDA %s" % torch.version.cuda
        )
        raise _DeviceError(
            "torch %s (%s) cannot use CUDA here: torch.cuda.is_available() is False%s"
            % (torch.__version__, build, "" if visible is None else " (CUDA_VISIBLE_DEVICES=%r)" % visible)
        )
    count = torch.cuda.device_count()
    if index >= count:
        raise _DeviceError(
            "torch sees %d CUDA device(s), so %s does not exist%s"
            % (count, device, "" if visible is None else " (CUDA_VISIBLE_DEVICES=%r)" % visible)
        )


class _DeviceError(Exception):
    pass


if __name__ == "__main__":
    main()
