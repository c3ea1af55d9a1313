#!/usr/bin/env python3
"""The System Errors console in a real browser (headless Chromium over the
DevTools protocol, tools/cdp.py), from `serve --http` and from
`loghealth console --db`.

A serve on loopback is fed a timeline (events, classification failures
holding an XSS corpus, a failing health check, an S3 GetObject error) and
delivers to a scripted stand-in (one destination always fails, so an
ALERT_DELIVERY alert follows). The pages are loaded in Chromium, their DOM
checked against what the timeline implies, and screenshots kept in
$TEST_UNDECLARED_OUTPUTS_DIR.

    console_test.py LOGHEALTH_CLI FAKE_DESTINATIONS_PY CDP_PY SERVE_HARNESS_PY
"""
import http.client
import json
import os
import re
import socket
import sqlite3
import subprocess
import sys
import tempfile
import time
import unittest
import urllib.parse

CLI = None
harness = cdp = None

TOKEN = "console-token-0c9f2d71"
SLACK_SECRET = "T0SECRET/B0SECRET/console-slack-secret"

# Each would set window.__xss (or open a dialog) if the page ran it.
XSS_PAYLOADS = [
    '{"status":"<script>window.__xss=1;alert(1)</script>"}',
    '{"status":"\\"><img src=x onerror=\\"window.__xss=2;alert(2)\\">"}',
    '{"url":"javascript:window.__xss=3","status":"</pre><svg onload=window.__xss=4>"}',
    '{"status":"\u2028</title><script>window.__xss=5</script>\u2029"}',
    '{"status":"<iframe srcdoc=\\"<script>parent.__xss=6</script>\\">"}',
]
# The first failure: its failing value is "abc" at byte 11 (the quote at 10).
TYPED_PAYLOAD = '{"status":"abc","n":1}'


def failure(payload, source="src-web", log_type="Custom.Web", **detail):
    o = {"type": "classification_failure", "source": source, "logType": log_type,
         "error": detail.pop("error", "status: expected bigint"), "payload": payload}
    o.update(detail)
    return json.dumps(o)


def timeline():
    lines = [json.dumps({"type": "events", "source": "src-web", "logType": "Custom.Web",
                         "count": 40}),
             json.dumps({"type": "events", "source": "src-web", "logType": "Custom.Audit",
                         "count": 2}),
             failure(TYPED_PAYLOAD, reason="type_mismatch", field="status",
                     expected="bigint", got='"abc"', offset=11,
                     tried=[{"id": "Custom.Web", "reason": "type_mismatch",
                             "error": "status: expected bigint"}])]
    for p in XSS_PAYLOADS:
        # The field, expected and got hold markup too.
        lines.append(failure(p, reason="type_mismatch", field="status<b>",
                             expected="<i>bigint</i>", got='"<script>"', offset=11,
                             error="status: <script>window.__xss=9</script>"))
    lines.append(json.dumps({"type": "health_check", "source": "src-db", "check": "s3_read",
                             "healthy": False,
                             "message": "AccessDenied <script>window.__xss=10</script>"}))
    lines.append(json.dumps({"type": "s3_get_object", "source": "src-web", "bucket": "logs-b",
                             "key": "k/<img src=x onerror=window.__xss=11>.gz", "ok": False,
                             "error": "AccessDenied"}))
    lines.append(json.dumps({"type": "events", "source": "src-db", "count": 7}))
    return lines


def config(base):
    return harness.config_text(base, [
        "{id: hook, type: webhook, url: BASE/hook, alertTypes: [SYSTEM_ERROR]}",
        "{id: chat, type: slack, urlEnv: SLACK_URL, alertTypes: [SYSTEM_ERROR]}",
    ], delivery="maxRetries: 1, minRetryDelaySeconds: 1, maxRetryDelaySeconds: 1, "
                "timeoutSeconds: 2", sources=[
        '{id: src-web, label: "web <b>app</b>", dropOffMinutes: 60}',
        '{id: src-db, label: "orders db"}',
    ])


def outputs_dir():
    d = os.environ.get("TEST_UNDECLARED_OUTPUTS_DIR") or tempfile.mkdtemp(prefix="console_")
    os.makedirs(d, exist_ok=True)
    return d


