// The loghealth console's only script: it sends the Resolve form as a
// same-origin JSON request with the token in a header (a plain form post
// could not carry the header, and a cross-origin page cannot send one).
"use strict";
document.addEventListener("DOMContentLoaded", () => {
  const form = document.getElementById("resolve");
  if (!form) return;
  const result = document.getElementById("resolve-result");
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const id = form.dataset.alertId;
    const data = new FormData(form);
    result.className = "";
    result.textContent = "Resolving...";
    try {
      const response = await fetch("/api/alerts/" + encodeURIComponent(id) + "/resolve", {
        method: "POST",
        credentials: "same-origin",
        headers: {
          "Content-Type": "application/json",
          "X-Loghealth-Token": String(data.get("token") || ""),
        },
        body: JSON.stringify({actor: String(data.get("actor") || ""),
                              reason: String(data.get("reason") || "")}),
      });
      const body = await response.json();
      if (!response.ok) {
        result.className = "error";
        result.textContent = "Not resolved: " + (body.error || response.status);
        return;
      }
      result.className = "done";
      result.textContent = "Resolved by " + (body.resolvedBy || "") + ".";
      const status = document.getElementById("alert-status");
      if (status) status.textContent = body.status || "RESOLVED";
      form.remove();
    } catch (e) {
      result.className = "error";
      result.textContent = "Not resolved: " + e;
    }
  });
});
