// The propositions page: watches the latest proposal run (job-watch.js) and, once it has finished,
// offers a reload (the proposals on the page are from before the run).
(function () {
  "use strict";

  var root = document.getElementById("proposal-run");
  if (!root || !root.querySelector("progress")) return;

  window.watchJob(root, function (job, finished) {
    root.querySelector('[data-field="done"]').hidden = !finished;
  });
})();
