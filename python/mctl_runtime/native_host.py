"""A native mctl entry (TypeScript/JavaScript exporting init(modelDir, context) and
run(input, context)) served from a Python process: TorchServe's worker, through mctl_shim.py.

One Node.js child per Python process, started once, running mctl's own Node harness
(src/runtime/node-harness.ts, the process `mctl run` starts for native entries) and speaking
its protocol, the same JSON lines harness.py documents: requests on the child's fd 3,
replies on its fd 4; the child's stdout and stderr are the worker's, so the entry's console
output lands in the server's model log. The archive carries no node_modules: Node.js and mctl
(with its onnxruntime-node) come from the serving host, found in this order:

  mctl: $MCTL_HOME, the directory of an installed mctl package (package.json and
        dist/runtime/node-harness.js); else the `mctl` executable on PATH, symlinks
        resolved, up to its package directory (what `npm i -g` of mctl's tarball installs).
  Node: $MCTL_NODE, a node executable (a path, or a name looked up on PATH); else `node`
        on PATH. It must be Node.js >= 22.12, as mctl itself needs.

Standard library only; POSIX only (the child's fds 3 and 4 are set up by posix_spawn).
"""
import base64
import fcntl
import json
import os
import shutil
import signal
import subprocess
import time

from .marker import kill_marked, new_marker

MIN_NODE = (22, 12, 0)
# From 23.6 Node runs .ts files by stripping types without a flag (as mctl's nodeChild knows).
STRIP_TYPES_BY_DEFAULT = (23, 6, 0)
HARNESS_FILES = (("dist", "runtime", "node-harness.js"), ("src", "runtime", "node-harness.ts"))
# mctl is installed from its release tarball until it is on the npm registry (README, "Install").
INSTALL_MCTL = (
    "install mctl on the serving host: npm i -g --ignore-scripts ./mctl-<version>.tgz"
    " (it needs Node.js >= 22.12); or set MCTL_HOME to the directory of an installed mctl package"
)
INSTALL_NODE = (
    "install Node.js >= 22.12 on the serving host (https://nodejs.org), then mctl"
    " (npm i -g --ignore-scripts ./mctl-<version>.tgz); or set MCTL_NODE to a node executable of that version"
)
REQUESTS_FD = 3
RESULTS_FD = 4


class HostMissing(Exception):
    """The serving host lacks Node.js or mctl (or has a Node.js that is too old)."""

    def __init__(self, message, hint):
        super().__init__(message)
        self.hint = hint


class ChildFailed(Exception):
    """The harness answered {"op": "error"}: kind is import|init|input|run|result|contract|mctl."""

    def __init__(self, reply):
        self.kind = reply.get("kind")
        self.hint = reply.get("hint")
        self.stack = reply.get("traceback")
        self.reply = reply
        super().__init__(reply.get("message") or "the Node harness reported an error")


class ChildExited(Exception):
    """The Node process ended (process.exit in the entry, a crash, a kill) without an answer."""


# ---------------------------------------------------------------------------------------------
# finding mctl and Node on the serving host


def find_mctl(env=None):
    """(package directory, harness file) of the mctl that serves native entries."""
    env = os.environ if env is None else env
    home = env.get("MCTL_HOME")
    if home:
        harness = _harness_in(home)
        if harness is None:
            raise HostMissing(
                "MCTL_HOME=%s is not an installed mctl package:"
                " it needs package.json (name mctl) and dist/runtime/node-harness.js" % home,
                INSTALL_MCTL,
            )
        return os.path.abspath(home), harness
    executable = shutil.which("mctl", path=env.get("PATH", os.defpath))
    if executable is None:
        raise HostMissing(
            "mctl is not installed on this host: MCTL_HOME is not set and no mctl executable is on PATH (%s)"
            % env.get("PATH", ""),
            INSTALL_MCTL,
        )
    real = os.path.realpath(executable)
    directory = os.path.dirname(real)
    # npm links <prefix>/bin/mctl to <package>/bin/mctl.js: the package is a few levels up.
    for _ in range(4):
        if _harness_in(directory) is not None:
            return directory, _harness_in(directory)
        directory = os.path.dirname(directory)
    raise HostMissing(
        "the mctl on PATH (%s, resolved to %s) is not inside an mctl package directory"
        " (a wrapper or version-manager shim?)" % (executable, real),
        "set MCTL_HOME to the mctl package directory (npm root -g prints where global packages live: <that>/mctl)",
    )


def _harness_in(directory):
    try:
        with open(os.path.join(directory, "package.json"), encoding="utf-8") as f:
            if json.load(f).get("name") != "mctl":
                return None
    except (OSError, ValueError, AttributeError):
        return None
    for parts in HARNESS_FILES:
        path = os.path.join(directory, *parts)
        if os.path.isfile(path):
            return os.path.abspath(path)
    return None


def package_version(directory):
    try:
        with open(os.path.join(directory, "package.json"), encoding="utf-8") as f:
            return json.load(f).get("version")
    except (OSError, ValueError):
        return None


