// Polls the project's actor re-match job through the REST API every second until it has finished,
// then offers a reload (the mention counts on the page are from before the change).
(function () {
  "use strict";

  var root = document.getElementById("actor-match");
  if (!root) return;
  var FINISHED = ["succeeded", "failed"];
  var LABELS = { queued: "Queued", running: "Running", succeeded: "Succeeded", failed: "Failed" };
  var failures = 0;

  function field(name) {
    return root.querySelector('[data-field="' + name + '"]');
  }

  function show(job) {
    var status = field("status");
    status.textContent = LABELS[job.status] || job.status;
    status.className = "status status-" + job.status;
    root.dataset.status = job.status;
    root.querySelector("progress").value = job.progress;
    field("progress").textContent = job.progress + "%";
    field("message").textContent = job.message || "";
    field("done").hidden = FINISHED.indexOf(job.status) === -1;
  }

  function poll() {
    fetch(root.dataset.url, { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (response) {
        if (!response.ok) throw new Error("HTTP " + response.status);
        return response.json();
      })
      .then(function (job) {
        failures = 0;
        show(job);
        if (FINISHED.indexOf(job.status) === -1) setTimeout(poll, 1000);
      })
      .catch(function () {
        failures += 1;
        field("message").textContent = "(cannot reach the server; retrying)";
        setTimeout(poll, Math.min(1000 * (failures + 1), 10000));
      });
  }

  if (FINISHED.indexOf(root.dataset.status) === -1) poll();
})();
