#!/usr/bin/env python3
"""A small driver for headless Chromium over the DevTools protocol.

Chromium is started with --remote-debugging-pipe: it reads protocol
messages (JSON, each ended by a NUL byte) on its fd 3 and writes replies
and events on its fd 4, so no debugging port is opened. Every host but
loopback resolves to nothing (--host-resolver-rules), so a page can reach
no other address.

    with Browser() as browser:
        page = browser.new_page()
        page.goto("http://127.0.0.1:8080/")
        rows = page.evaluate("document.querySelectorAll('tr.alert').length")
        page.screenshot("alerts.png")
        assert not page.dialogs   # alert()/confirm()/prompt() that opened

Used by the console's tests and `make demo` (tools/console_demo.py).
"""
import base64
import fcntl
import json
import os
import shutil
import subprocess
import tempfile
import time

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")


class ProtocolError(Exception):
    pass


class Browser:
    def __init__(self, width=1280, height=900, chromium=CHROMIUM, timeout=30):
        self.timeout = timeout
        self.profile = tempfile.mkdtemp(prefix="cdp_profile_")
        to_browser_r, to_browser_w = os.pipe()
        from_browser_r, from_browser_w = os.pipe()

        def child_fds():
            # The protocol's pipes must be fds 3 and 4 in the browser; moved
            # above 10 first, so one cannot overwrite the other.
            high_r = fcntl.fcntl(to_browser_r, fcntl.F_DUPFD, 10)
            high_w = fcntl.fcntl(from_browser_w, fcntl.F_DUPFD, 10)
            os.dup2(high_r, 3)
            os.dup2(high_w, 4)

        args = [
            chromium, "--headless=new", "--no-sandbox", "--disable-gpu",
            "--disable-dev-shm-usage", "--remote-debugging-pipe",
            f"--user-data-dir={self.profile}", f"--window-size={width},{height}",
            "--no-first-run", "--no-default-browser-check", "--disable-extensions",
            "--disable-background-networking", "--disable-component-update",
            "--disable-sync", "--disable-domain-reliability", "--disable-breakpad",
            "--metrics-recording-only", "--mute-audio", "--hide-scrollbars",
            "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE localhost, EXCLUDE 127.0.0.1",
            "--proxy-server=direct://", "--proxy-bypass-list=*",
            "about:blank",
        ]
        env = dict(os.environ, HOME=self.profile)
        self.proc = subprocess.Popen(
            args, preexec_fn=child_fds, pass_fds=(3, 4),
            stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
            env=env)
        os.close(to_browser_r)
        os.close(from_browser_w)
        self.out = os.fdopen(to_browser_w, "wb", buffering=0)
        self.inp = os.fdopen(from_browser_r, "rb", buffering=0)
        self.buffer = b""
        self.next_id = 0
        self.events = []  # (session, method, params) not yet taken
        self.pages = {}   # session -> Page

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()

    def close(self):
        if self.proc.poll() is None:
            try:
                self.call("Browser.close")
            except Exception:
                pass
            try:
                self.proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        for f in (self.out, self.inp):
            try:
                f.close()
            except OSError:
                pass
        shutil.rmtree(self.profile, ignore_errors=True)

    def _read_message(self, deadline):
        import select
        while b"\0" not in self.buffer:
            left = deadline - time.time()
            if left <= 0:
                raise TimeoutError("no answer from chromium")
            ready, _, _ = select.select([self.inp], [], [], left)
            if not ready:
                continue
            chunk = os.read(self.inp.fileno(), 1 << 20)
            if not chunk:
                raise ProtocolError("chromium closed the pipe")
            self.buffer += chunk
        message, _, self.buffer = self.buffer.partition(b"\0")
        return json.loads(message)

    def call(self, method, params=None, session=None, timeout=None):
        self.next_id += 1
        my_id = self.next_id
        message = {"id": my_id, "method": method, "params": params or {}}
        if session:
            message["sessionId"] = session
        self.out.write(json.dumps(message).encode() + b"\0")
        deadline = time.time() + (timeout or self.timeout)
        while True:
            m = self._read_message(deadline)
            if m.get("id") == my_id:
                if "error" in m:
                    raise ProtocolError(f"{method}: {m['error']}")
                return m.get("result", {})
            if "method" in m:
                self._event(m)

    def _event(self, m):
        session, method, params = m.get("sessionId"), m["method"], m.get("params", {})
        page = self.pages.get(session)
        if page is not None and method == "Page.javascriptDialogOpening":
            # A dialog blocks the page (and its load event): dismissed at
            # once, without waiting for the answer, and remembered.
            page.dialogs.append(params.get("message", ""))
            self.next_id += 1
            self.out.write(json.dumps({"id": self.next_id, "sessionId": session,
                                       "method": "Page.handleJavaScriptDialog",
                                       "params": {"accept": False}}).encode() + b"\0")
            return
        self.events.append((session, method, params))

    def wait_event(self, session, method, timeout=None):
        """The next event `method` of `session`, taken from those queued."""
        deadline = time.time() + (timeout or self.timeout)
        while True:
            for i, (s, name, params) in enumerate(self.events):
                if s == session and name == method:
                    del self.events[i]
                    return params
            m = self._read_message(deadline)
            if "method" in m:
                self._event(m)

    def new_page(self):
        target = self.call("Target.createTarget", {"url": "about:blank"})["targetId"]
        session = self.call("Target.attachToTarget",
                            {"targetId": target, "flatten": True})["sessionId"]
        page = Page(self, session)
        return page