def find_node(env=None):
    """(node executable, version tuple), checked to be >= 22.12."""
    env = os.environ if env is None else env
    search = env.get("PATH", os.defpath)
    given = env.get("MCTL_NODE")
    if given:
        where = "MCTL_NODE=%s" % given
        path = given if os.sep in given else shutil.which(given, path=search)
        if path is None or not (os.path.isfile(path) and os.access(path, os.X_OK)):
            raise HostMissing("%s is not an executable file" % where, INSTALL_NODE)
    else:
        where = "node on PATH"
        path = shutil.which("node", path=search)
        if path is None:
            raise HostMissing(
                "Node.js is not installed on this host: MCTL_NODE is not set and no node executable is on PATH (%s)"
                % search,
                INSTALL_NODE,
            )
    version = _node_version(path, where)
    if version < MIN_NODE:
        raise HostMissing(
            "%s (%s) is Node.js %s; native entries need Node.js >= %d.%d"
            % (where, path, ".".join(map(str, version)), MIN_NODE[0], MIN_NODE[1]),
            INSTALL_NODE,
        )
    return os.path.abspath(path), version


def _node_version(path, where):
    try:
        probe = subprocess.run(
            [path, "--version"], stdin=subprocess.DEVNULL, capture_output=True, text=True, timeout=30
        )
    except (OSError, subprocess.SubprocessError) as error:
        raise HostMissing("%s (%s) cannot be run: %s" % (where, path, error), INSTALL_NODE) from None
    text = probe.stdout.strip()
    try:
        return tuple(int(part) for part in text.lstrip("v").split(".")[:3])
    except ValueError:
        raise HostMissing(
            "%s (%s) is not Node.js: --version printed %r" % (where, path, text[:80]), INSTALL_NODE
        ) from None


# ---------------------------------------------------------------------------------------------
# the child