def http_request(url, method="GET", body=None, headers=None):
    """(status, headers, body) without following anything."""
    u = urllib.parse.urlsplit(url)
    c = http.client.HTTPConnection(u.hostname, u.port, timeout=10)
    path = u.path + ("?" + u.query if u.query else "")
    c.putrequest(method, path, skip_host=True, skip_accept_encoding=True)
    h = {"Host": f"{u.hostname}:{u.port}"}
    h.update(headers or {})
    if body is not None:
        h["Content-Length"] = str(len(body))
    for k, v in h.items():
        c.putheader(k, v)
    c.endheaders(body)
    r = c.getresponse()
    data = r.read()
    out = (r.status, {k.lower(): v for k, v in r.getheaders()}, data)
    c.close()
    return out


def api(url):
    status, _, body = http_request(url)
    assert status == 200, (url, status, body)
    return json.loads(body)


def console_url(run_or_text, timeout=20):
    deadline = time.time() + timeout
    while time.time() < deadline:
        text = run_or_text() if callable(run_or_text) else run_or_text
        m = re.search(r"console: (http://127\.0\.0\.1:\d+)", text)
        if m:
            return m.group(1)
        time.sleep(0.1)
    raise AssertionError("no console address printed")


class Live:
    """One serve --http with the timeline applied and every delivery done."""

    def __init__(self, folder, db=None, state="state"):
        self.folder = folder
        self.fake = harness.FakeDestinations(folder, {"/hook": ["ok"], "/slack": ["fail:500"]})
        self.env = {"SLACK_URL": f"{self.fake.base}/slack/{SLACK_SECRET}"}
        self.token_file = os.path.join(folder, "token")
        with open(self.token_file, "w") as f:
            f.write(TOKEN + "\n")
        self.db = db
        self.state = state
        self.run = self.start(timeline())

    def start(self, lines):
        run = harness.ServeRun(self.folder, config(self.fake.base), lines, env=self.env,
                               db=self.db, state=self.state,
                               args=["--http", "127.0.0.1:0", "--http-token-file",
                                     self.token_file, "--quiet"])
        self.url = console_url(run.stderr_text)
        return run

    def settle(self):
        # Classification, health check, GetObject, then ALERT_DELIVERY for
        # the Slack destination once it gave up.
        def done():
            alerts = self.run.records("alert")
            types = {a["systemErrorType"] for a in alerts}
            return "ALERT_DELIVERY" in types and api(self.url + "/api/alerts") and all(
                d["state"] != "retrying" and d["state"] != "pending"
                for a in api(self.url + "/api/alerts")["alerts"] for d in a["deliveryStatus"])
        if not self.run.wait_for(done, timeout=40):
            raise AssertionError("the alerts never settled: " + self.run.stderr_text())

    def stop(self):
        code = self.run.stop()
        self.fake.stop()
        return code


class ConsoleTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.folder = tempfile.mkdtemp(prefix="console_test_")
        cls.out = outputs_dir()
        cls.live = Live(cls.folder)
        cls.live.settle()
        cls.url = cls.live.url
        cls.browser = cdp.Browser()

    @classmethod
    def tearDownClass(cls):
        cls.browser.close()
        code = cls.live.stop()
        assert code == 0, code

    def page(self, path, shot=None):
        p = self.browser.new_page()
        p.goto(self.url + path)
        p.settle()
        if shot:
            p.screenshot(os.path.join(self.out, shot))
        return p

    def alerts_by_type(self):
        return {a["systemErrorType"]: a for a in api(self.url + "/api/alerts")["alerts"]}

    def assertRanNothing(self, p):
        self.assertIsNone(p.evaluate("window.__xss === undefined ? null : window.__xss"))
        self.assertEqual(p.dialogs, [])
        self.assertEqual(p.exceptions, [])
        # The only elements that load or run anything are the console's own.
        self.assertEqual(p.evaluate(
            "[...document.querySelectorAll('script')].map(s => s.getAttribute('src'))"),
            p.evaluate("document.getElementById('resolve') ? ['/static/console.js'] : []"))
        self.assertEqual(p.evaluate(
            "document.querySelectorAll('img, iframe, object, embed, svg image, "
            "[onerror], [onload], [onclick], main svg:not(#series-chart)').length"), 0)
        self.assertEqual(p.evaluate(
            "[...document.querySelectorAll('a[href]')].filter(a => "
            "!a.getAttribute('href').startsWith('/')).length"), 0)

    # ---- System Errors ---------------------------------------------------------

    def test_alert_list_open_first_newest_first_with_deliveries(self):
        records = self.live.run.records("alert")
        # The timeline raised them in this order; the page lists newest first.
        raised = [r["systemErrorType"] for r in records]
        self.assertEqual(raised, ["SOURCE_CLASSIFICATION_FAILURES", "SOURCE_PERMISSIONS_CHECKS",
                                  "SOURCE_LOG_PROCESSING_ERRORS", "ALERT_DELIVERY"])
        p = self.page("/", shot="system_errors.png")
        rows = p.evaluate("""[...document.querySelectorAll('#alerts tr.alert')].map(r => ({
            id: r.dataset.alertId, type: r.querySelector('.type').textContent,
            severity: r.querySelector('.severity').textContent,
            source: r.querySelector('.source').textContent,
            title: r.querySelector('.title').textContent,
            occurrences: r.querySelector('.occurrences').textContent,
            status: r.querySelector('.status').textContent,
            deliveries: [...r.querySelectorAll('li.delivery')].map(
                d => d.dataset.destination + '=' + d.className.replace('delivery ', ''))}))""")
        self.assertEqual([r["type"] for r in rows], list(reversed(raised)))
        self.assertEqual([r["id"] for r in rows], [r["alertId"] for r in reversed(records)])
        self.assertEqual({r["severity"] for r in rows}, {"CRITICAL"})
        self.assertEqual({r["status"] for r in rows}, {"OPEN"})
        by_type = {r["type"]: r for r in rows}
        cls = by_type["SOURCE_CLASSIFICATION_FAILURES"]
        # The label is text: its markup shows as written.
        self.assertEqual(cls["source"], "web <b>app</b>")
        self.assertEqual(cls["title"], 'Log source "web <b>app</b>" has classification failures')
        self.assertEqual(cls["occurrences"], str(1 + len(XSS_PAYLOADS)))
        # Slack always answered 500: it gave up after its one retry; the
        # webhook took each alert at once.
        # The console sink shows every System Error by default.
        self.assertEqual(cls["deliveries"], ["chat=gave-up", "console=delivered", "hook=delivered"])
        # ALERT_DELIVERY goes to the destinations other than the failing one.
        self.assertEqual(by_type["ALERT_DELIVERY"]["deliveries"],
                         ["console=delivered", "hook=delivered"])
        self.assertRanNothing(p)

    def test_filters(self):
        p = self.page("/?status=OPEN&type=SOURCE_PERMISSIONS_CHECKS")
        self.assertEqual(p.evaluate(
            "[...document.querySelectorAll('#alerts tr.alert .source')].map(c => c.textContent)"),
            ["orders db"])
        self.assertEqual(p.evaluate("document.querySelector('select[name=type]').value"),
                         "SOURCE_PERMISSIONS_CHECKS")
        p = self.page("/?source=src-web")
        self.assertEqual(sorted(p.evaluate(
            "[...document.querySelectorAll('#alerts tr.alert .type')].map(c => c.textContent)")),
            ["SOURCE_CLASSIFICATION_FAILURES", "SOURCE_LOG_PROCESSING_ERRORS"])
        p = self.page("/?status=RESOLVED")
        self.assertTrue(p.evaluate("!!document.getElementById('no-alerts')"))
        # A filter value is text in the page, never markup.
        p = self.page("/?source=" + urllib.parse.quote('"><script>window.__xss=12</script>'))
        self.assertRanNothing(p)

    # ---- Alert details ---------------------------------------------------------

    def test_failing_lines_are_marked_and_inert(self):
        alert = self.alerts_by_type()["SOURCE_CLASSIFICATION_FAILURES"]
        p = self.page("/alerts/" + alert["alertId"], shot="alert_details.png")
        lines = p.evaluate("""[...document.querySelectorAll('article.line')].map(a => ({
            payload: a.querySelector('pre.payload').textContent,
            marked: [...a.querySelectorAll('mark.failing')].map(m => m.textContent),
            before: a.querySelector('mark.failing') ?
                a.querySelector('pre.payload').textContent.indexOf(
                    a.querySelector('mark.failing').textContent) : -1,
            facts: Object.fromEntries([...a.querySelectorAll('dt')].map(
                dt => [dt.textContent, dt.nextElementSibling.textContent]))}))""")
        self.assertEqual(len(lines), 1 + len(XSS_PAYLOADS))
        first = lines[0]
        self.assertEqual(first["payload"], TYPED_PAYLOAD)
        # The failing value with its quotes: bytes 10..14 of the payload.
        self.assertEqual(first["marked"], ['"abc"'])
        self.assertEqual(first["before"], 10)
        self.assertEqual(first["facts"]["Reason"], "type_mismatch")
        self.assertEqual(first["facts"]["Field"], "status")
        self.assertEqual(first["facts"]["Expected"], "bigint")
        self.assertEqual(first["facts"]["Got"], '"abc"')
        self.assertEqual(first["facts"]["Log type"], "Custom.Web")
        self.assertIn("Custom.Web", first["facts"]["Tried"])
        # Every XSS payload is shown exactly as it came, as text.
        self.assertEqual([l["payload"] for l in lines[1:]],
                         [json.loads(json.dumps(p)) for p in XSS_PAYLOADS])
        for l in lines[1:]:
            self.assertEqual(l["facts"]["Field"], "status<b>")
            self.assertEqual(l["facts"]["Expected"], "<i>bigint</i>")
            self.assertEqual(l["facts"]["Error"], "status: <script>window.__xss=9</script>")
        # Byte 11 of each XSS payload starts its "status" value (after the
        # quote at 10), except the third, whose first field is "url".
        for l, payload in zip(lines[1:], XSS_PAYLOADS):
            if payload.startswith('{"status":'):
                self.assertEqual(l["before"], 10)
                self.assertTrue(l["marked"][0].startswith('"'))
        self.assertEqual(p.evaluate("document.getElementById('alert-title').textContent"),
                         'Log source "web <b>app</b>" has classification failures')
        self.assertRanNothing(p)
        # The delivery attempts as a timeline, the transitions as the audit trail.
        attempts = p.evaluate("[...document.querySelectorAll('#delivery-attempts li')]"
                              ".map(li => li.className + ' ' + li.textContent)")
        self.assertEqual(len([a for a in attempts if "chat" in a]), 2)  # first try + 1 retry
        self.assertTrue(all("attempt failed" in a for a in attempts if "chat" in a))
        self.assertEqual(len([a for a in attempts if "hook" in a and "attempt ok" in a]), 1)
        trail = p.evaluate("[...document.querySelectorAll('#transitions li')]"
                           ".map(li => li.textContent)")
        self.assertEqual(len(trail), 1)
        self.assertIn("OK -> ALARM", trail[0])
        # The form is there for a person to resolve with.
        self.assertTrue(p.evaluate("!!document.querySelector('form#resolve button')"))

    def test_api_matches_the_page(self):
        alert = self.alerts_by_type()["SOURCE_CLASSIFICATION_FAILURES"]
        detail = api(self.url + "/api/alerts/" + alert["alertId"])
        self.assertEqual(detail["failingLines"][0]["offset"], 11)
        self.assertEqual(detail["failingLines"][0]["got"], '"abc"')
        self.assertEqual(detail["failingLines"][0]["field"], "status")
        self.assertEqual(detail["logTypes"], ["Custom.Web"])
        # Markup never appears raw in the JSON either.
        status, headers, body = http_request(self.url + "/api/alerts/" + alert["alertId"])
        self.assertNotIn(b"<script>", body)
        self.assertNotIn(b"\xe2\x80\xa8", body)
        self.assertEqual(headers["content-type"], "application/json")
        status, _, body = http_request(self.url + "/api/alerts/no-such-alert")
        self.assertEqual(status, 404)
        self.assertEqual(json.loads(body), {"error": "no such alert"})

    # ---- Log source health -------------------------------------------------------

    def test_source_health_chart_and_numbers(self):
        p = self.page("/sources/src-web", shot="source_health.png")
        buckets = p.evaluate("""[...document.querySelectorAll('#series-chart g.bucket')].map(
            g => [Number(g.dataset.start), Number(g.dataset.events), Number(g.dataset.failures)])""")
        # 24 hours of 5-minute buckets, consecutive, the last one now.
        self.assertEqual(len(buckets), 288)
        step = 300 * 10**9
        self.assertTrue(all(b[0] - a[0] == step for a, b in zip(buckets, buckets[1:])))
        self.assertLessEqual(buckets[-1][0], time.time_ns())
        self.assertGreater(buckets[-1][0] + step, time.time_ns() - 60 * 10**9)
        self.assertEqual(sum(b[1] for b in buckets), 42)
        self.assertEqual(sum(b[2] for b in buckets), 1 + len(XSS_PAYLOADS))
        health = api(self.url + "/api/sources/src-web/health")
        self.assertEqual([[s["startNs"], s["events"], s["failures"]] for s in health["series"]],
                         buckets)
        rate = 100.0 * 6 / 48
        self.assertEqual(p.evaluate("document.getElementById('failure-rate').textContent"),
                         f"{rate:.2f}% (6 of 48 logs in the window)")
        facts = p.evaluate("Object.fromEntries([...document.querySelectorAll('dl.facts dt')]"
                           ".map(dt => [dt.textContent, dt.nextElementSibling.textContent]))")
        self.assertEqual(facts["Drop-off alarm"], "OK (no events for 60 minutes)")
        self.assertNotEqual(facts["Last event"], "never")
        gets = p.evaluate("[...document.querySelectorAll('#get-object-failures tbody tr')]"
                          ".map(r => [...r.cells].slice(1).map(c => c.textContent))")
        self.assertEqual(gets, [["logs-b", "k/<img src=x onerror=window.__xss=11>.gz",
                                 "AccessDenied"]])
        self.assertEqual(p.evaluate("document.querySelector('h1').textContent"), "web <b>app</b>")
        self.assertRanNothing(p)

        p = self.page("/sources/src-db")
        checks = p.evaluate("[...document.querySelectorAll('#failed-checks tbody tr')]"
                            ".map(r => [r.cells[0].textContent, r.cells[1].textContent])")
        self.assertEqual(checks, [["s3_read", "AccessDenied <script>window.__xss=10</script>"]])
        self.assertEqual(p.evaluate("document.getElementById('failure-rate').textContent"),
                         "0.00% (0 of 7 logs in the window)")
        self.assertRanNothing(p)
        status, _, _ = http_request(self.url + "/sources/no-such-source")
        self.assertEqual(status, 404)

    # ---- /metrics ------------------------------------------------------------------

    def test_metrics_parse_and_match_the_records(self):
        from prometheus_client.parser import text_string_to_metric_families
        status, headers, body = http_request(self.url + "/metrics")
        self.assertEqual(status, 200)
        self.assertTrue(headers["content-type"].startswith("text/plain; version=0.0.4"))
        samples = {}
        types = {}
        for family in text_string_to_metric_families(body.decode("utf-8")):
            types[family.name] = family.type
            for s in family.samples:
                samples[(s.name, tuple(sorted(s.labels.items())))] = s.value
        self.assertEqual(types["loghealth_events"], "counter")
        self.assertEqual(samples[("loghealth_events_total",
                                  (("log_type", "Custom.Web"), ("source", "src-web")))], 40)
        self.assertEqual(samples[("loghealth_events_total",
                                  (("log_type", "Custom.Audit"), ("source", "src-web")))], 2)
        self.assertEqual(samples[("loghealth_events_total",
                                  (("log_type", ""), ("source", "src-db")))], 7)
        self.assertEqual(samples[("loghealth_classification_failures_total",
                                  (("log_type", "Custom.Web"), ("source", "src-web")))],
                         1 + len(XSS_PAYLOADS))
        self.assertEqual(samples[("loghealth_classification_failure_reasons_total",
                                  (("reason", "type_mismatch"),))], 1 + len(XSS_PAYLOADS))
        for t, n in [("SOURCE_CLASSIFICATION_FAILURES", 1), ("SOURCE_PERMISSIONS_CHECKS", 1),
                     ("SOURCE_LOG_PROCESSING_ERRORS", 1), ("ALERT_DELIVERY", 1),
                     ("SOURCE_NO_DATA", 0), ("SOURCE_SCANNING_ERRORS", 0)]:
            self.assertEqual(samples[("loghealth_open_alerts", (("system_error_type", t),))], n, t)
        # Deliveries per destination and outcome, as the records count them.
        counted = {}
        for d in self.live.run.records("delivery"):
            key = (d["destinationId"], "delivered" if d["success"] else "failed")
            counted[key] = counted.get(key, 0) + 1
        self.assertEqual(counted[("chat", "failed")], 2 * 3)  # 3 alerts, 2 attempts each
        for (dest, outcome), n in counted.items():
            self.assertEqual(samples[("loghealth_deliveries_total",
                                      (("destination", dest), ("outcome", outcome)))], n)
        lag = samples[("loghealth_monitor_clock_lag_seconds", ())]
        self.assertLess(abs(lag), 120)
        self.assertEqual(samples[("loghealth_pending_deliveries", ())], 0)

    # ---- HTTP protections ---------------------------------------------------------------

    def resolve_request(self, alert_id, headers=None, body=None, origin=True):
        h = {"Content-Type": "application/json", "X-Loghealth-Token": TOKEN}
        if origin:
            h["Origin"] = self.url
        h.update(headers or {})
        h = {k: v for k, v in h.items() if v is not None}
        return http_request(f"{self.url}/api/alerts/{alert_id}/resolve", "POST",
                            body if body is not None else
                            json.dumps({"actor": "mallory", "reason": "x"}).encode(), h)

    def test_security_headers_and_refusals(self):
        alert = self.alerts_by_type()["SOURCE_LOG_PROCESSING_ERRORS"]
        status, headers, _ = http_request(self.url + "/alerts/" + alert["alertId"])
        self.assertEqual(status, 200)
        csp = headers["content-security-policy"]
        self.assertIn("script-src 'self'", csp)
        self.assertIn("default-src 'none'", csp)
        self.assertIn("frame-ancestors 'none'", csp)
        self.assertNotIn("unsafe-inline", csp)
        self.assertEqual(headers["x-content-type-options"], "nosniff")
        self.assertEqual(headers["cache-control"], "no-store")
        self.assertTrue(headers["content-type"].startswith("text/html; charset=utf-8"))

        cases = [
            ({"X-Loghealth-Token": None}, None, True, 401),
            ({"X-Loghealth-Token": "wrong-token-of-some-length"}, None, True, 401),
            ({"Origin": "http://evil.example"}, None, True, 403),
            ({"Sec-Fetch-Site": "cross-site"}, None, True, 403),
            ({"Content-Type": "text/plain"}, None, True, 415),
            ({}, b"{not json", True, 400),
            ({}, json.dumps({"reason": "no actor"}).encode(), True, 400),
            ({}, b"{" + b" " * (70 << 10) + b"}", True, 413),
        ]
        for headers_, body, origin, want in cases:
            status, _, answer = self.resolve_request(alert["alertId"], headers_, body, origin)
            self.assertEqual(status, want, (headers_, answer[:200]))
        # A Host that is not this server's address (DNS rebinding).
        status, _, _ = http_request(self.url + "/api/alerts",
                                    headers={"Host": "rebind.example:80"})
        self.assertEqual(status, 421)
        # GET never changes state; other methods are refused.
        status, _, _ = http_request(f"{self.url}/api/alerts/{alert['alertId']}/resolve")
        self.assertEqual(status, 404)
        status, _, _ = http_request(f"{self.url}/api/alerts", "DELETE")
        self.assertEqual(status, 405)
        self.assertEqual(api(self.url + "/api/alerts/" + alert["alertId"])["status"], "OPEN")
        self.assertEqual(self.live.run.records("alert_resolved"), [])
        # Static files are the console's own, and nothing else is served.
        status, headers, body = http_request(self.url + "/static/console.js")
        self.assertEqual(status, 200)
        self.assertTrue(headers["content-type"].startswith("text/javascript"))
        self.assertEqual(http_request(self.url + "/static/../BUILD.bazel")[0], 404)
        self.assertEqual(http_request(self.url + "/static/nothing.js")[0], 404)

    def test_a_slow_client_is_cut_off(self):
        u = urllib.parse.urlsplit(self.url)
        s = socket.create_connection((u.hostname, u.port), timeout=30)
        s.sendall(b"GET / HTTP/1.1\r\nHost: ")  # and then nothing
        start = time.time()
        data = s.recv(4096)  # the server closes (or answers) after its read timeout
        self.assertLess(time.time() - start, 20)
        s.close()
        self.assertFalse(data.startswith(b"HTTP/1.1 200"))
        # It still answers everyone else.
        self.assertEqual(http_request(self.url + "/api/alerts")[0], 200)


