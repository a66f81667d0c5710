"""Unit tests of python/mctl_runtime/native_host.py and adapters.NativeAdapter: finding Node.js
and mctl on a serving host, and serving a native entry from Python through a real Node child.
Run by test/unit/runtime/python-adapters.test.ts, which passes MCTL_TEST_NODE (a Node.js >=
22.12) and MCTL_TEST_ROOT (this checkout, built)."""
import json
import os
import shutil
import stat
import subprocess
import sys
import tempfile
import textwrap
import time
import unittest

from mctl_runtime import adapters, native_host

ROOT = os.environ.get("MCTL_TEST_ROOT") or os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
NODE = os.environ.get("MCTL_TEST_NODE") or os.path.join(ROOT, "node_modules", ".bin", "node")
SKIP = None if os.path.exists(NODE) else "no Node.js for the tests (set MCTL_TEST_NODE)"


def executable(path, text):
    with open(path, "w") as f:
        f.write(text)
    os.chmod(path, os.stat(path).st_mode | stat.S_IXUSR)
    return path


def running(pid):
    try:
        with open("/proc/%d/stat" % pid) as f:
            text = f.read()
    except OSError:
        return False
    return text[text.rindex(")") + 2] != "Z"


class Workspace(unittest.TestCase):
    def setUp(self):
        self.dir = tempfile.mkdtemp(prefix="mctl-native-")
        self.addCleanup(shutil.rmtree, self.dir, True)

    def path(self, *parts):
        path = os.path.join(self.dir, *parts)
        os.makedirs(os.path.dirname(path), exist_ok=True)
        return path


class FindMctlTests(Workspace):
    def test_mctl_home_wins_and_must_be_an_mctl_package(self):
        home, harness = native_host.find_mctl({"MCTL_HOME": ROOT, "PATH": ""})
        self.assertEqual(home, ROOT)
        self.assertTrue(
            harness.endswith(os.path.join("runtime", "node-harness.js")) or harness.endswith("node-harness.ts")
        )
        with open(self.path("other", "package.json"), "w") as f:
            json.dump({"name": "not-mctl"}, f)
        for home in (self.path("missing"), os.path.dirname(self.path("other", "package.json"))):
            with self.assertRaises(native_host.HostMissing) as caught:
                native_host.find_mctl({"MCTL_HOME": home, "PATH": ""})
            self.assertIn("MCTL_HOME=%s is not an installed mctl package" % home, str(caught.exception))
            self.assertIn("npm i -g --ignore-scripts ./mctl-", caught.exception.hint)

    def test_mctl_on_path_is_followed_to_its_package_as_npm_links_it(self):
        # npm i -g: <prefix>/bin/mctl -> ../lib/node_modules/mctl/bin/mctl.js
        os.makedirs(self.path("prefix", "lib", "node_modules"))
        os.symlink(ROOT, self.path("prefix", "lib", "node_modules", "mctl"))
        os.makedirs(self.path("prefix", "bin"))
        os.symlink("../lib/node_modules/mctl/bin/mctl.js", self.path("prefix", "bin", "mctl"))
        home, _ = native_host.find_mctl({"PATH": "/nonexistent:" + self.path("prefix", "bin")})
        self.assertEqual(os.path.realpath(home), os.path.realpath(ROOT))

    def test_no_mctl_anywhere_says_what_to_install(self):
        os.makedirs(self.path("empty"))
        with self.assertRaises(native_host.HostMissing) as caught:
            native_host.find_mctl({"PATH": self.path("empty")})
        self.assertIn("mctl is not installed on this host", str(caught.exception))
        self.assertIn("npm i -g --ignore-scripts ./mctl-", caught.exception.hint)

    def test_an_mctl_wrapper_outside_a_package_asks_for_mctl_home(self):
        executable(self.path("bin", "mctl"), "#!/bin/sh\nexec true\n")
        with self.assertRaises(native_host.HostMissing) as caught:
            native_host.find_mctl({"PATH": self.path("bin")})
        self.assertIn("not inside an mctl package directory", str(caught.exception))
        self.assertIn("MCTL_HOME", caught.exception.hint)


