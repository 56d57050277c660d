// The actors page: watches the project's re-match job (job-watch.js) and, once it has finished,
// offers a reload (the mention counts on the page are from before the change).
(function () {
  "use strict";

  var root = document.getElementById("actor-match");
  if (!root || !root.querySelector("progress")) return;

  window.watchJob(root, function (job, finished) {
    root.querySelector('[data-field="done"]').hidden = !finished;
  });
})();