class ResolveTest(unittest.TestCase):
    """Resolving from the page reaches the monitor: the API, the records and
    the snapshot have it, serve started again still has it, and the
    database has it for the read-only console."""

    def test_resolve_from_the_page_then_restart_and_read_only_console(self):
        folder = tempfile.mkdtemp(prefix="console_resolve_")
        out = outputs_dir()
        db = os.path.join(folder, "monitor.db")
        live = Live(folder, db=db)
        live.settle()
        alert = {a["systemErrorType"]: a
                 for a in api(live.url + "/api/alerts")["alerts"]}["SOURCE_CLASSIFICATION_FAILURES"]
        with cdp.Browser() as browser:
            p = browser.new_page()
            p.goto(f"{live.url}/alerts/{alert['alertId']}")
            # A wrong token is refused and says so.
            p.evaluate("""(() => {
                const f = document.getElementById('resolve');
                f.actor.value = 'alice@example.com'; f.reason.value = 'schema fixed';
                f.token.value = 'not-the-token'; f.querySelector('button').click(); })()""")
            p.wait_for("document.getElementById('resolve-result').className === 'error'")
            self.assertEqual(api(f"{live.url}/api/alerts/{alert['alertId']}")["status"], "OPEN")
            p.evaluate(f"""(() => {{
                const f = document.getElementById('resolve');
                f.token.value = {json.dumps(TOKEN)}; f.querySelector('button').click(); }})()""")
            p.wait_for("document.getElementById('resolve-result').className === 'done'")
            self.assertEqual(p.evaluate("document.getElementById('alert-status').textContent"),
                             "RESOLVED")
            p.screenshot(os.path.join(out, "alert_resolved.png"))
            p.goto(f"{live.url}/alerts/{alert['alertId']}")
            facts = p.evaluate("Object.fromEntries([...document.querySelectorAll('dl.facts dt')]"
                               ".map(dt => [dt.textContent, dt.nextElementSibling.textContent]))")
            self.assertEqual(facts["Resolved by"], "alice@example.com")
            self.assertEqual(facts["Resolution"], "schema fixed")
            self.assertFalse(p.evaluate("!!document.getElementById('resolve')"))
            self.assertEqual(p.dialogs, [])
            detail = api(f"{live.url}/api/alerts/{alert['alertId']}")
            self.assertEqual(detail["status"], "RESOLVED")
            self.assertEqual(detail["resolvedBy"], "alice@example.com")
            self.assertIn("ALARM -> OK", " ".join(
                f"{t['from']} -> {t['to']}" for t in detail["transitions"]))
            self.assertTrue(live.run.wait_for(lambda: live.run.records("alert_resolved")))
            resolved = live.run.records("alert_resolved")
            self.assertEqual([(r["alertId"], r["resolvedBy"]) for r in resolved],
                             [(alert["alertId"], "alice@example.com")])
            # Resolved alerts come after the open ones.
            rows = api(live.url + "/api/alerts")["alerts"]
            self.assertEqual(rows[-1]["alertId"], alert["alertId"])
            self.assertEqual([r["status"] for r in rows], ["OPEN"] * 3 + ["RESOLVED"])
            self.assertEqual(live.run.stop(), 0)

            # Started again on the same state (no new input), it still has it.
            again = live.start([])
            try:
                self.assertEqual(api(f"{live.url}/api/alerts/{alert['alertId']}")["status"],
                                 "RESOLVED")
            finally:
                self.assertEqual(again.stop(), 0)
            live.fake.stop()

            # The classifier writes the failures themselves (classify --db):
            # the database's Health chart counts those.
            classify_failures_into(db, folder)
            # The read-only console from the database alone.
            counts_before = table_counts(db)
            proc = subprocess.Popen([CLI, "console", "--db", db, "--http", "127.0.0.1:0"],
                                    stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
            try:
                url = console_url(proc.stdout.readline())
                rows = api(url + "/api/alerts")["alerts"]
                self.assertEqual([(r["alertId"], r["status"]) for r in rows],
                                 [(r["alertId"], r["status"])
                                  for r in api_rows_from_records(again.records("alert"),
                                                                 alert["alertId"])])
                p.goto(f"{url}/alerts/{alert['alertId']}")
                p.screenshot(os.path.join(out, "console_db_alert.png"))
                self.assertFalse(p.evaluate("!!document.getElementById('resolve')"))
                self.assertEqual(p.evaluate(
                    "[...document.querySelectorAll('mark.failing')][0].textContent"), '"abc"')
                self.assertEqual(p.evaluate(
                    "document.querySelectorAll('article.line').length"), 1 + len(XSS_PAYLOADS))
                self.assertEqual(p.evaluate("window.__xss === undefined"), True)
                self.assertEqual(p.dialogs, [])
                p.goto(f"{url}/sources/src-web")
                self.assertEqual(p.evaluate(
                    "document.querySelectorAll('#series-chart g.bucket').length"), 288)
                self.assertEqual(p.evaluate(
                    "[...document.querySelectorAll('#series-chart g.bucket')]"
                    ".reduce((n, g) => n + Number(g.dataset.failures), 0)"), 2)
                self.assertEqual(p.evaluate("document.getElementById('failure-rate').textContent"),
                                 "2 failures in the window (events are not in the database)")
                status, _, _ = http_request(
                    f"{url}/api/alerts/{rows[0]['alertId']}/resolve", "POST",
                    json.dumps({"actor": "a", "reason": "b"}).encode(),
                    {"Content-Type": "application/json", "X-Loghealth-Token": TOKEN})
                self.assertEqual(status, 403)
            finally:
                proc.terminate()
                self.assertEqual(proc.wait(timeout=10), 0)
            self.assertEqual(table_counts(db), counts_before)


def classify_failures_into(db, folder):
    """Three lines for source src-web, two of which fail to classify."""
    schema = os.path.join(folder, "web.yml")
    with open(schema, "w") as f:
        f.write("version: 0\nschema: Custom.Web\nfields:\n"
                "  - name: status\n    type: bigint\n    required: true\n")
    logs = os.path.join(folder, "web.jsonl")
    with open(logs, "w") as f:
        f.write('{"status":1}\n{"status":"abc"}\n{"other":2}\n')
    p = subprocess.run([CLI, "classify", "--schema", schema, "--source-id", "src-web",
                        "--db", db, "--failures", os.devnull, logs],
                       stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    assert p.returncode == 0 and "failures=2" in p.stderr, p.stderr


def table_counts(db):
    c = sqlite3.connect(db)
    try:
        return {t: c.execute(f"SELECT count(*) FROM {t}").fetchone()[0]
                for t in ("alerts", "alert_lines", "deliveries", "alarm_states",
                          "data_audit", "classification_failures")}
    finally:
        c.close()


def api_rows_from_records(alert_records, resolved_id):
    """The list's order worked out from the records: open first, each group
    newest first (records come in the order the alerts were raised)."""
    rows = [{"alertId": r["alertId"],
             "status": "RESOLVED" if r["alertId"] == resolved_id else "OPEN"}
            for r in reversed(alert_records)]
    return [r for r in rows if r["status"] == "OPEN"] + \
        [r for r in rows if r["status"] == "RESOLVED"]


def main():
    global CLI, harness, cdp
    CLI = os.path.abspath(sys.argv[1])
    import importlib.util

    def load(name, path):
        spec = importlib.util.spec_from_file_location(name, path)
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        return module
    harness = load("serve_harness", sys.argv[4])
    harness.configure(CLI, os.path.abspath(sys.argv[2]))
    cdp = load("cdp", sys.argv[3])
    unittest.main(argv=sys.argv[:1], verbosity=2)


if __name__ == "__main__":
    main()
