// Watches a job through the REST API: polls root.dataset.url once a second until the job has
// finished, showing its status, progress and message in root's [data-field] elements and handing
// each answer to show(job) for the rest. Used by the import page and the actors page (re-match).
// Text from the server is only ever set with textContent.
(function () {
  "use strict";

  var FINISHED = ["succeeded", "failed"];
  var LABELS = { queued: "Queued", running: "Running", succeeded: "Succeeded", failed: "Failed" };

  function field(root, name) {
    return root.querySelector('[data-field="' + name + '"]');
  }

  function showProgress(root, job) {
    var status = field(root, "status");
    status.textContent = LABELS[job.status] || job.status;
    status.className = "status status-" + job.status;
    root.dataset.status = job.status;
    root.querySelector("progress").value = job.progress;
    field(root, "progress").textContent = job.progress + "%";
    var message = field(root, "message");
    message.textContent = job.message || "";
    message.hidden = !job.message;
  }

  window.watchJob = function (root, show) {
    var failures = 0;

    function poll() {
      fetch(root.dataset.url, { credentials: "same-origin", headers: { Accept: "application/json" } })
        .then(function (response) {
          if (!response.ok) throw new Error("HTTP " + response.status);
          return response.json();
        })
        .then(function (job) {
          failures = 0;
          field(root, "poll-note").textContent = "";
          showProgress(root, job);
          show(job, FINISHED.indexOf(job.status) !== -1);
          if (FINISHED.indexOf(job.status) === -1) setTimeout(poll, 1000);
        })
        .catch(function () {
          // A dropped request or a restarting server should not end the watch; back off a little.
          failures += 1;
          field(root, "poll-note").textContent = "(cannot reach the server; retrying)";
          setTimeout(poll, Math.min(1000 * (failures + 1), 10000));
        });
    }

    if (FINISHED.indexOf(root.dataset.status) === -1) poll();
  };
})();
