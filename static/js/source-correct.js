// The source page's correction tools: a kind menu saves as soon as another kind is picked, and a
// click in a segment's text fills in its split offset. Without this script the Set and Split
// buttons do the same work. Article text is only ever read from the page, never written as HTML.
(function () {
  "use strict";

  document.querySelectorAll("select[data-autosubmit]").forEach(function (select) {
    var button = select.form.querySelector(".kind-submit");
    if (button) button.hidden = true;
    select.addEventListener("change", function () {
      select.form.requestSubmit ? select.form.requestSubmit() : select.form.submit();
    });
  });

  // Offsets on the server count code points; JavaScript strings count UTF-16 units.
  function codePoints(text) {
    return Array.from(text).length;
  }

  document.querySelectorAll(".segment-text[data-start]").forEach(function (cell) {
    cell.addEventListener("click", function () {
      var selection = window.getSelection();
      var node = selection && selection.anchorNode;
      if (!node || node.nodeType !== Node.TEXT_NODE || node.parentNode !== cell) return;
      var before = node.data.slice(0, selection.anchorOffset);
      var row = cell.closest("tr");
      var input = row.querySelector(".at-input");
      var preview = row.querySelector(".split-preview");
      var at = Number(cell.dataset.start) + codePoints(before);
      if (at <= Number(input.min) - 1 || at > Number(input.max)) {
        preview.textContent = "click inside the sentence, not at its ends";
        return;
      }
      input.value = String(at);
      var rest = node.data.slice(selection.anchorOffset).trimStart();
      preview.textContent = "new sentence starts: " + rest.slice(0, 24) + (rest.length > 24 ? "…" : "");
    });
  });
})();
