#!/usr/bin/env python3
"""A scripted stand-in for Slack, PagerDuty, Opsgenie, Teams and webhooks.

Listens on 127.0.0.1 only (port 0: the kernel picks one, written to
--port-file), records every request it gets as a JSON line in --log, and
answers each path from a script: a list of behaviours used in order, the
last one repeating. A script path matches every request path it begins
("/slack" matches "/slack/T0/B0/x"); "*" is for the rest.

    {"/slack": ["fail:503", "fail:503", "ok"], "/pd": ["ok:202"]}

Behaviours:
    ok[:STATUS]              answer STATUS (200) with a small JSON body
    fail:STATUS              answer STATUS with an error body
    retry-after:SECONDS      429 with Retry-After: SECONDS
    retry-after-date:SECONDS 429 with Retry-After: an HTTP date SECONDS ahead
    hang:SECONDS             wait SECONDS, then answer 200 (past a timeout)
    close                    close the connection without answering
    echo                     200 echoing the request body (a server that
                             reflects what it got back, secrets and all)

Control (tests and the demo): POST /_control {"path": P, "script": [...]}
replaces a path's script; GET /_requests returns every request so far;
POST /_reset forgets them. The server stops on SIGTERM or when --parent-pid
exits.
"""
import argparse
import email.utils
import json
import os
import signal
import socketserver
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


class State:
    def __init__(self, script, log_path):
        self.lock = threading.Lock()
        self.script = {path: list(steps) for path, steps in script.items()}
        self.used = {}
        self.requests = []
        self.log = open(log_path, "a", encoding="utf-8") if log_path else None

    def next_step(self, path):
        """The next behaviour of the longest script path that starts `path`."""
        with self.lock:
            keys = [k for k in self.script if k != "*" and path.startswith(k)]
            key = max(keys, key=len) if keys else "*"
            steps = self.script.get(key) or ["ok"]
            i = self.used.get(key, 0)
            self.used[key] = i + 1
            return steps[min(i, len(steps) - 1)]

    def record(self, entry):
        with self.lock:
            entry["seq"] = len(self.requests) + 1
            self.requests.append(entry)
            if self.log:
                self.log.write(json.dumps(entry, sort_keys=True) + "\n")
                self.log.flush()


def make_handler(state):
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, *args):  # quiet
            pass

        def _body(self):
            n = int(self.headers.get("Content-Length") or 0)
            return self.rfile.read(n) if n else b""

        def _answer(self, status, body, headers=()):
            data = json.dumps(body).encode() if not isinstance(body, bytes) else body
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            for name, value in headers:
                self.send_header(name, value)
            self.end_headers()
            self.wfile.write(data)

        def do_GET(self):
            if self.path == "/_requests":
                with state.lock:
                    requests = list(state.requests)
                return self._answer(200, requests)
            self._answer(404, {"error": "not found"})

        def do_POST(self):
            body = self._body()
            path = self.path.split("?", 1)[0]
            if path == "/_control":
                c = json.loads(body)
                with state.lock:
                    state.script[c["path"]] = c["script"]
                    state.used[c["path"]] = 0
                return self._answer(200, {"ok": True})
            if path == "/_reset":
                with state.lock:
                    state.requests.clear()
                return self._answer(200, {"ok": True})
            step = state.next_step(path)
            try:
                parsed = json.loads(body)
            except ValueError:
                parsed = None
            state.record({
                "path": self.path,
                "headers": {k.lower(): v for k, v in self.headers.items()},
                "body": parsed,
                "raw": body.decode("utf-8", "replace"),
                "behaviour": step,
                "time": time.time(),
            })
            kind, _, arg = step.partition(":")
            if kind == "ok":
                self._answer(int(arg or 200), {"status": "success", "message": "Event processed"})
            elif kind == "fail":
                self._answer(int(arg), {"error": f"scripted failure {arg}"})
            elif kind == "retry-after":
                self._answer(429, {"error": "rate limited"}, [("Retry-After", arg)])
            elif kind == "retry-after-date":
                when = email.utils.formatdate(time.time() + float(arg), usegmt=True)
                self._answer(429, {"error": "rate limited"}, [("Retry-After", when)])
            elif kind == "hang":
                time.sleep(float(arg))
                try:
                    self._answer(200, {"status": "late"})
                except OSError:
                    pass
            elif kind == "close":
                self.close_connection = True
                self.connection.shutdown(2)
            elif kind == "echo":
                self._answer(200, body)
            else:
                self._answer(500, {"error": f"unknown behaviour {step}"})

    return Handler


class Server(ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--port-file", required=True)
    ap.add_argument("--log", default="")
    ap.add_argument("--script", default="", help="a JSON file: path -> behaviours")
    ap.add_argument("--parent-pid", type=int, default=0)
    args = ap.parse_args()
    script = {}
    if args.script:
        with open(args.script, encoding="utf-8") as f:
            script = json.load(f)
    state = State(script, args.log)
    server = Server(("127.0.0.1", 0), make_handler(state))
    tmp = args.port_file + ".tmp"
    with open(tmp, "w") as f:
        f.write(str(server.server_address[1]))
    os.replace(tmp, args.port_file)

    def stop(*_):
        threading.Thread(target=server.shutdown, daemon=True).start()

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    if args.parent_pid:
        def watch():
            while True:
                try:
                    os.kill(args.parent_pid, 0)
                except OSError:
                    stop()
                    return
                time.sleep(0.5)
        threading.Thread(target=watch, daemon=True).start()
    server.serve_forever(poll_interval=0.2)
    return 0


if __name__ == "__main__":
    sys.exit(main())
