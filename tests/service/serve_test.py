#!/usr/bin/env python3
"""loghealth serve against real HTTP on loopback.

A scripted server (tools/fake_destinations.py, 127.0.0.1, port 0) stands in
for Slack, PagerDuty, Opsgenie, Teams and a webhook; each test starts serve
on a state folder of its own and checks what arrived, field by field, and
what serve recorded.

    serve_test.py LOGHEALTH_CLI FAKE_DESTINATIONS_PY
"""
import hashlib
import hmac
import json
import os
import re
import signal
import sqlite3
import subprocess
import sys
import tempfile
import time
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from serve_harness import FakeDestinations, ServeRun, config_text  # noqa: E402
import serve_harness  # noqa: E402

CLI = FAKE = None

SLACK_SECRET = "T0SECRET/B0SECRET/slack-secret-path-123"
ROUTING_KEY = "pd-routing-key-4567"
GENIE_KEY = "genie-api-key-8910"
HMAC_KEY = "webhook-hmac-key-1112"
AUTH_HEADER = "Bearer webhook-token-1314"
TEAMS_SECRET = "teams-secret-path-1516"
SECRETS = [SLACK_SECRET, ROUTING_KEY, GENIE_KEY, HMAC_KEY, AUTH_HEADER, TEAMS_SECRET]


def failure(source="src-web", payload='{"status":"<script>alert(1)</script>"}'):
    return json.dumps({"type": "classification_failure", "source": source,
                       "logType": "Custom.Web", "error": "status: expected int",
                       "payload": payload})