class Page:
    def __init__(self, browser, session):
        self.browser = browser
        self.session = session
        self.dialogs = []     # messages of alert()/confirm()/prompt() that opened
        self.exceptions = []  # uncaught script errors
        self.blocked = []     # requests the Content-Security-Policy refused
        browser.pages[session] = self
        for domain in ("Page", "Runtime", "Log"):
            self.call(f"{domain}.enable")

    def call(self, method, params=None):
        result = self.browser.call(method, params, session=self.session)
        self._take_events()
        return result

    def _take_events(self):
        keep = []
        for s, name, params in self.browser.events:
            if s != self.session:
                keep.append((s, name, params))
            elif name == "Runtime.exceptionThrown":
                self.exceptions.append(params.get("exceptionDetails", {}))
            elif name == "Log.entryAdded" and "Content Security Policy" in \
                    params.get("entry", {}).get("text", ""):
                self.blocked.append(params["entry"]["text"])
            elif name == "Page.loadEventFired":
                keep.append((s, name, params))
        self.browser.events = keep

    def goto(self, url):
        self.browser.events = [e for e in self.browser.events
                               if not (e[0] == self.session and e[1] == "Page.loadEventFired")]
        result = self.call("Page.navigate", {"url": url})
        if result.get("errorText"):
            raise ProtocolError(f"{url}: {result['errorText']}")
        self.browser.wait_event(self.session, "Page.loadEventFired")
        self._take_events()

    def evaluate(self, expression, await_promise=False):
        result = self.call("Runtime.evaluate", {"expression": expression,
                                                "returnByValue": True,
                                                "awaitPromise": await_promise})
        if "exceptionDetails" in result:
            raise ProtocolError(f"{expression}: {result['exceptionDetails']}")
        return result["result"].get("value")

    def wait_for(self, expression, timeout=10):
        """Waits until `expression` is truthy in the page; returns its value."""
        deadline = time.time() + timeout
        while time.time() < deadline:
            value = self.evaluate(expression)
            if value:
                return value
            time.sleep(0.05)
        raise TimeoutError(f"never true: {expression}")

    def settle(self, seconds=0.3):
        """Lets timers and handlers a page may have started run."""
        time.sleep(seconds)
        self.evaluate("1")

    def screenshot(self, path, full_page=True):
        params = {"format": "png"}
        if full_page:
            metrics = self.call("Page.getLayoutMetrics")
            size = metrics.get("cssContentSize") or metrics["contentSize"]
            params["clip"] = {"x": 0, "y": 0, "width": size["width"],
                              "height": min(size["height"], 4000), "scale": 1}
            params["captureBeyondViewport"] = True
        data = self.call("Page.captureScreenshot", params)["data"]
        with open(path, "wb") as f:
            f.write(base64.b64decode(data))
