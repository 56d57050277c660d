// The form's one state object, the configuration the page carries, and the small helpers every
// module shares. Rendering reads `state` and nothing else: a module changes it, then asks to render.
// Offsets are Python code points into the source text, as the API gives them, so strings are
// walked with Array.from (code points), never indexed as UTF-16 units.

export const root = document.getElementById("annotate");
// The page's JSON data block (claims/web/annotate.py): scheme, keys, actors, URLs. The scheme is
// the server's (claims.scheme.Scheme.for_page): which labels are active, the default certainty and
// the label keys are read from it, never worked out here.
export const config = JSON.parse(document.getElementById("annotate-config").textContent);
export const api = config.urls.api;

export const state = {
  item: null, // the queue's answer: sentence, before, after, source, suggestion
  claims: [],
  current: -1,
  cursor: null, // the keyboard's word cursor in the sentence: {anchor, focus} word indices (selection.js)
  suggestion: null, // {id, model, claims, noClaim, confidence} when pre-filled (the server's prefill)
  annotationId: config.annotation,
  peeking: false, // shown without a reservation (config.peek) until the first key or click on the form
  version: null, // of the annotation being changed: a newer save elsewhere answers 409, never overwritten
  baseSeconds: 0,
  visibleSince: null,
  elapsed: 0,
  busy: false,
  progress: Object.assign({}, config.progress),
  lastSaved: null,
  retryTimer: null,
  retryDelay: 2000,
};

export const field = (name) => root.querySelector('[data-field="' + name + '"]');
export const keyOf = {};
config.keys.forEach((k) => { keyOf[k.action] = k.key; });

// A label of the scheme by value, retired or not (a retired label still names the claims that have it).
export function labelOf(group, value) {
  return (config.scheme[group] || []).find((label) => label.value === value) || null;
}

export const cps = (text) => Array.from(text || "");
export const cpLength = (text) => cps(text).length;
export const sliceCp = (text, start, end) => cps(text).slice(start, end).join("");

export function el(tag, className, text) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined && text !== null) node.textContent = String(text);
  return node;
}

export function sentence() { return state.item.sentence; }

export function newClaim(start, end) {
  return {
    start: start, end: end, claimant: null, claimant_name: "", claimant_is_outlet: false,
    subject: null, target: null, stance: "", certainty: config.scheme.default_certainty, suggested: null,
    typed: {}, // a picker's text that names no actor, by role: kept and shown, never sent, never dropped
  };
}

export function copyClaims(claims) {
  return claims.map((c) => Object.assign({}, c, { typed: Object.assign({}, c.typed) }));
}

export function setStatus(text, kind) {
  const status = field("status");
  status.textContent = text || "";
  status.className = "save-status" + (kind ? " status-" + kind : "");
}

export function showErrors(messages) {
  const list = field("errors");
  list.replaceChildren();
  (messages || []).forEach((message) => {
    // "claims[0].target: ..." reads as "Claim 1, target: ...".
    list.append(el("li", "", message.replace(/^claims\[(\d+)\]\.?/, (_, n) => "Claim " + (Number(n) + 1) + ", ")));
  });
  list.hidden = !messages || messages.length === 0;
}

// Turns any error body into sentences: the services' {"detail", "errors": [{field, message}]}, the
// project service's {"errors": {field: [messages]}}, or DRF's {"field": [...]} and {"detail": ...}.
export function messagesOf(body, prefix) {
  if (body === null || body === undefined) return [];
  if (typeof body === "string") return [(prefix ? prefix + ": " : "") + body];
  if (Array.isArray(body)) {
    return body.flatMap((item) => {
      if (item && typeof item === "object" && "message" in item) {
        return [(item.field ? item.field + ": " : "") + item.message];
      }
      return messagesOf(item, prefix);
    });
  }
  if (body.errors) return messagesOf(body.errors, prefix);
  return Object.keys(body).flatMap((key) =>
    messagesOf(body[key], key === "detail" || key === "non_field_errors" ? prefix : (prefix ? prefix + "." : "") + key));
}

export function request(method, url, body) {
  return fetch(url, {
    method: method,
    credentials: "same-origin",
    headers: { Accept: "application/json", "Content-Type": "application/json", "X-CSRFToken": root.dataset.csrf },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
}

// ---- time spent ---------------------------------------------------------------------------
export function seconds() {
  const running = state.visibleSince === null ? 0 : performance.now() - state.visibleSince;
  return Math.round(state.baseSeconds + (state.elapsed + running) / 1000);
}

export function startClock(base) {
  state.baseSeconds = base || 0;
  state.elapsed = 0;
  state.visibleSince = document.hidden ? null : performance.now();
}

document.addEventListener("visibilitychange", () => {
  // Time in another tab is not time spent on the sentence.
  if (document.hidden && state.visibleSince !== null) {
    state.elapsed += performance.now() - state.visibleSince;
    state.visibleSince = null;
  } else if (!document.hidden && state.visibleSince === null && state.item) {
    state.visibleSince = performance.now();
  }
});
