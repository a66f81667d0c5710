"""Native mctl entries (TypeScript/JavaScript), served from a Node.js child (native_host.py)."""

import atexit
import json
import os
import threading

from .base import Adapter
from .errors import ContractError, NodeEntryError, PayloadRejected, ServingHostError, UserCodeError
from .request import Request


class NativeAdapter(Adapter):
    """Native mctl entries (TypeScript/JavaScript): init(modelDir, context) once, then
    run(input, context), in a Node.js child running mctl's own Node harness (native_host.py)."""

    flavor = "native"
    convention = (
        "init(modelDir, context) once, then run(input, context) per request, in Node.js"
        " (input: parsed JSON for application/json, else a Buffer of the body)"
    )

    def load(self):
        try:
            from .. import native_host
        except ImportError as error:  # fcntl and posix_spawn: POSIX only
            raise ServingHostError(
                "serving a native entry needs a POSIX host (Linux, macOS): %s" % error, "serve it from Linux or macOS"
            ) from None
        self.native_host = native_host
        gpu_id = self.options.get("gpu_id")
        # A GPU only when the server assigned one (TorchServe's gpu_id), as the Python flavors see it.
        self.device = "cuda:%d" % int(gpu_id) if gpu_id is not None and self.options.get("device") != "cpu" else "cpu"
        self.host = None
        # One request at a time on the child's channel, should a server call from threads.
        self._lock = threading.Lock()
        self._start()
        self._check_versions()

    def _start(self):
        host = self.native_host.NodeHost(self.entry_path, self.model_dir, self.device)
        try:
            ready = self._translate(host.start, "init")
        except BaseException:
            host.close()
            raise
        self.host = host
        for warning in ready.get("warnings") or []:
            self.warn(warning)
        atexit.register(host.close)

    def _check_versions(self):
        """The archive's copy of this module and the host's Node harness speak one protocol per mctl version."""
        try:
            with open(os.path.join(self.model_dir, "MAR-INF", "mctl.json"), encoding="utf-8") as f:
                archived = json.load(f).get("mctl")
        except (OSError, ValueError, AttributeError):
            return
        served = self.native_host.package_version(self.host.mctl_dir)
        if archived and served and archived.split(".")[:2] != served.split(".")[:2]:
            self.log_warning(
                "the archive was made by mctl %s, the serving host has mctl %s (%s):"
                " rebuild the archive with the host's mctl if serving fails" % (archived, served, self.host.mctl_dir)
            )

    def call(self, request):
        return self.call_batch([request])[0]

    def predict_batch(self, payloads, content_types=None):
        types_ = content_types or [None] * len(payloads)
        return self.call_batch([Request(p, t) for p, t in zip(payloads, types_)])

    def call_batch(self, requests):
        items = [
            (r.json(), r.content_type) if r.body is None or r.is_json else (r.body, r.content_type) for r in requests
        ]
        with self._lock:
            if self.host is None or not self.host.alive:
                # The entry ended its process (process.exit, a crash) on an earlier request: a new
                # one, as TorchServe starts a new worker when a Python handler's process dies.
                self.log_warning("the Node.js process had ended; mctl started a new one and ran init() again")
                self._start()
            replies = self._translate(lambda: self.host.call(items), "run")
        for reply in replies:
            for warning in reply.get("warnings") or []:
                self.warn(warning)
        return [reply.get("value") for reply in replies]

    def log_warning(self, message):
        """A warning for mctl run, and for a server's model log (its worker logs through logging)."""
        import logging  # only here: every other flavor's start-up stays without it

        logging.getLogger("mctl").warning(message)
        self.warn(message)

    def _translate(self, fn, phase):
        """The Node side's failures as this module's exceptions."""
        host = self.native_host
        try:
            return fn()
        except host.HostMissing as error:
            raise ServingHostError(str(error), error.hint) from None
        except host.ChildExited as error:
            raise UserCodeError(phase, NodeEntryError(str(error), None), self.where) from None
        except host.ChildFailed as error:
            raise self._failure(error, phase) from None

    def _failure(self, error, phase):
        reply = error.reply
        kind = error.kind
        if kind in ("import", "init", "run"):
            return UserCodeError(kind, NodeEntryError(str(error), error.stack), self.where)
        if kind == "input":
            return PayloadRejected(str(error), error.hint)
        if kind in ("contract", "result"):
            return ContractError(str(error), error.hint, phase="init" if kind == "contract" else "run")
        if kind == "mctl" and reply.get("exit") == "ENVIRONMENT":
            return ServingHostError(str(error), error.hint)
        if kind == "mctl" and reply.get("exit") == "BAD_INPUT":
            return PayloadRejected(str(error), error.hint)
        return UserCodeError(phase, NodeEntryError(str(error), error.stack), self.where)