class ServeTest(unittest.TestCase):
    def setUp(self):
        self.folder = tempfile.mkdtemp(prefix="serve_test_")
        self.env = {
            "SLACK_URL": "",  # set once the server's port is known
            "PD_KEY": ROUTING_KEY,
            "HOOK_AUTH": AUTH_HEADER,
            "HOOK_HMAC": HMAC_KEY,
        }
        with open(os.path.join(self.folder, "genie.key"), "w") as f:
            f.write(GENIE_KEY + "\n")
        self.servers = []

    def tearDown(self):
        for s in self.servers:
            s.stop()

    def server(self, script):
        s = FakeDestinations(self.folder, script)
        self.servers.append(s)
        self.env["SLACK_URL"] = f"{s.base}/slack/{SLACK_SECRET}"
        with open(os.path.join(self.folder, "teams.url"), "w") as f:
            f.write(f"{s.base}/teams/{TEAMS_SECRET}\n")
        return s

    def assertNoSecrets(self, run):
        texts = {}
        for name in ("stdout.txt", "stderr.txt"):
            with open(os.path.join(self.folder, name), "rb") as f:
                texts[name] = f.read()
        for name in os.listdir(run.state):
            with open(os.path.join(run.state, name), "rb") as f:
                texts[name] = f.read()
        texts["--help"] = subprocess.run([CLI, "serve", "--help"], capture_output=True).stdout
        for name, data in texts.items():
            for secret in SECRETS:
                self.assertNotIn(secret.encode(), data, f"a secret in {name}")

    def all_types_config(self, s, echo_pd=False):
        return config_text(s.base, [
            "{id: hook, type: webhook, url: BASE/hook, headers: {X-Team: security}, "
            "headersEnv: {Authorization: HOOK_AUTH}, hmacSecretEnv: HOOK_HMAC, "
            "alertTypes: [SYSTEM_ERROR], sendResolved: true}",
            "{id: slack, type: slack, urlEnv: SLACK_URL, alertTypes: [SYSTEM_ERROR], "
            "sendResolved: true}",
            "{id: pd, type: pagerduty, url: BASE/pd, routingKeyEnv: PD_KEY, "
            "alertTypes: [SYSTEM_ERROR], sendResolved: true}",
            "{id: og, type: opsgenie, url: BASE/og, apiKeyFile: " +
            os.path.join(self.folder, "genie.key") + ", alertTypes: [SYSTEM_ERROR], "
            "sendResolved: true}",
            "{id: teams, type: msteams, urlFile: " + os.path.join(self.folder, "teams.url") +
            ", alertTypes: [SYSTEM_ERROR]}",
            "{id: page, type: console, alertTypes: [SYSTEM_ERROR]}",
            # Subscribes to rules only: never gets a System Error.
            "{id: rules, type: webhook, url: BASE/rules, alertTypes: [RULE], "
            "defaultForSeverity: [CRITICAL]}",
        ])

    def test_every_type_gets_its_payload_and_the_resolve_notice(self):
        s = self.server({"/pd": ["echo"], "*": ["ok"]})
        run = ServeRun(self.folder, self.all_types_config(s), [failure()], follow=True,
                       env=self.env)
        self.assertTrue(run.wait_for(lambda: len(s.requests()) >= 5), "no deliveries")
        alert = run.records("alert")[0]
        alert_id = alert["alertId"]
        run.append(json.dumps({"type": "resolve", "alertId": alert_id,
                               "actor": "alice@example.com", "reason": "schema fixed"}))
        self.assertTrue(run.wait_for(lambda: len(s.requests()) >= 9), "no resolve notices")
        self.assertEqual(run.stop(), 0)

        hook = s.requests("/hook")
        self.assertEqual([q["body"]["notice"] for q in hook], ["alert", "resolved"])
        body = hook[0]["body"]
        self.assertEqual(body["alertId"], alert_id)
        self.assertEqual(body["type"], "SYSTEM_ERROR")
        self.assertEqual(body["severity"], "CRITICAL")
        self.assertEqual(body["systemErrorType"], "SOURCE_CLASSIFICATION_FAILURES")
        self.assertEqual(body["source"], {"id": "src-web", "label": "web <app>"})
        self.assertEqual(body["status"], "OPEN")
        self.assertEqual(body["occurrences"], 1)
        self.assertEqual(body["failingLines"][0]["payload"],
                         '{"status":"<script>alert(1)</script>"}')
        self.assertEqual(body["failingLines"][0]["error"], "status: expected int")
        self.assertEqual(body["failingLines"][0]["logType"], "Custom.Web")
        headers = hook[0]["headers"]
        self.assertEqual(headers["content-type"], "application/json")
        self.assertEqual(headers["x-team"], "security")
        self.assertEqual(headers["authorization"], AUTH_HEADER)
        self.assertEqual(headers["x-loghealth-attempt"], "1")
        expected = hmac.new(HMAC_KEY.encode(), hook[0]["raw"].encode("utf-8"),
                            hashlib.sha256).hexdigest()
        self.assertEqual(headers["x-loghealth-signature"], "sha256=" + expected)
        resolved = hook[1]["body"]
        self.assertEqual(resolved["status"], "RESOLVED")
        self.assertEqual(resolved["resolvedBy"], "alice@example.com")
        self.assertEqual(resolved["resolution"], "schema fixed")

        slack = s.requests("/slack")
        self.assertEqual(len(slack), 2)
        self.assertEqual(slack[0]["path"], f"/slack/{SLACK_SECRET}")
        blocks = slack[0]["body"]["blocks"]
        self.assertEqual(blocks[0]["type"], "header")
        self.assertEqual(blocks[1]["fields"][2]["text"], "*Source*\nweb &lt;app&gt; (src-web)")
        self.assertIn("&lt;script&gt;", blocks[3]["text"]["text"])
        self.assertNotIn("<script>", json.dumps(slack[0]["body"]))
        self.assertTrue(slack[1]["body"]["text"].startswith("[CRITICAL] System Error: Resolved:"))

        pd = s.requests("/pd")
        self.assertEqual([q["body"]["event_action"] for q in pd], ["trigger", "resolve"])
        self.assertEqual(pd[0]["body"]["dedup_key"], alert_id)
        self.assertEqual(pd[1]["body"]["dedup_key"], alert_id)
        self.assertEqual(pd[0]["body"]["routing_key"], ROUTING_KEY)
        self.assertEqual(pd[0]["body"]["payload"]["severity"], "critical")
        self.assertEqual(pd[0]["body"]["payload"]["source"], "web <app> (src-web)")
        self.assertEqual(pd[0]["body"]["payload"]["timestamp"], alert["createdAt"])

        og = s.requests("/og")
        self.assertEqual(og[0]["path"], "/og/v2/alerts")
        self.assertEqual(og[0]["headers"]["authorization"], f"GenieKey {GENIE_KEY}")
        self.assertEqual(og[0]["body"]["alias"], alert_id)
        self.assertEqual(og[0]["body"]["priority"], "P1")
        self.assertEqual(og[1]["path"], f"/og/v2/alerts/{alert_id}/close?identifierType=alias")

        teams = s.requests("/teams")
        self.assertEqual(len(teams), 1)  # no sendResolved
        self.assertEqual(teams[0]["body"]["@type"], "MessageCard")
        self.assertEqual(teams[0]["body"]["sections"][0]["facts"][0],
                         {"name": "Severity", "value": "CRITICAL"})
        self.assertEqual(s.requests("/rules"), [])

        deliveries = run.records("delivery")
        page = [d for d in deliveries if d["destinationId"] == "page"]
        self.assertEqual(len(page), 1)
        self.assertEqual(page[0]["message"], "shown in the console")
        self.assertTrue(all(d["success"] for d in deliveries))
        # The PagerDuty stand-in echoed the routing key back; it is kept redacted.
        with open(os.path.join(run.state, "state.pb"), "rb") as f:
            state = f.read()
        self.assertIn(b"[redacted]", state)
        self.assertNoSecrets(run)

    def test_signature_is_an_hmac_of_the_body(self):
        s = self.server({"*": ["ok"]})
        config = config_text(s.base, [
            "{id: hook, type: webhook, url: BASE/hook, hmacSecretEnv: HOOK_HMAC, "
            "alertTypes: [SYSTEM_ERROR]}"])
        run = ServeRun(self.folder, config, [failure()], env=self.env)
        self.assertEqual(run.wait(), 0)
        [q] = s.requests("/hook")
        expected = hmac.new(HMAC_KEY.encode(), q["raw"].encode("utf-8"), hashlib.sha256).hexdigest()
        self.assertEqual(q["headers"]["x-loghealth-signature"], "sha256=" + expected)
        self.assertNoSecrets(run)

    def test_retries_then_success_and_retry_after(self):
        s = self.server({"/slack": ["fail:503", "fail:502", "ok"],
                         "/pd": ["retry-after:2", "ok:202"],
                         "/hook": ["retry-after-date:2", "ok"]})
        config = config_text(s.base, [
            "{id: slack, type: slack, urlEnv: SLACK_URL, alertTypes: [SYSTEM_ERROR]}",
            "{id: pd, type: pagerduty, url: BASE/pd, routingKeyEnv: PD_KEY, "
            "alertTypes: [SYSTEM_ERROR]}",
            "{id: hook, type: webhook, url: BASE/hook, alertTypes: [SYSTEM_ERROR]}"],
            delivery="maxRetries: 5, minRetryDelaySeconds: 1, maxRetryDelaySeconds: 5, "
                     "timeoutSeconds: 2")
        db = os.path.join(self.folder, "monitor.db")
        run = ServeRun(self.folder, config, [failure()], env=self.env, db=db)
        self.assertEqual(run.wait(), 0)
        slack = s.requests("/slack")
        self.assertEqual([q["behaviour"] for q in slack], ["fail:503", "fail:502", "ok"])
        self.assertEqual([q["headers"]["x-loghealth-attempt"] for q in slack], ["1", "2", "3"])
        # One delivery, the same id on every attempt.
        self.assertEqual(len({q["headers"]["x-loghealth-delivery"] for q in slack}), 1)
        records = [d for d in run.records("delivery") if d["destinationId"] == "slack"]
        self.assertEqual([d["statusCode"] for d in records], [503, 502, 200])
        self.assertEqual([d["success"] for d in records], [False, False, True])
        self.assertTrue(records[0]["message"].startswith("request failed: 503: "))
        # Retry-After: 2 (within [1, 5]) is waited out, in seconds and as a date.
        for prefix in ("/pd", "/hook"):
            q = s.requests(prefix)
            self.assertEqual(len(q), 2, prefix)
            self.assertGreaterEqual(q[1]["time"] - q[0]["time"], 1.0, prefix)
        self.assertEqual(run.records("alert")[0]["systemErrorType"],
                         "SOURCE_CLASSIFICATION_FAILURES")
        self.assertEqual(len(run.records("alert")), 1)  # nothing gave up
        # The database has every attempt with the destination's answer, and
        # no secret.
        with sqlite3.connect(db) as c:
            rows = c.execute("SELECT attempt, status_code, success, response_excerpt "
                             "FROM deliveries WHERE destination_id = 'slack' "
                             "ORDER BY attempt").fetchall()
            alerts = c.execute("SELECT id, severity, status FROM alerts").fetchall()
            dump = "\n".join(c.iterdump())
        self.assertEqual([r[:3] for r in rows], [(1, 503, 0), (2, 502, 0), (3, 200, 1)])
        self.assertIn("scripted failure 503", rows[0][3])
        self.assertEqual(alerts, [(run.records("alert")[0]["alertId"], "CRITICAL", "OPEN")])
        for secret in SECRETS:
            self.assertNotIn(secret, dump)

    def test_timeouts_and_closed_connections_are_retried(self):
        s = self.server({"/hook": ["hang:4", "ok"], "/slack": ["close", "ok"]})
        config = config_text(s.base, [
            "{id: hook, type: webhook, url: BASE/hook, alertTypes: [SYSTEM_ERROR]}",
            "{id: slack, type: slack, urlEnv: SLACK_URL, alertTypes: [SYSTEM_ERROR]}"],
            delivery="maxRetries: 3, minRetryDelaySeconds: 1, maxRetryDelaySeconds: 1, "
                     "timeoutSeconds: 1")
        run = ServeRun(self.folder, config, [failure()], env=self.env)
        self.assertEqual(run.wait(), 0)
        by_dest = {}
        for d in run.records("delivery"):
            by_dest.setdefault(d["destinationId"], []).append(d)
        self.assertEqual([d["statusCode"] for d in by_dest["hook"]], [0, 200])
        self.assertTrue(by_dest["hook"][0]["message"].startswith("timeout: no answer within 1 s"))
        self.assertEqual([d["statusCode"] for d in by_dest["slack"]], [0, 200])
        self.assertTrue(by_dest["slack"][0]["message"].startswith("network error: "))
        self.assertNoSecrets(run)

    def test_a_400_is_permanent_and_raises_alert_delivery_elsewhere(self):
        s = self.server({"/slack": ["fail:400"], "*": ["ok"]})
        config = config_text(s.base, [
            "{id: slack, type: slack, urlEnv: SLACK_URL, alertTypes: [SYSTEM_ERROR]}",
            "{id: pd, type: pagerduty, url: BASE/pd, routingKeyEnv: PD_KEY, "
            "alertTypes: [SYSTEM_ERROR]}"])
        run = ServeRun(self.folder, config, [failure()], env=self.env)
        self.assertEqual(run.wait(), 0)
        self.assertEqual(len(s.requests("/slack")), 1)  # never retried
        alerts = run.records("alert")
        self.assertEqual([a["systemErrorType"] for a in alerts],
                         ["SOURCE_CLASSIFICATION_FAILURES", "ALERT_DELIVERY"])
        delivery_alert = alerts[1]["alertId"]
        pd = s.requests("/pd")
        self.assertEqual([q["body"]["dedup_key"] for q in pd], [alerts[0]["alertId"], delivery_alert])
        self.assertIn("status 400 is permanent", pd[1]["body"]["payload"]["custom_details"]["description"])

    def test_an_outage_ends_in_alert_delivery_that_never_goes_to_the_failing_destination(self):
        s = self.server({"/slack": ["fail:503"], "*": ["ok"]})
        config = config_text(s.base, [
            "{id: slack, type: slack, urlEnv: SLACK_URL, alertTypes: [SYSTEM_ERROR]}",
            "{id: pd, type: pagerduty, url: BASE/pd, routingKeyEnv: PD_KEY, "
            "alertTypes: [SYSTEM_ERROR]}"],
            delivery="maxRetries: 2, minRetryDelaySeconds: 1, maxRetryDelaySeconds: 1, "
                     "timeoutSeconds: 2")
        run = ServeRun(self.folder, config,
                       [failure(), json.dumps({"type": "health_check", "source": "src-web",
                                               "check": "s3", "healthy": False,
                                               "message": "AccessDenied"})], env=self.env)
        self.assertEqual(run.wait(), 0)
        alerts = run.records("alert")
        kinds = [a["systemErrorType"] for a in alerts]
        self.assertEqual(kinds.count("ALERT_DELIVERY"), 1)  # later failures join it
        delivery_alert = next(a["alertId"] for a in alerts if a["systemErrorType"] == "ALERT_DELIVERY")
        slack_alert_ids = {re.search(r"Alert ([0-9a-f]{32})", q["raw"]).group(1)
                           for q in s.requests("/slack")}
        self.assertEqual(len(slack_alert_ids), 2)
        self.assertNotIn(delivery_alert, slack_alert_ids)
        self.assertEqual(len(s.requests("/slack")), 6)  # 2 alerts x (1 + 2 retries)
        pd_keys = [q["body"]["dedup_key"] for q in s.requests("/pd")]
        self.assertEqual(pd_keys.count(delivery_alert), 1)
        self.assertEqual(len(pd_keys), 3)

    def test_kill_and_restart_delivers_each_alert_once(self):
        sources = [f"{{id: src-{i}}}" for i in range(24)]
        s = self.server({"/hook": ["hang:0.3", "hang:0.3", "ok"], "*": ["hang:0.2"]})
        config = config_text(s.base, [
            "{id: hook, type: webhook, url: BASE/hook, alertTypes: [SYSTEM_ERROR]}",
            "{id: pd, type: pagerduty, url: BASE/pd, routingKeyEnv: PD_KEY, "
            "alertTypes: [SYSTEM_ERROR]}"],
            delivery="maxRetries: 3, minRetryDelaySeconds: 1, maxRetryDelaySeconds: 1, "
                     "timeoutSeconds: 5, maxConcurrency: 1", sources=sources)
        lines = [failure(source=f"src-{i}") for i in range(24)]
        run = ServeRun(self.folder, config, lines, env=self.env)
        self.assertTrue(run.wait_for(lambda: len(s.requests("/pd")) >= 6), "nothing sent")
        run.proc.send_signal(signal.SIGKILL)
        run.wait()
        sent_before = len(s.requests())
        self.assertLess(sent_before, 48, "everything was sent before the kill")
        again = ServeRun(self.folder, config, None, env=self.env)
        self.assertEqual(again.wait(timeout=120), 0)
        self.assertEqual(len(again.records("alert")), 24)  # no alert raised twice
        for prefix in ("/hook", "/pd"):
            per_alert = {}
            for q in s.requests(prefix):
                key = (q["body"].get("alertId") or q["body"].get("dedup_key"))
                per_alert.setdefault(key, []).append(q["headers"]["x-loghealth-delivery"])
            self.assertEqual(len(per_alert), 24, prefix)
            for key, ids in per_alert.items():
                # More than one request only for an attempt in flight at the kill:
                # the same delivery sent again.
                self.assertEqual(len(set(ids)), 1, (prefix, key, ids))
                self.assertLessEqual(len(ids), 2, (prefix, key, ids))

    def test_a_bad_line_is_reported_and_skipped(self):
        s = self.server({"*": ["ok"]})
        config = config_text(s.base, [
            "{id: hook, type: webhook, url: BASE/hook, alertTypes: [SYSTEM_ERROR]}"])
        run = ServeRun(self.folder, config,
                       ['{"type":"events","source":"src-web"}', "not json",
                        '{"type":"events","source":"nope","count":1}', failure()], env=self.env)
        self.assertEqual(run.wait(), 0)
        with open(os.path.join(self.folder, "stderr.txt")) as f:
            err = f.read()
        self.assertIn('input.jsonl:1: events needs "count" (an integer) (line skipped)', err)
        self.assertIn("input.jsonl:2: not JSON", err)
        self.assertIn('input.jsonl:3: unknown source "nope"', err)
        self.assertEqual(len(s.requests("/hook")), 1)

    def test_config_and_secret_errors_exit_2(self):
        s = self.server({"*": ["ok"]})
        config = config_text(s.base, [
            "{id: pd, type: pagerduty, url: BASE/pd, routingKeyEnv: LH_NOT_SET, "
            "alertTypes: [SYSTEM_ERROR]}"])
        run = ServeRun(self.folder, config, [failure()], env=self.env)
        self.assertEqual(run.wait(), 2)
        with open(os.path.join(self.folder, "stderr.txt")) as f:
            err = f.read()
        self.assertIn("destination pd: routingKeyEnv: environment variable LH_NOT_SET is not set",
                      err)


if __name__ == "__main__":
    CLI, FAKE = sys.argv[1], sys.argv[2]
    serve_harness.configure(CLI, FAKE)
    unittest.main(argv=sys.argv[:1], verbosity=2)
