// Polls an import job through the REST API once a second until it has finished, updating the
// page in place. Error text comes from uploaded files, so it is only ever set with textContent.
(function () {
  "use strict";

  var root = document.getElementById("import-job");
  if (!root) return;
  var FINISHED = ["succeeded", "failed"];
  var LABELS = { queued: "Queued", running: "Running", succeeded: "Succeeded", failed: "Failed" };
  var url = root.dataset.url;
  var failures = 0;

  function field(name) {
    return root.querySelector('[data-field="' + name + '"]');
  }

  function cell(text) {
    var td = document.createElement("td");
    td.textContent = text === undefined || text === null ? "" : String(text);
    return td;
  }

  function showErrors(errors) {
    var box = field("errors");
    var body = box.querySelector("tbody");
    body.replaceChildren();
    errors.forEach(function (error) {
      var row = document.createElement("tr");
      row.append(cell(error.file), cell(error.line), cell(error.field), cell(error.message));
      body.append(row);
    });
    box.hidden = errors.length === 0;
  }

  function show(job) {
    var status = field("status");
    status.textContent = LABELS[job.status] || job.status;
    status.className = "status status-" + job.status;
    root.dataset.status = job.status;
    root.querySelector("progress").value = job.progress;
    field("progress").textContent = job.progress + "%";
    var counts = job.counts || {};
    root.querySelectorAll("[data-count]").forEach(function (element) {
      element.textContent = String(counts[element.dataset.count] || 0);
    });
    var message = field("message");
    message.textContent = job.message || "";
    message.hidden = !job.message;
    showErrors(job.errors || []);
  }

  function poll() {
    fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (response) {
        if (!response.ok) throw new Error("HTTP " + response.status);
        return response.json();
      })
      .then(function (job) {
        failures = 0;
        field("poll-note").textContent = "";
        show(job);
        if (FINISHED.indexOf(job.status) === -1) setTimeout(poll, 1000);
      })
      .catch(function () {
        // A dropped request or a restarting server should not end the watch; back off a little.
        failures += 1;
        field("poll-note").textContent = "(cannot reach the server; retrying)";
        setTimeout(poll, Math.min(1000 * (failures + 1), 10000));
      });
  }

  if (FINISHED.indexOf(root.dataset.status) === -1) poll();
})();