class FindNodeTests(Workspace):
    def fake(self, name, version):
        return executable(self.path(name, "node"), "#!/bin/sh\necho %s\n" % version)

    @unittest.skipIf(SKIP, SKIP)
    def test_mctl_node_wins_over_path_and_the_version_is_read(self):
        old = self.fake("old", "v20.11.1")
        path, version = native_host.find_node({"MCTL_NODE": NODE, "PATH": os.path.dirname(old)})
        self.assertEqual(path, os.path.abspath(NODE))
        self.assertGreaterEqual(version, (22, 12, 0))

    def test_node_on_path_at_the_minimum_is_accepted_and_older_ones_are_refused(self):
        ok = self.fake("ok", "v22.12.0")
        self.assertEqual(native_host.find_node({"PATH": os.path.dirname(ok)}), (ok, (22, 12, 0)))
        for version in ("v22.11.0", "v20.19.2"):
            old = self.fake(version, version)
            with self.assertRaises(native_host.HostMissing) as caught:
                native_host.find_node({"PATH": os.path.dirname(old)})
            self.assertIn("is Node.js %s; native entries need Node.js >= 22.12" % version[1:], str(caught.exception))
            self.assertIn("Node.js >= 22.12", caught.exception.hint)

    def test_missing_or_broken_node(self):
        os.makedirs(self.path("empty"))
        with self.assertRaises(native_host.HostMissing) as caught:
            native_host.find_node({"PATH": self.path("empty")})
        self.assertIn("Node.js is not installed on this host", str(caught.exception))
        with self.assertRaises(native_host.HostMissing) as caught:
            native_host.find_node({"MCTL_NODE": self.path("empty", "node"), "PATH": ""})
        self.assertIn("is not an executable file", str(caught.exception))
        not_node = self.fake("weird", "hello")
        with self.assertRaises(native_host.HostMissing) as caught:
            native_host.find_node({"MCTL_NODE": not_node, "PATH": ""})
        self.assertIn("is not Node.js", str(caught.exception))


ECHO_ENTRY = """
    import { spawn } from 'node:child_process';
    import { writeSync } from 'node:fs';
    let loaded;
    export function init(modelDir, context) {
      if (process.env.FAIL_INIT) throw new Error('no weights in ' + modelDir);
      loaded = { modelDir, device: context.device };
    }
    export function run(input, context) {
      if (Buffer.isBuffer(input)) return { bytes: input.toString('hex') };
      if (input.exit) process.exit(3);
      if (input.throw) throw new TypeError(input.throw);
      if (input.nan) return { x: NaN };
      if (input.spawn) return { pid: spawn('sleep', ['60'], { stdio: 'ignore' }).pid };
      if (input.detach) return { pid: spawn('sleep', ['60'], { stdio: 'ignore', detached: true }).pid };
      if (input.forge) writeSync(4, '{"op":"result","value":{"forged":true}}\\n');
      return { echo: input, cwd: process.cwd(), pid: process.pid, ...loaded };
    }
"""


# A worker process that loads a native entry, prints its Node child's pid and waits to be killed.
WORKER = """
import sys, time
from mctl_runtime import adapters
adapter = adapters.load_entry("native", sys.argv[1], sys.argv[2])
print(adapter.predict({})["pid"], flush=True)
time.sleep(60)
"""


