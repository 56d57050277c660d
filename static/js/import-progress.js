// The import page: watches the import job (job-watch.js) and updates its counts, errors and the
// links to its sources in place. Error text comes from uploaded files: only ever textContent.
(function () {
  "use strict";

  var root = document.getElementById("import-job");
  if (!root) return;

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

  window.watchJob(root, function (job) {
    var counts = job.counts || {};
    root.querySelectorAll("[data-count]").forEach(function (element) {
      element.textContent = String(counts[element.dataset.count] || 0);
    });
    showErrors(job.errors || []);
    field("sources").hidden = job.status !== "succeeded";
  });
})();
