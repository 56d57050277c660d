// The model's stance for the claim the annotator is marking: once a span is marked or its subject
// or target changes, the form asks POST suggestions/score/ (debounced) for exactly that span and
// pair, and pre-selects the likeliest stance when its probability is at or above the project's
// threshold, with the confidence shown. A stance the annotator chose is never replaced; one this
// module chose is replaced when the pair changes. Everything here is a hint: a failed request
// changes nothing.

import { api, config, labelOf, request, sentence, state } from "./state.js";

const WAIT_MS = 250; // typing in a picker or dragging a selection sends one request, not one per change
const timers = new Map();

// What the score depends on: the same key means the score held is still the claim's.
const keyOf = (claim) => [sentence().id, claim.start, claim.end, claim.subject, claim.target].join(":");

// After every render: ask for each claim whose span or pair changed since it was last scored.
export function askScores(rerender) {
  if (!state.item) return;
  state.claims.forEach((claim) => {
    // A claim pre-filled from the suggestion already carries the model's stance for its pair.
    if (claim.scoredFor === undefined && claim.suggested !== null && claim.suggested !== undefined) {
      claim.scoredFor = keyOf(claim);
    }
    if (!claim.subject || claim.scoredFor === keyOf(claim)) return;
    claim.scoredFor = keyOf(claim);
    clearTimeout(timers.get(claim));
    timers.set(claim, setTimeout(() => ask(claim, rerender), WAIT_MS));
  });
}

function ask(claim, rerender) {
  const key = claim.scoredFor;
  const body = { sentence: sentence().id, start: claim.start, end: claim.end, subject: claim.subject,
    target: claim.target, claimant: claim.claimant, claimant_is_outlet: claim.claimant_is_outlet };
  request("POST", api + "suggestions/score/", body).then((r) => (r.ok ? r.json() : null)).then((score) => {
    // The claim moved on (another span or pair) or left the form while the request was out.
    if (!score || claim.scoredFor !== key || state.claims.indexOf(claim) === -1) return;
    const [best, p] = Object.entries(score.stance).sort((a, b) => b[1] - a[1])[0] || [];
    const label = best ? labelOf("stance", best) : null;
    const mine = claim.stance && claim.stance !== claim.scoredStance; // the annotator's own choice
    if (!mine) {
      const sure = label && !label.retired && p >= config.threshold;
      claim.stance = sure ? best : "";
      claim.scoredStance = sure ? best : null;
      claim.stanceScore = sure ? p : null;
    }
    rerender();
  }).catch(() => {});
}

// The card's badge text for a stance this module pre-selected, or "".
export function scoreBadge(claim) {
  if (!claim.scoredStance || claim.stance !== claim.scoredStance) return "";
  const label = labelOf("stance", claim.stance);
  return "model: " + (label ? label.label : claim.stance) + " · " + Math.round(claim.stanceScore * 100) + "%";
}