class NodeHost:
    """One Node harness process: start() loads the entry, call() runs it on payloads."""

    def __init__(self, entry, model_dir, device, env=None):
        self.entry = entry
        self.model_dir = model_dir
        self.device = device
        self.env = dict(os.environ if env is None else env)
        self.pid = None
        self.group = None
        self.mctl_dir = None
        self.node = None
        self.ready = None
        self._requests = None
        self._replies = None
        self._prefix = None
        self.marker = None

    @property
    def alive(self):
        """Whether the child still runs (one non-blocking waitpid: it may have died between requests)."""
        if self.pid is not None and self._requests is not None and self._reap(os.WNOHANG) is None:
            return True
        self._close_pipes()
        self._kill()
        return False

    def start(self):
        """Resolves Node and mctl, starts the harness, imports the entry and runs init()."""
        self.mctl_dir, harness = find_mctl(self.env)
        self.node, version = find_node(self.env)
        flags = ["--experimental-strip-types"] if version < STRIP_TYPES_BY_DEFAULT else []
        argv = [self.node] + flags + ["--disable-warning=ExperimentalWarning", harness]
        env = {k: v for k, v in self.env.items() if k != "NODE_TEST_CONTEXT"}
        # onnxruntime's telemetry would leave .ses and mat-debug-<pid>.log files in the temp dir.
        env.setdefault("ORT_DISABLE_TELEMETRY", "1")
        # Everything the entry starts carries the marker, so close() reaches it in a new session too.
        self.marker = new_marker()
        env[self.marker] = "1"
        self._spawn(argv, env)
        # The reply channel's token (see harness.py): what the entry itself writes to fd 4 is refused.
        token = base64.urlsafe_b64encode(os.urandom(24)).decode("ascii")
        self._prefix = token.encode("ascii") + b" "
        self._send([{"op": "hello", "token": token, "marker": self.marker}])
        self._ask({"op": "inputs", "items": []}, "checked")
        spec = {
            "kind": "native",
            "entry": self.entry,
            "modelDir": self.model_dir,
            "device": self.device,
            "cwd": self.model_dir,
        }
        self.ready = self._ask({"op": "load", "spec": spec}, "ready")
        return self.ready

    def call(self, items):
        """items: [(payload, content_type)] with payload a JSON value or bytes. Returns one reply per item.

        The batch's messages go out in one write and the replies are read after: one round trip
        per batch, not two per request. The harness answers every message in order, so after a
        failure the remaining replies are still read and the channel stays in step.
        """
        messages = [{"op": "inputs", "items": [_item(payload, content_type) for payload, content_type in items]}]
        messages += [{"op": "call", "inputs": [index]} for index in range(len(items))]
        self._send(messages)
        replies, failure = [], None
        for expected in ["checked"] + ["result"] * len(items):
            try:
                replies.append(self._receive(expected))
            except ChildFailed as error:
                failure = failure or error
            except ChildExited:
                if failure is not None:
                    raise failure from None
                raise
        if failure is not None:
            raise failure
        return replies[1:]

    def close(self):
        """Asks the harness to finish, then makes sure its process group is gone."""
        if self.pid is None:
            return
        try:
            if self._requests is not None:
                self._requests.write(b'{"op":"close"}\n')
        except OSError:
            pass
        self._close_pipes()
        deadline = time.monotonic() + 2
        while time.monotonic() < deadline and self._reap(os.WNOHANG) is None:
            time.sleep(0.02)
        self._kill()

    def _spawn(self, argv, env):
        requests_read, requests_write = os.pipe()
        replies_read, replies_write = os.pipe()
        # Duplicated above fd 9 first, so the dup2s onto 3 and 4 cannot overwrite one another
        # (in a process where 3 and 4 are free, pipe() returns them).
        child_in = fcntl.fcntl(requests_read, fcntl.F_DUPFD_CLOEXEC, 10)
        child_out = fcntl.fcntl(replies_write, fcntl.F_DUPFD_CLOEXEC, 10)
        os.close(requests_read)
        os.close(replies_write)
        try:
            # Its own process group: the harness's watchdog kills that group when its parent
            # (this worker) dies, and close() reaches whatever the entry started.
            self.pid = os.posix_spawn(
                argv[0],
                argv,
                env,
                file_actions=[
                    (os.POSIX_SPAWN_DUP2, child_in, REQUESTS_FD),
                    (os.POSIX_SPAWN_DUP2, child_out, RESULTS_FD),
                ],
                setpgroup=0,
            )
            self.group = self.pid
        except OSError as error:
            os.close(requests_write)
            os.close(replies_read)
            raise HostMissing("cannot start %s: %s" % (argv[0], error), INSTALL_NODE) from None
        finally:
            os.close(child_in)
            os.close(child_out)
        self._requests = os.fdopen(requests_write, "wb", buffering=0)
        self._replies = os.fdopen(replies_read, "rb")

    def _ask(self, message, expected):
        self._send([message])
        return self._receive(expected)

    def _send(self, messages):
        if self._requests is None:
            raise ChildExited("the Node process is not running")
        data = "".join(json.dumps(message, separators=(",", ":")) + "\n" for message in messages)
        try:
            self._requests.write(data.encode("utf-8"))
        except OSError:
            raise self._exited("before %s" % messages[0]["op"]) from None

    def _receive(self, expected):
        """The next reply that ends a message (ticks skipped); an error reply raises ChildFailed."""
        if self._replies is None:
            raise ChildExited("the Node process is not running")
        while True:
            line = self._replies.readline()
            if not line:
                raise self._exited("while waiting for %s" % expected)
            if not line.startswith(self._prefix):
                self._close_pipes()
                self._kill()
                raise ChildFailed(
                    {
                        "kind": "run",
                        "message": "something other than mctl's harness wrote to its result channel (fd 4): %r"
                        % line[:80],
                        "hint": (
                            "file descriptors 3 and 4 of the Node process are mctl's;"
                            " the entry must not write to them"
                        ),
                    }
                )
            reply = json.loads(line[len(self._prefix) :])
            if reply.get("op") == "tick":
                continue
            if reply.get("op") == "error":
                if reply.get("fatal"):
                    # The entry ended the process (process.exit, an uncaught error): reap it now.
                    self._exited("")
                raise ChildFailed(reply)
            if reply.get("op") != expected:
                raise ChildFailed(
                    {
                        "kind": "internal",
                        "message": "unexpected %s reply where %s was due" % (reply.get("op"), expected),
                    }
                )
            return reply

    def _exited(self, when):
        """The channel closed: wait briefly for the exit status, then clean up."""
        self._close_pipes()
        status = None
        deadline = time.monotonic() + 2
        while status is None and time.monotonic() < deadline:
            status = self._reap(os.WNOHANG)
            if status is None:
                time.sleep(0.02)
        self._kill()
        how = (
            "ended"
            if status is None
            else "was killed by signal %d" % -status
            if status < 0
            else "exited with code %d" % status
        )
        return ChildExited("the Node process (%s) %s %s, without a result" % (self.node, how, when))

    def _reap(self, flags):
        if self.pid is None:
            return 0
        try:
            pid, status = os.waitpid(self.pid, flags)
        except ChildProcessError:
            self.pid = None
            return 0
        if pid == 0:
            return None
        self.pid = None
        return -os.WTERMSIG(status) if os.WIFSIGNALED(status) else os.WEXITSTATUS(status)

    def _kill(self):
        """SIGKILL to the child's process group (what the entry started, even after the child is reaped)."""
        if self.group is not None:
            try:
                os.killpg(self.group, signal.SIGKILL)
            except OSError:
                pass
            self.group = None
        kill_marked(self.marker)
        self._reap(0)

    def _close_pipes(self):
        for stream in (self._requests, self._replies):
            try:
                if stream is not None:
                    stream.close()
            except OSError:
                pass
        self._requests = None
        self._replies = None


def _item(payload, content_type):
    """A payload as the harness takes it: JSON text for JSON values, else the raw bytes."""
    if isinstance(payload, (bytes, bytearray, memoryview)):
        return {
            "contentType": content_type or "application/octet-stream",
            "base64": base64.b64encode(bytes(payload)).decode("ascii"),
        }
    return {"contentType": "application/json", "text": json.dumps(payload, allow_nan=False)}
