// The export page: watches the export job (job-watch.js); shows the download link once it has
// succeeded, or its errors. Text from the server is only ever set with textContent.
(function () {
  "use strict";

  var root = document.getElementById("export-job");
  if (!root) return;

  window.watchJob(root, function (job) {
    root.querySelector('[data-field="download"]').hidden = !job.download_url;
    var errors = root.querySelector('[data-field="errors"]');
    errors.replaceChildren();
    (job.errors || []).forEach(function (error) {
      var item = document.createElement("li");
      item.textContent = error.message || "";
      errors.append(item);
    });
    errors.hidden = !(job.errors || []).length;
  });
})();
