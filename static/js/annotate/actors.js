// The project's actors as the pickers and the sentence read them: by id, and by name or alias.

import { config } from "./state.js";

export const actorsById = new Map(config.actors.map((a) => [a.id, a]));
export const actorsByName = new Map();
config.actors.forEach((a) => {
  [a.name].concat(a.aliases || []).forEach((name) => {
    const key = name.trim().toLowerCase();
    if (key && !actorsByName.has(key)) actorsByName.set(key, a);
  });
});

export function actorName(id) {
  const actor = actorsById.get(id);
  return actor ? actor.name : "";
}

// An actor added or proposed from the form: known by the pickers from now on.
export function rememberActor(actor) {
  config.actors.push(actor);
  actorsById.set(actor.id, actor);
  [actor.name].concat(actor.aliases || []).forEach((n) => actorsByName.set(n.toLowerCase(), actor));
}
