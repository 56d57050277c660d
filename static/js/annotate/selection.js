// Span selection: words selected with the mouse in the sentence become a claim.

import { cpLength, cps, field, sentence, state } from "./state.js";

// A DOM position inside (or around) the sentence as a code-point offset into the source text.
function offsetAt(node, offset) {
  const container = field("sentence");
  const s = sentence();
  if (!container.contains(node)) {
    // A selection reaching into the context is cut at the sentence's edge.
    return container.compareDocumentPosition(node) & Node.DOCUMENT_POSITION_PRECEDING ? s.start : s.end;
  }
  if (node.nodeType === Node.TEXT_NODE) {
    const piece = node.parentElement.closest("[data-from]");
    return Number(piece.dataset.from) + cpLength(node.data.slice(0, offset));
  }
  if (node === container) {
    return offset >= container.childNodes.length ? s.end : Number(container.childNodes[offset].dataset.from);
  }
  const piece = node.closest("[data-from]");
  return Number(piece.dataset.from) + (offset === 0 ? 0 : cpLength(piece.textContent));
}

// addClaim(start, end) receives each selection as offsets into the source text.
export function listenToSelection(addClaim) {
  // On the document, not the sentence: a drag may end outside it.
  document.addEventListener("mouseup", () => {
    const selection = window.getSelection();
    if (!state.item || !selection || selection.isCollapsed || !selection.rangeCount) return;
    const range = selection.getRangeAt(0);
    if (!range.intersectsNode(field("sentence"))) return;
    const s = sentence();
    let start = offsetAt(range.startContainer, range.startOffset);
    let end = offsetAt(range.endContainer, range.endOffset);
    const text = cps(s.text);
    // Whitespace at the edges of a selection is never meant.
    while (start < end && /\s/.test(text[start - s.start])) start++;
    while (end > start && /\s/.test(text[end - 1 - s.start])) end--;
    selection.removeAllRanges();
    if (start < end) addClaim(start, end);
  });
}
