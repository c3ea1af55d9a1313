"""What the tests of `loghealth serve` share: the scripted stand-in for the
destinations (tools/fake_destinations.py on 127.0.0.1, port 0) and one
serve process on a state folder of its own.

    serve_harness.configure(cli="bazel-bin/loghealth", fake="tools/fake_destinations.py")
"""
import json
import os
import signal
import subprocess
import sys
import time
import urllib.request

CLI = FAKE = None


def configure(cli, fake):
    global CLI, FAKE
    CLI, FAKE = cli, fake


class FakeDestinations:
    def __init__(self, folder, script):
        self.folder = folder
        script_path = os.path.join(folder, "script.json")
        with open(script_path, "w") as f:
            json.dump(script, f)
        port_file = os.path.join(folder, "port")
        if os.path.exists(port_file):
            os.remove(port_file)
        self.proc = subprocess.Popen(
            [sys.executable, FAKE, "--port-file", port_file, "--script", script_path,
             "--parent-pid", str(os.getpid())])
        for _ in range(200):
            if os.path.exists(port_file) and os.path.getsize(port_file) > 0:
                break
            time.sleep(0.05)
        with open(port_file) as f:
            self.port = int(f.read())
        self.base = f"http://127.0.0.1:{self.port}"

    def requests(self, prefix=""):
        with urllib.request.urlopen(self.base + "/_requests", timeout=10) as r:
            return [q for q in json.load(r) if q["path"].startswith(prefix)]

    def stop(self):
        self.proc.terminate()
        self.proc.wait(timeout=10)


def config_text(base, destinations, delivery="", sources=None):
    sources = sources or ['{id: src-web, label: "web <app>"}']
    lines = ["sources:"] + [f"  - {s}" for s in sources] + ["destinations:"]
    lines += [f"  - {d}" for d in destinations]
    lines.append("delivery: {" + (delivery or "maxRetries: 2, minRetryDelaySeconds: 1, "
                                  "maxRetryDelaySeconds: 1, timeoutSeconds: 2") + "}")
    return "\n".join(lines).replace("BASE", base) + "\n"


class ServeRun:
    """One serve process on its own state folder; `args` are added to its
    command line (--http ADDR, ...)."""

    def __init__(self, folder, config, lines, follow=False, env=None, state="state", db=None,
                 args=()):
        self.folder = folder
        self.config = os.path.join(folder, "config.yml")
        with open(self.config, "w") as f:
            f.write(config)
        self.input = os.path.join(folder, "input.jsonl")
        if lines is not None:
            with open(self.input, "w") as f:
                f.write("".join(l + "\n" for l in lines))
        self.state = os.path.join(folder, state)
        self.env = dict(os.environ, **(env or {}))
        self.stdout_path = os.path.join(folder, "stdout.txt")
        self.stderr_path = os.path.join(folder, "stderr.txt")
        self.stdout = open(self.stdout_path, "ab")
        self.stderr = open(self.stderr_path, "ab")
        self.stderr_start = os.path.getsize(self.stderr_path)
        command = [CLI, "serve", "--config", self.config, "--state", self.state,
                   "--input", self.input]
        if follow:
            command.append("--follow")
        if db:
            command += ["--db", db]
        command += list(args)
        self.proc = subprocess.Popen(command, stdout=self.stdout, stderr=self.stderr,
                                     env=self.env)

    def append(self, *lines):
        with open(self.input, "a") as f:
            f.write("".join(l + "\n" for l in lines))

    def records(self, kind=None):
        path = os.path.join(self.state, "records.jsonl")
        if not os.path.exists(path):
            return []
        with open(path) as f:
            out = [json.loads(l) for l in f if l.strip()]
        return [r for r in out if kind is None or r["record"] == kind]

    def stderr_text(self):
        """What this process has written on standard error so far."""
        with open(self.stderr_path, "rb") as f:
            f.seek(self.stderr_start)
            return f.read().decode("utf-8", "replace")

    def wait_for(self, predicate, timeout=30):
        deadline = time.time() + timeout
        while time.time() < deadline:
            if predicate():
                return True
            if self.proc.poll() is not None:
                return bool(predicate())
            time.sleep(0.1)
        return False

    def wait(self, timeout=60):
        code = self.proc.wait(timeout=timeout)
        self.stdout.close()
        self.stderr.close()
        return code

    def stop(self):
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
        return self.wait()
