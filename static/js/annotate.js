// The annotation form. It asks the REST API for the next sentence, lets the annotator mark claims
// with the mouse or the keyboard, and saves through the API. Three rules shape it:
//  - article text, actor names and comments are untrusted: they only ever reach the page through
//    textContent or attribute values, never innerHTML;
//  - nothing typed is lost: every change is kept as a draft in localStorage, and a submission goes to
//    an outbox there first, so a network error (or a reload) retries it instead of dropping it;
//  - offsets are Python code points into the source text, as the API gives them, so strings are
//    walked with Array.from (code points), never indexed as UTF-16 units.
(function () {
  "use strict";

  const root = document.getElementById("annotate");
  if (!root) return;
  const config = JSON.parse(document.getElementById("annotate-config").textContent);
  const csrf = root.dataset.csrf;
  const api = config.urls.api;
  const DRAFT = "annotate-draft:" + config.project + ":";
  const OUTBOX = "annotate-outbox:" + config.project;
  const RETRY_MAX_MS = 30000;

  const field = (name) => root.querySelector('[data-field="' + name + '"]');
  const keyOf = {};
  config.keys.forEach((k) => { keyOf[k.action] = k.key; });
  const labels = {};
  ["stance", "certainty"].forEach((group) => {
    labels[group] = {};
    (config.scheme[group] || []).forEach((label) => { labels[group][label.value] = label; });
  });
  const active = (group) => (config.scheme[group] || []).filter((label) => !label.retired);
  const labelByKey = {};
  ["stance", "certainty"].forEach((group) => {
    active(group).forEach((label) => { labelByKey[label.key.toLowerCase()] = { group: group, value: label.value }; });
  });
  const actorsById = new Map(config.actors.map((a) => [a.id, a]));
  const actorsByName = new Map();
  config.actors.forEach((a) => {
    [a.name].concat(a.aliases || []).forEach((name) => {
      const key = name.trim().toLowerCase();
      if (key && !actorsByName.has(key)) actorsByName.set(key, a);
    });
  });

  const state = {
    item: null, // the queue's answer: sentence, before, after, source, suggestion
    claims: [],
    current: -1,
    suggestion: null, // {id, claims, noClaim, confidence} when pre-filled
    annotationId: config.annotation,
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

  // ---- small helpers ----------------------------------------------------------------------
  const cps = (text) => Array.from(text || "");
  const cpLength = (text) => cps(text).length;
  const sliceCp = (text, start, end) => cps(text).slice(start, end).join("");

  function el(tag, className, text) {
    const node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined && text !== null) node.textContent = String(text);
    return node;
  }

  function setStatus(text, kind) {
    const status = field("status");
    status.textContent = text || "";
    status.className = "save-status" + (kind ? " status-" + kind : "");
  }

  function showErrors(messages) {
    const list = field("errors");
    list.replaceChildren();
    (messages || []).forEach((message) => {
      // "claims[0].target: ..." reads as "Claim 1, target: ...".
      list.append(el("li", "", message.replace(/^claims\[(\d+)\]\.?/, (_, n) => "Claim " + (Number(n) + 1) + ", ")));
    });
    list.hidden = !messages || messages.length === 0;
  }

  // Turns any error body into sentences: the saving service's {"errors": [{field, message}]}, the
  // project service's {"errors": {field: [messages]}}, or DRF's {"field": [...]} and {"detail": ...}.
  function messagesOf(body, prefix) {
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

  function request(method, url, body) {
    return fetch(url, {
      method: method,
      credentials: "same-origin",
      headers: { Accept: "application/json", "Content-Type": "application/json", "X-CSRFToken": csrf },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  }

  function store(key, value) {
    try {
      if (value === null) localStorage.removeItem(key);
      else localStorage.setItem(key, JSON.stringify(value));
    } catch (error) {
      // A full or disabled storage must not stop the form; the work is still on screen.
      setStatus("This browser cannot keep a draft (storage unavailable).", "warn");
    }
  }

  function load(key) {
    try {
      const raw = localStorage.getItem(key);
      return raw ? JSON.parse(raw) : null;
    } catch (error) {
      return null;
    }
  }

  // ---- time spent ---------------------------------------------------------------------------
  function seconds() {
    const running = state.visibleSince === null ? 0 : performance.now() - state.visibleSince;
    return Math.round(state.baseSeconds + (state.elapsed + running) / 1000);
  }

  function startClock(base) {
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

  setInterval(() => {
    if (state.item) field("timer").textContent = seconds() + " s";
  }, 1000);

  // ---- progress -----------------------------------------------------------------------------
  function showProgress() {
    const p = state.progress;
    const mine = document.getElementById("progress-mine");
    mine.max = Math.max(p.sentences, 1);
    mine.value = p.mine;
    field("progress-mine").textContent = p.mine + " of " + p.sentences + " sentences";
    const all = document.getElementById("progress-project");
    all.max = Math.max(p.slots, 1);
    all.value = Math.min(p.annotations, p.slots);
    const percent = p.slots ? Math.floor((100 * p.annotations) / p.slots) : 0;
    field("progress-project").textContent = percent + "% · " + p.annotations + " of " + p.slots + " annotations";
  }

  function refreshProgress() {
    request("GET", api + "progress/").then((r) => (r.ok ? r.json() : null)).then((p) => {
      if (p) { state.progress = p; showProgress(); }
    }).catch(() => {});
  }

  // ---- the item -----------------------------------------------------------------------------
  function sentence() { return state.item.sentence; }

  function newClaim(start, end) {
    return {
      start: start, end: end, claimant: null, claimant_name: "", claimant_is_outlet: false,
      subject: null, target: null, stance: "",
      certainty: active("certainty").length ? active("certainty")[0].value : "",
      suggested: null,
    };
  }

  function draftKey() { return DRAFT + sentence().id; }

  function saveDraft() {
    if (!state.item) return;
    store(draftKey(), {
      claims: state.claims, comment: field("comment").value, seconds: seconds(), suggestion: state.suggestion,
      annotation: state.annotationId, version: state.version,
    });
  }

  function renderContext(container, sentences) {
    container.replaceChildren();
    sentences.forEach((s) => container.append(el("span", "context-sentence kind-" + s.kind, s.text), " "));
  }

  // The sentence, cut at every mention and claim boundary; each piece knows its first offset so a
  // mouse selection maps back to code points.
  function renderSentence() {
    const s = sentence();
    const text = cps(s.text);
    const node = field("sentence");
    const bounds = new Set([0, text.length]);
    const mentions = (s.mentions || []).filter((m) => m.start >= s.start && m.end <= s.end);
    mentions.forEach((m) => { bounds.add(m.start - s.start); bounds.add(m.end - s.start); });
    state.claims.forEach((c) => {
      bounds.add(Math.max(0, c.start - s.start));
      bounds.add(Math.min(text.length, c.end - s.start));
    });
    const cuts = Array.from(bounds).sort((a, b) => a - b);
    node.replaceChildren();
    for (let i = 0; i < cuts.length - 1; i++) {
      const from = cuts[i], to = cuts[i + 1];
      if (from === to) continue;
      const piece = el("span", "seg", text.slice(from, to).join(""));
      piece.dataset.from = String(s.start + from);
      const mention = mentions.find((m) => m.start - s.start <= from && m.end - s.start >= to);
      if (mention) {
        const actor = actorsById.get(mention.actor);
        piece.classList.add("actor", "actor-" + (actor ? actor.kind : "other"));
        piece.title = mention.actor_name || (actor ? actor.name : "");
      }
      const covering = [];
      state.claims.forEach((c, index) => {
        if (c.start - s.start <= from && c.end - s.start >= to) covering.push(index);
      });
      if (covering.length) {
        piece.classList.add("in-claim");
        if (covering.indexOf(state.current) !== -1) piece.classList.add("current-claim");
        const claim = state.claims[covering[covering.length - 1]];
        const label = labels.stance[claim.stance];
        if (label && label.color) piece.style.textDecorationColor = label.color;
      }
      node.append(piece);
    }
  }

  function actorName(id) {
    const actor = actorsById.get(id);
    return actor ? actor.name : "";
  }

  function renderClaims() {
    const list = field("claims");
    const template = document.getElementById("claim-template");
    list.replaceChildren();
    state.claims.forEach((claim, index) => {
      const card = template.content.firstElementChild.cloneNode(true);
      card.dataset.index = String(index);
      if (index === state.current) card.classList.add("current");
      card.querySelector(".claim-number").textContent = String(index + 1);
      card.querySelector(".claim-text").textContent = sliceCp(sentence().text, claim.start - sentence().start, claim.end - sentence().start);
      const badge = card.querySelector(".suggested-badge");
      if (claim.suggested !== null && claim.suggested !== undefined) {
        badge.hidden = false;
        badge.textContent = "suggested · " + Math.round(claim.suggested * 100) + "%";
      }
      ["claimant", "subject", "target"].forEach((role) => {
        const input = card.querySelector('[data-picker="' + role + '"]');
        const label = card.querySelector('[data-role="' + role + '"] label');
        input.id = "claim-" + index + "-" + role;
        label.htmlFor = input.id;
        if (role === "claimant" && claim.claimant_is_outlet) input.value = config.outlet_option;
        else if (role === "claimant" && !claim.claimant && claim.claimant_name) input.value = claim.claimant_name;
        else input.value = actorName(claim[role]);
        showHint(card, role, claim);
      });
      card.querySelectorAll("[data-stance]").forEach((button) => {
        const on = button.dataset.stance === claim.stance;
        button.setAttribute("aria-pressed", on ? "true" : "false");
        if (on) button.hidden = false; // a retired label still shows on the claim that has it
      });
      card.querySelectorAll("[data-certainty]").forEach((button) => {
        const on = button.dataset.certainty === claim.certainty;
        button.setAttribute("aria-pressed", on ? "true" : "false");
        if (on) button.hidden = false;
      });
      list.append(card);
    });
    field("claims-empty").hidden = state.claims.length > 0;
  }

  function showHint(card, role, claim) {
    const hint = card.querySelector('[data-hint="' + role + '"]');
    hint.className = "picker-hint";
    if (role === "claimant" && claim.claimant_is_outlet) {
      hint.textContent = "the outlet" + (state.item.source.outlet ? " (" + state.item.source.outlet + ")" : "");
    } else if (role === "claimant" && !claim.claimant && claim.claimant_name) {
      hint.textContent = "a person, not an actor";
    } else if (claim[role]) {
      const actor = actorsById.get(claim[role]);
      hint.textContent = actor ? actor.kind.replace("_", " ") : "";
    } else if (role === "target" && claim.stance) {
      hint.textContent = "a stance needs a target";
      hint.classList.add("hint-warn");
    } else {
      hint.textContent = "";
    }
  }

  function render() {
    renderSentence();
    renderClaims();
  }

  function showSuggestionBanner() {
    const banner = field("suggestion");
    const s = state.suggestion;
    banner.replaceChildren();
    // No suggestion: say why (no worker, a run under way...), and annotation goes on without one.
    const why = !s && state.item ? state.item.suggestion_status : "";
    banner.hidden = !s && !why;
    if (!s) {
      if (why) banner.append(el("span", "muted", why));
      const guess = state.item && !state.annotationId ? lowConfidenceGuess(state.item.suggestion) : null;
      if (guess) {
        // Below the threshold nothing is pre-filled (no anchoring on a weak guess), but the guess is shown.
        banner.hidden = false;
        banner.append(el("span", "muted", guess));
      }
      return;
    }
    const what = s.noClaim ? "no claim in this sentence" : s.claims.length + " claim" + (s.claims.length === 1 ? "" : "s");
    banner.append(
      el("strong", "", "Suggestion"),
      " (model " + s.model + ", confidence " + Math.round(s.confidence * 100) + "%): " + what + ". ",
      el("span", "", "Press "), el("kbd", "", keyOf.accept), el("span", "", " to accept it as it is, or change it."),
    );
  }

  function bestOf(probabilities, group) {
    let best = "", score = -1;
    Object.keys(probabilities || {}).forEach((value) => {
      const label = labels[group][value];
      if (label && !label.retired && probabilities[value] > score) { best = value; score = probabilities[value]; }
    });
    return best;
  }

  // The model's best candidate, in words, for a suggestion under the threshold: shown, never pre-filled.
  function lowConfidenceGuess(suggestion) {
    const best = suggestion && (suggestion.claims || [])[0];
    if (!best) return "";
    const name = (id) => (actorsById.get(id) || {}).name || "?";
    const stance = best.target ? bestOf(best.stance, "stance") : "";
    const label = stance && labels.stance[stance] ? labels.stance[stance].label || stance : "";
    return "The model's guess, below the project's " + Math.round(config.threshold * 100) + "% threshold (" +
      Math.round(Number(best.score) * 100) + "%): " + name(best.subject) +
      (best.target ? " → " + name(best.target) : "") + (label ? ", " + label : "") + ". Not pre-filled.";
  }

  // A suggestion is pre-filled only when the model is confident enough (the project's threshold).
  function suggestionFrom(suggestion) {
    if (!suggestion) return null;
    const threshold = config.threshold;
    const hasClaim = Number(suggestion.has_claim);
    if (hasClaim >= threshold) {
      const claims = (suggestion.claims || []).filter((c) => Number(c.score) >= threshold).map((c) => {
        const claim = newClaim(c.start, c.end);
        claim.claimant = c.claimant || null;
        claim.claimant_is_outlet = Boolean(c.claimant_is_outlet);
        claim.subject = c.subject || null;
        claim.target = c.target || null;
        claim.stance = claim.target ? bestOf(c.stance, "stance") : "";
        claim.certainty = bestOf(c.certainty, "certainty") || claim.certainty;
        claim.suggested = Number(c.score);
        return claim;
      });
      if (!claims.length) return null;
      return { id: suggestion.id, model: suggestion.model_version, claims: claims, noClaim: false, confidence: hasClaim };
    }
    if (1 - hasClaim >= threshold) {
      return { id: suggestion.id, model: suggestion.model_version, claims: [], noClaim: true, confidence: 1 - hasClaim };
    }
    return null;
  }

  function copyClaims(claims) { return claims.map((c) => Object.assign({}, c)); }

  function show(item, saved) {
    state.item = item;
    state.annotationId = config.annotation;
    const s = item.sentence;
    const source = item.source || {};
    const title = field("source-title");
    title.textContent = source.title || "(untitled source)";
    title.href = config.urls.source.replace("{id}", String(source.id || s.source)) + "#s" + s.id;
    field("source-outlet").textContent = source.outlet || "";
    field("source-published").textContent = source.published ? " · " + source.published : "";
    field("reserved").textContent = item.reserved_until
      ? " · reserved for you until " + new Date(item.reserved_until).toLocaleTimeString([], { hour: "2-digit", minute: "2-digit" })
      : "";
    renderContext(field("before"), item.before || []);
    renderContext(field("after"), item.after || []);
    const draft = load(draftKey());
    state.suggestion = null;
    if (draft && (draft.annotation || null) === (state.annotationId || null)) {
      state.claims = draft.claims || [];
      state.suggestion = draft.suggestion || null;
      field("comment").value = draft.comment || "";
      state.version = draft.version || null;
      startClock(draft.seconds || 0);
      setStatus("Restored the work you had not sent yet.", "warn");
    } else if (saved) {
      state.claims = (saved.claims || []).map((c) => Object.assign(newClaim(c.start, c.end), {
        claimant: c.claimant, claimant_name: c.claimant_name || "", claimant_is_outlet: Boolean(c.claimant_is_outlet),
        subject: c.subject, target: c.target, stance: c.stance || "", certainty: c.certainty,
      }));
      field("comment").value = saved.comment || "";
      state.version = saved.version || null;
      startClock(saved.seconds_spent || 0);
    } else {
      state.suggestion = suggestionFrom(item.suggestion);
      state.claims = state.suggestion ? copyClaims(state.suggestion.claims) : [];
      field("comment").value = "";
      startClock(0);
    }
    state.current = state.claims.length ? 0 : -1;
    showSuggestionBanner();
    showErrors([]);
    root.dataset.state = "ready";
    root.dataset.sentence = String(s.id);
    field("done").hidden = true;
    root.querySelector(".annotate-layout").hidden = false;
    render();
    root.focus({ preventScroll: true });
  }

  function showDone() {
    state.item = null;
    root.dataset.state = "done";
    root.querySelector(".annotate-layout").hidden = true;
    field("done").hidden = false;
    setStatus("", "");
  }

  // ---- talking to the server ----------------------------------------------------------------
  function retryLater(what, action) {
    clearTimeout(state.retryTimer);
    const wait = state.retryDelay;
    state.retryDelay = Math.min(state.retryDelay * 2, RETRY_MAX_MS);
    setStatus("Not saved yet: cannot reach the server. Your work is kept in this browser; retrying " + what +
      " in " + Math.round(wait / 1000) + " s.", "error");
    state.retryTimer = setTimeout(action, wait);
  }

  function loadNext() {
    if (config.mode === "edit") return loadEdit();
    root.dataset.state = "loading";
    return request("GET", api + "next/").then((response) => {
      if (response.status === 204) return showDone();
      if (!response.ok) {
        if (response.status >= 500) throw new Error("HTTP " + response.status);
        return response.json().catch(() => ({})).then((body) => {
          setStatus(messagesOf(body).join(" ") || "The queue answered " + response.status + ".", "error");
        });
      }
      return response.json().then((item) => {
        state.retryDelay = 2000;
        show(item, null);
      });
    }).catch(() => retryLater("the next sentence", loadNext));
  }

  function loadEdit() {
    return request("GET", api + "annotations/" + config.annotation + "/").then((response) => {
      if (!response.ok) throw new Error("HTTP " + response.status);
      return response.json();
    }).then((annotation) => show(config.item, annotation))
      .catch(() => retryLater("your annotation", loadEdit));
  }

  function flushOutbox() {
    const pending = load(OUTBOX);
    if (!pending) return Promise.resolve(true);
    state.busy = true;
    setStatus("Saving…", "busy");
    return request(pending.method, pending.url, pending.body).then((response) => {
      if (response.ok) {
        return response.json().catch(() => ({})).then((saved) => {
          store(OUTBOX, null);
          store(DRAFT + pending.sentence, null);
          state.retryDelay = 2000;
          state.lastSaved = saved.id || state.lastSaved;
          if (pending.kind === "save" && pending.method === "POST") {
            state.progress.mine += 1;
            state.progress.annotations += 1;
            if (state.progress.mine % 10 === 0) refreshProgress();
          }
          showProgress();
          setStatus(pending.kind === "skip" ? "Skipped." : "Saved.", "ok");
          return true;
        });
      }
      if (response.status >= 500 || response.status === 429 || response.status === 408) {
        throw new Error("HTTP " + response.status);
      }
      return response.json().catch(() => ({})).then((body) => conflictOrError(pending, response.status, body));
    }).catch(() => {
      retryLater("the save", () => flushOutbox().then((done) => { if (done) afterSave(); }));
      return false;
    }).finally(() => { state.busy = false; });
  }

  // A refused save leaves the outbox; the work stays on screen (and in the draft) with the reasons.
  function conflictOrError(pending, status, body) {
    store(OUTBOX, null);
    if (status === 409 && pending.method === "POST" && pending.kind !== "skip") {
      // Either an earlier try of this very request got through (its answer was lost), or the
      // sentence's slots filled up meanwhile. Look for my annotation: if it is there, send the
      // latest content as a change; if not, the sentence no longer needs me.
      const url = api + "annotations/?sentence=" + pending.sentence + "&annotator=me";
      return request("GET", url).then((r) => (r.ok ? r.json() : null)).then((list) => {
        const rows = list ? (Array.isArray(list) ? list : list.results || []) : [];
        const mine = rows.find((row) => String(row.annotator) === String(config.user));
        if (mine) {
          const body = Object.assign({}, pending.body);
          delete body.sentence;
          store(OUTBOX, { method: "PATCH", url: api + "annotations/" + mine.id + "/", body: body, sentence: pending.sentence });
          return flushOutbox();
        }
        store(DRAFT + pending.sentence, null);
        setStatus(messagesOf(body).join(" ") || "Other annotators completed this sentence meanwhile; moving on.", "warn");
        return true;
      });
    }
    showErrors(messagesOf(body).length ? messagesOf(body) : ["The server refused this (" + status + ")."]);
    setStatus("Not saved: see the message below the form.", "error");
    return false;
  }

  function afterSave() {
    if (config.mode === "edit") {
      window.location.assign(config.urls.after_save);
      return;
    }
    loadNext();
  }

  function send(kind, method, url, body) {
    if (state.busy || !state.item) return;
    saveDraft();
    store(OUTBOX, { kind: kind, method: method, url: url, body: body, sentence: sentence().id });
    flushOutbox().then((done) => { if (done) afterSave(); });
  }

  function bodyOf(claims) {
    const body = {
      claims: claims.map((c) => ({
        start: c.start, end: c.end, claimant: c.claimant, claimant_name: c.claimant_name,
        claimant_is_outlet: c.claimant_is_outlet, subject: c.subject, target: c.target, stance: c.stance,
        certainty: c.certainty,
      })),
      comment: field("comment").value,
      seconds_spent: seconds(),
    };
    if (config.mode === "edit") {
      if (state.version) body.version = state.version;
      return body;
    }
    body.sentence = sentence().id;
    body.suggestion = state.suggestion ? state.suggestion.id : null;
    return body;
  }

  function problems(claims) {
    const found = [];
    claims.forEach((c, index) => {
      if (c.stance && !c.target) found.push("Claim " + (index + 1) + ": a stance needs a target (" + keyOf.target + ").");
    });
    return found;
  }

  function submit(claims) {
    if (!state.item) return;
    claims = claims || state.claims;
    const wrong = problems(claims);
    showErrors(wrong);
    if (wrong.length) return;
    if (config.mode === "edit") {
      send("save", "PATCH", api + "annotations/" + state.annotationId + "/", bodyOf(claims));
    } else {
      send("save", "POST", api + "annotations/", bodyOf(claims));
    }
  }

  // ---- actions ------------------------------------------------------------------------------
  function changed() {
    saveDraft();
    render();
  }

  function addClaim(start, end) {
    state.claims.push(newClaim(start, end));
    state.current = state.claims.length - 1;
    changed();
  }

  function currentClaim(create) {
    if (state.current < 0 && create && state.item) addClaim(sentence().start, sentence().end);
    return state.claims[state.current] || null;
  }

  function focusPicker(role) {
    if (!currentClaim(true)) return;
    const input = root.querySelector('.claim-card[data-index="' + state.current + '"] [data-picker="' + role + '"]');
    if (input) { input.focus(); input.select(); }
  }

  function toggleHelp(open) {
    const overlay = document.getElementById("help-overlay");
    overlay.hidden = open === undefined ? !overlay.hidden : !open;
    if (!overlay.hidden) overlay.querySelector("button").focus();
    else root.focus({ preventScroll: true });
  }

  const actions = {
    help: () => toggleHelp(),
    guidelines: () => { const g = document.getElementById("guidelines"); g.hidden = !g.hidden; },
    whole: () => { if (state.item) addClaim(sentence().start, sentence().end); },
    none: () => { if (state.item) { state.claims = []; state.current = -1; render(); submit([]); } },
    submit: () => {
      if (state.item && !state.claims.length) {
        showErrors(["Mark a claim (select words, or " + keyOf.whole + " for the whole sentence), or press " + keyOf.none + " if there is none."]);
        return;
      }
      submit();
    },
    skip: () => {
      if (config.mode !== "edit" && state.item) send("skip", "POST", api + "skip/", { sentence: sentence().id });
    },
    back: () => {
      const previous = state.lastSaved ? config.urls.edit.replace("{id}", String(state.lastSaved)) : config.urls.previous;
      if (!previous) { setStatus("You have no earlier annotation in this project.", "warn"); return; }
      saveDraft();
      window.location.assign(previous);
    },
    next_claim: () => { if (state.claims.length) { state.current = (state.current + 1) % state.claims.length; render(); } },
    previous_claim: () => {
      if (state.claims.length) { state.current = (state.current - 1 + state.claims.length) % state.claims.length; render(); }
    },
    delete_claim: () => {
      if (state.current < 0) return;
      state.claims.splice(state.current, 1);
      state.current = Math.min(state.current, state.claims.length - 1);
      changed();
    },
    claimant: () => focusPicker("claimant"),
    subject: () => focusPicker("subject"),
    target: () => focusPicker("target"),
    outlet: () => {
      const claim = currentClaim(true);
      if (!claim) return;
      claim.claimant_is_outlet = !claim.claimant_is_outlet;
      if (claim.claimant_is_outlet) { claim.claimant = null; claim.claimant_name = ""; }
      changed();
    },
    comment: () => field("comment").focus(),
    accept: () => {
      const s = state.suggestion;
      if (!s) { setStatus("There is no suggestion for this sentence.", "warn"); return; }
      state.claims = copyClaims(s.claims);
      state.current = state.claims.length ? 0 : -1;
      render();
      submit(state.claims);
    },
  };

  function setLabel(group, value) {
    const claim = currentClaim(true);
    if (!claim) return;
    claim[group] = claim[group] === value && group === "stance" ? "" : value;
    changed();
  }

  // ---- pickers --------------------------------------------------------------------------------
  function resolvePicker(input) {
    const card = input.closest(".claim-card");
    const claim = state.claims[Number(card.dataset.index)];
    const role = input.dataset.picker;
    const text = input.value.trim();
    const actor = actorsByName.get(text.toLowerCase());
    card.querySelector(".new-actor").hidden = true;
    if (role === "claimant") {
      claim.claimant_is_outlet = text === config.outlet_option;
      claim.claimant = actor && !claim.claimant_is_outlet ? actor.id : null;
      claim.claimant_name = !actor && !claim.claimant_is_outlet ? text : "";
      changed();
      return true;
    }
    if (!text || actor) {
      claim[role] = actor ? actor.id : null;
      changed();
      return true;
    }
    // An unknown name for a subject or target: curators may add the actor here.
    claim[role] = null;
    saveDraft();
    const hint = card.querySelector('[data-hint="' + role + '"]');
    if (config.can_add_actor) {
      const box = card.querySelector(".new-actor");
      box.hidden = false;
      box.dataset.role = role;
      box.querySelector('[data-new-actor="name"]').textContent = text;
      box.querySelector('[data-new-actor="kind"]').focus();
    } else {
      hint.textContent = "not an actor of this project";
      hint.className = "picker-hint hint-warn";
    }
    return false;
  }

  function addActor(card) {
    const box = card.querySelector(".new-actor");
    const role = box.dataset.role;
    const name = box.querySelector('[data-new-actor="name"]').textContent;
    const aliases = box.querySelector('[data-new-actor="aliases"]').value.split(",").map((a) => a.trim()).filter(Boolean);
    const kind = box.querySelector('[data-new-actor="kind"]').value;
    request("POST", api + "actors/", { name: name, kind: kind, aliases: aliases }).then((response) =>
      response.json().catch(() => ({})).then((body) => {
        if (!response.ok) { showErrors(messagesOf(body)); return; }
        config.actors.push(body);
        actorsById.set(body.id, body);
        [body.name].concat(body.aliases || []).forEach((n) => actorsByName.set(n.toLowerCase(), body));
        const list = document.getElementById("actor-options");
        const option = document.createElement("option");
        option.value = body.name;
        list.append(option);
        const claim = state.claims[Number(card.dataset.index)];
        claim[role] = body.id;
        changed();
        setStatus("Added the actor " + body.name + ".", "ok");
        root.focus({ preventScroll: true });
      })
    ).catch(() => setStatus("Could not add the actor: cannot reach the server.", "error"));
  }

  root.addEventListener("change", (event) => {
    if (event.target.matches("[data-picker]")) resolvePicker(event.target);
  });

  root.addEventListener("focusin", (event) => {
    // Working in a claim's field makes it the current claim.
    const card = event.target.closest(".claim-card");
    if (card && Number(card.dataset.index) !== state.current) {
      state.current = Number(card.dataset.index);
      card.parentElement.querySelectorAll(".claim-card").forEach((c) => c.classList.toggle("current", c === card));
      renderSentence();
    }
  });

  field("comment").addEventListener("input", saveDraft);

  // ---- mouse --------------------------------------------------------------------------------
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

  root.addEventListener("click", (event) => {
    const action = event.target.closest("[data-action]");
    if (action && actions[action.dataset.action]) { actions[action.dataset.action](); return; }
    const card = event.target.closest(".claim-card");
    if (!card) return;
    state.current = Number(card.dataset.index);
    const stance = event.target.closest("[data-stance]");
    const certainty = event.target.closest("[data-certainty]");
    const claimAction = event.target.closest("[data-claim-action]");
    if (stance) setLabel("stance", stance.dataset.stance);
    else if (certainty) setLabel("certainty", certainty.dataset.certainty);
    else if (claimAction && claimAction.dataset.claimAction === "delete") actions.delete_claim();
    else if (claimAction && claimAction.dataset.claimAction === "add-actor") addActor(card);
    else if (claimAction && claimAction.dataset.claimAction === "cancel-actor") {
      card.querySelector(".new-actor").hidden = true;
    }
  });

  // ---- keyboard -----------------------------------------------------------------------------
  const actionByKey = {};
  config.keys.forEach((k) => { actionByKey[k.key.length === 1 ? k.key.toLowerCase() : k.key] = k.action; });

  document.addEventListener("keydown", (event) => {
    const target = event.target;
    const typing = target.matches && target.matches("input, textarea, select");
    const overlay = document.getElementById("help-overlay");
    if (event.key === "Enter" && (event.ctrlKey || event.metaKey)) {
      event.preventDefault();
      if (typing && target.matches("[data-picker]")) resolvePicker(target);
      actions.submit();
      return;
    }
    if (!overlay.hidden) {
      if (event.key === "Escape" || event.key === "?") { event.preventDefault(); toggleHelp(false); }
      return;
    }
    if (typing) {
      if (event.key === "Escape") { event.preventDefault(); target.blur(); root.focus({ preventScroll: true }); }
      else if (event.key === "Enter" && target.matches("[data-picker]")) {
        event.preventDefault();
        if (resolvePicker(target)) root.focus({ preventScroll: true });
      } else if (event.key === "Enter" && target.closest(".new-actor") && target.tagName !== "BUTTON") {
        event.preventDefault();
        addActor(target.closest(".claim-card"));
      }
      return;
    }
    if (event.ctrlKey || event.metaKey || event.altKey) return;
    if (target.tagName === "BUTTON" && (event.key === "Enter" || event.key === " ")) return;
    const key = event.key.length === 1 ? event.key.toLowerCase() : event.key;
    const action = actionByKey[key];
    if (action === "escape") { showErrors([]); return; }
    if (action && actions[action]) {
      event.preventDefault();
      actions[action]();
      return;
    }
    const label = labelByKey[key];
    if (label && state.item) {
      event.preventDefault();
      setLabel(label.group, label.value);
    }
  });

  window.addEventListener("beforeunload", saveDraft);

  // ---- start: send what a previous visit left in the outbox, then ask for work ----------------
  showProgress();
  if (load(OUTBOX)) {
    setStatus("Sending the work you submitted before the page was closed…", "busy");
    flushOutbox().then((done) => { if (done) loadNext(); });
  } else {
    loadNext();
  }
})();
