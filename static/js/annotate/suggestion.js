// The suggestion as the server decided it: what it pre-fills (claims.suggest.prefill) and, when it
// pre-fills nothing, the model's guess. Shown as given; the rule is never worked out here.

import { actorsById } from "./actors.js";
import { config, el, field, keyOf, labelOf, newClaim, state } from "./state.js";

// The server's pre-fill as the form holds it (and keeps in a draft), or null when nothing is pre-filled.
export function prefillOf(suggestion) {
  const prefill = suggestion ? suggestion.prefill : null;
  if (!prefill) return null;
  const claims = prefill.claims.map((c) => Object.assign(newClaim(c.start, c.end), {
    claimant: c.claimant || null, claimant_is_outlet: Boolean(c.claimant_is_outlet), subject: c.subject || null,
    target: c.target || null, stance: c.stance, certainty: c.certainty, suggested: Number(c.score),
  }));
  return { id: suggestion.id, model: suggestion.model_version, claims: claims, confidence: prefill.confidence };
}

// The model's guess, in words, when nothing is pre-filled: shown, never pre-filled ("no claim" never is).
function guessText(guess) {
  if (!guess) return "";
  if (guess.no_claim) {
    return "The model's guess: no claim in this sentence (" + Math.round(Number(guess.score) * 100) + "%). " +
      "Not pre-filled: read it and mark a claim, or press " + keyOf.none + " if there is none.";
  }
  const name = (id) => (actorsById.get(id) || {}).name || "?";
  const label = guess.stance ? (labelOf("stance", guess.stance) || {}).label || guess.stance : "";
  return "The model's guess, below the project's " + Math.round(config.threshold * 100) + "% threshold (" +
    Math.round(Number(guess.score) * 100) + "%): " + name(guess.subject) +
    (guess.target ? " → " + name(guess.target) : "") + (label ? ", " + label : "") + ". Not pre-filled.";
}

export function showSuggestionBanner() {
  const banner = field("suggestion");
  const s = state.suggestion;
  banner.replaceChildren();
  // No suggestion: say why (no worker, a run under way...), and annotation goes on without one.
  const why = !s && state.item ? state.item.suggestion_status : "";
  const weak = state.item && state.item.suggestion_weak;
  banner.hidden = !s && !why && !weak;
  if (weak) banner.append(el("span", "suggestion-weak", weak), " ");
  if (!s) {
    if (why) banner.append(el("span", "muted", why));
    const offered = state.item && !state.annotationId ? state.item.suggestion : null;
    const guess = offered ? guessText(offered.guess) : "";
    if (guess) {
      // Below the threshold nothing is pre-filled (no anchoring on a weak guess), but the guess is shown.
      banner.hidden = false;
      banner.append(el("span", "muted", guess));
    }
    return;
  }
  const what = s.claims.length + " claim" + (s.claims.length === 1 ? "" : "s");
  banner.append(
    el("strong", "", "Suggestion"),
    " (model " + s.model + ", confidence " + Math.round(s.confidence * 100) + "%): " + what + ". ",
    el("span", "", "Press "), el("kbd", "", keyOf.accept), el("span", "", " to accept it as it is, or change it."),
  );
}
