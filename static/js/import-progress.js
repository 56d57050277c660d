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

  // An import that finishes while the page is open: its sources' links, fetched once (the page drew
  // none when it was served before they existed).
  var linked = field("source-links").children.length > 0;
  function showSources() {
    var list = field("source-links");
    linked = true;
    fetch(list.dataset.api, { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (response) { return response.ok ? response.json() : null; })
      .then(function (page) {
        ((page && (page.results || page)) || []).slice(0, 50).forEach(function (source) {
          var item = document.createElement("li");
          var link = document.createElement("a");
          link.href = list.dataset.sourceUrl.replace("/0/", "/" + source.id + "/");
          link.textContent = source.title || "(untitled)";
          item.append(link);
          if (source.outlet) {
            var outlet = document.createElement("span");
            outlet.className = "muted";
            outlet.textContent = source.outlet;
            item.append(" ", outlet);
          }
          list.append(item);
        });
      })
      .catch(function () { linked = false; });
  }

  window.watchJob(root, function (job) {
    var counts = job.counts || {};
    root.querySelectorAll("[data-count]").forEach(function (element) {
      element.textContent = String(counts[element.dataset.count] || 0);
    });
    showErrors(job.errors || []);
    field("sources").hidden = job.status !== "succeeded";
    if (job.status === "succeeded" && !linked) showSources();
  });
})();