@unittest.skipIf(SKIP, SKIP)
class NativeAdapterTests(Workspace):
    def setUp(self):
        super().setUp()
        self.env = {"MCTL_HOME": ROOT, "MCTL_NODE": NODE}
        self.saved = {k: os.environ.get(k) for k in list(self.env) + ["FAIL_INIT"]}
        os.environ.update(self.env)
        self.addCleanup(self.restore)

    def restore(self):
        for key, value in self.saved.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value

    def load(self, source=ECHO_ENTRY, name="score.mjs", **options):
        with open(self.path("model", name), "w") as f:
            f.write(textwrap.dedent(source))
        adapter = adapters.load_entry("native", self.path("model", name), self.path("model"), **options)
        self.addCleanup(lambda: adapter.host and adapter.host.close())
        return adapter

    def test_json_and_raw_bodies_cwd_and_device(self):
        adapter = self.load()
        model_dir = os.path.realpath(self.path("model"))
        result = adapter.predict({"a": [1, 2]})
        self.assertEqual(result["echo"], {"a": [1, 2]})
        self.assertEqual(
            (os.path.realpath(result["cwd"]), os.path.realpath(result["modelDir"]), result["device"]),
            (model_dir, model_dir, "cpu"),
        )
        self.assertEqual(adapter.predict(b'{"b": 3}', "application/json")["echo"], {"b": 3})
        self.assertEqual(adapter.predict(b"\x00\xff", "image/png"), {"bytes": "00ff"})
        self.assertEqual(adapter.predict(b"hi", "text/plain"), {"bytes": "6869"})
        batch = adapter.predict_batch([{"n": 1}, b"\x01"], ["application/json", None])
        self.assertEqual([batch[0]["echo"], batch[1]], [{"n": 1}, {"bytes": "01"}])
        with self.assertRaises(adapters.PayloadRejected):
            adapter.predict(b"{not json", "application/json")
        self.assertIn("run(input, context)", adapter.convention)

    def test_an_archive_from_another_mctl_version_is_a_warning(self):
        with open(self.path("model", "MAR-INF", "mctl.json"), "w") as f:
            json.dump({"mctl": "0.0.1", "schema": 1}, f)
        adapter = self.load()
        self.assertTrue(any("made by mctl 0.0.1" in w for w in adapter.warnings), adapter.warnings)

    def test_gpu_id_becomes_cuda_n_only_when_given(self):
        self.assertEqual(self.load(device="cuda", gpu_id=1).predict({})["device"], "cuda:1")
        self.assertEqual(self.load(name="other.mjs", device="cpu", gpu_id=None).predict({})["device"], "cpu")

    def test_typescript_entry_and_the_fixture_model(self):
        shutil.copy(os.path.join(ROOT, "fixtures/projects/native/model/linear.onnx"), self.path("model", "linear.onnx"))
        with open(os.path.join(ROOT, "fixtures/projects/native/score.ts")) as f:
            adapter = self.load(f.read(), "score.ts")
        result = adapter.predict({"x": [[1, 2, 3], [0, 0, 0]]})
        self.assertEqual([round(v, 4) for v in result["y"]], [3.1, 0.1])

    def test_user_errors_map_to_the_harness_phases(self):
        os.environ["FAIL_INIT"] = "1"
        with self.assertRaises(adapters.UserCodeError) as caught:
            self.load()
        self.assertEqual(caught.exception.phase, "init")
        self.assertIn("Error: no weights in", str(caught.exception))
        del os.environ["FAIL_INIT"]
        adapter = self.load(name="ok.mjs")
        with self.assertRaises(adapters.UserCodeError) as caught:
            adapter.predict({"throw": "bad shape"})
        self.assertEqual(caught.exception.phase, "run")
        self.assertIn("TypeError: bad shape", str(caught.exception))
        self.assertIn("at run (file://", str(caught.exception))
        with self.assertRaises(adapters.ContractError):
            adapter.predict({"nan": True})
        with self.assertRaises(adapters.ContractError) as caught:
            self.load("export const nothing = 1;\n", "empty.mjs")
        self.assertIn("exports no run() function", str(caught.exception))

    def test_a_reply_the_entry_forges_on_fd_4_is_refused_and_the_next_request_gets_a_new_process(self):
        adapter = self.load()
        with self.assertRaises(adapters.UserCodeError) as caught:
            adapter.predict({"forge": True})
        self.assertIn("something other than mctl's harness wrote to its result channel (fd 4)", str(caught.exception))
        self.assertEqual(adapter.predict({"a": 1})["echo"], {"a": 1})

    def test_an_entry_that_exits_fails_its_request_and_the_next_one_gets_a_new_process(self):
        adapter = self.load()
        first = adapter.predict({})["pid"]
        with self.assertRaises(adapters.UserCodeError) as caught:
            adapter.predict({"exit": True})
        self.assertIn("process.exit(3)", str(caught.exception))
        second = adapter.predict({})["pid"]
        self.assertNotEqual(first, second)
        self.assertTrue(any("started a new one" in w for w in adapter.warnings))

    def test_close_ends_the_node_process_and_what_the_entry_started(self):
        adapter = self.load()
        node = adapter.predict({})["pid"]
        sleeper = adapter.predict({"spawn": True})["pid"]
        # In a session of its own, out of the process group: the run marker reaches it.
        detached = adapter.predict({"detach": True})["pid"]
        self.assertTrue(running(node) and running(sleeper) and running(detached))
        adapter.host.close()
        deadline = time.monotonic() + 3
        while (running(node) or running(sleeper) or running(detached)) and time.monotonic() < deadline:
            time.sleep(0.05)
        self.assertFalse(running(node) or running(sleeper) or running(detached))
        self.assertFalse(adapter.host.alive)

    def test_a_killed_worker_takes_its_node_process_along(self):
        with open(self.path("model", "score.mjs"), "w") as f:
            f.write(textwrap.dedent(ECHO_ENTRY))
        worker = subprocess.Popen(
            [sys.executable, "-c", WORKER, self.path("model", "score.mjs"), self.path("model")],
            stdout=subprocess.PIPE,
            env=dict(os.environ, PYTHONPATH=os.path.dirname(os.path.dirname(os.path.dirname(adapters.__file__)))),
        )
        self.addCleanup(worker.wait)
        node = int(worker.stdout.readline())
        self.assertTrue(running(node))
        worker.kill()  # SIGKILL: no atexit, no close(); the harness's watchdog must notice
        worker.wait()
        deadline = time.monotonic() + 3
        while running(node) and time.monotonic() < deadline:
            time.sleep(0.05)
        self.assertFalse(running(node))

    def test_missing_node_or_mctl_is_a_serving_host_error_with_the_install_hint(self):
        os.environ["MCTL_HOME"] = self.path("nowhere")
        with self.assertRaises(adapters.ServingHostError) as caught:
            self.load()
        self.assertIn("npm i -g --ignore-scripts ./mctl-", str(caught.exception))
        os.environ["MCTL_HOME"] = ROOT
        os.environ["MCTL_NODE"] = executable(self.path("old", "node"), "#!/bin/sh\necho v20.19.0\n")
        with self.assertRaises(adapters.ServingHostError) as caught:
            self.load(name="again.mjs")
        self.assertIn("native entries need Node.js >= 22.12", caught.exception.reason)
        self.assertIn("Node.js >= 22.12", caught.exception.hint)


if __name__ == "__main__":
    unittest.main()
