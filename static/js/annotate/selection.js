// Marking a claim's span: with the keyboard (a word cursor moved with the arrow keys, extended with
// Shift, marked with one key) or the mouse (a drag snaps to whole words; Alt keeps exact characters;
// a double-click puts the cursor on the word and marks nothing).

import { cpLength, cps, field, sentence, state } from "./state.js";

// The sentence's words as offsets into the source text: runs of letters and digits, with the
// apostrophes and hyphens inside them ("Kabulov's", "long-term"); punctuation is never a word.
const WORD = /[\p{L}\p{N}]+(?:['’\-][\p{L}\p{N}]+)*/gu;

let wordsFor = null;
let words = [];

export function wordsOf(s) {
  if (wordsFor === s) return words;
  const text = cps(s.text).join("");
  words = [];
  for (const match of text.matchAll(WORD)) {
    // matchAll gives UTF-16 indices; offsets are code points.
    const start = s.start + cpLength(text.slice(0, match.index));
    words.push({ start: start, end: start + cpLength(match[0]) });
  }
  wordsFor = s;
  return words;
}

// The cursor's span as offsets, or null.
export function cursorSpan() {
  const c = state.cursor;
  if (!c || !state.item) return null;
  const w = wordsOf(sentence());
  const from = w[Math.min(c.anchor, c.focus)], to = w[Math.max(c.anchor, c.focus)];
  return from && to ? { start: from.start, end: to.end } : null;
}

// Moves the cursor to a word (extend: the anchor stays, so the span grows or shrinks).
export function moveCursor(where, extend) {
  if (!state.item) return;
  const last = wordsOf(sentence()).length - 1;
  if (last < 0) return;
  const c = state.cursor;
  let focus;
  if (where === "first") focus = 0;
  else if (where === "last") focus = last;
  else focus = c ? c.focus + where : (where > 0 ? 0 : last);
  focus = Math.max(0, Math.min(last, focus));
  state.cursor = { anchor: extend && c ? c.anchor : focus, focus: focus };
}

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

// The words a span touches, as word indices (null when it touches none).
function wordsTouching(start, end) {
  const w = wordsOf(sentence());
  const first = w.findIndex((word) => word.end > start);
  let last = -1;
  w.forEach((word, n) => { if (word.start < end) last = n; });
  return first < 0 || last < first ? null : { anchor: first, focus: last };
}

// addClaim(start, end) receives each selection as offsets into the source text; render() redraws.
export function listenToSelection(addClaim, render) {
  // On the document, not the sentence: a drag may end outside it.
  document.addEventListener("mouseup", (event) => {
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
    if (start >= end) return;
    const touched = wordsTouching(start, end);
    if (event.detail >= 2) {
      // A double-click selects a word: the cursor goes there, and no claim is made.
      if (touched) { state.cursor = touched; render(); }
      return;
    }
    if (!event.altKey && touched) {
      // A drag that starts or ends inside a word takes the whole word ("sters that Kas" is never meant).
      const w = wordsOf(s);
      start = Math.min(start, w[touched.anchor].start);
      end = Math.max(end, w[touched.focus].end);
    }
    state.cursor = null;
    addClaim(start, end);
  });
}
