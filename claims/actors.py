"""Actors: finding their mentions in text, and importing actor lists with aliases."""

import csv
import io
import json
import re
from collections.abc import Iterable
from dataclasses import dataclass

from django.db import transaction

from claims.models import Actor, ActorMention, Project, Sentence
from claims.models.corpus import ActorKind

# Short all-capital acronyms ("US", "UN", "IS") are matched case-sensitively: matched
# case-insensitively they would find the pronoun "us" and the verb "is" everywhere.
_ACRONYM = re.compile(r"^[A-Z]{2,5}$")


class ActorImportError(ValueError):
    """An actor list that cannot be imported; the message says which entry and why."""


class ActorMatcher:
    """Finds every alias of a set of actors in text, on word boundaries, longest alias first.

    Possessives match too: "Russia’s" and "Russia's" are mentions of Russia (the apostrophe is
    not a word character, so the boundary after the name holds).
    """

    def __init__(self, actors: Iterable[tuple[int, Iterable[str]]]):
        folded: dict[str, int] = {}
        exact: dict[str, int] = {}
        for actor_id, forms in actors:
            for form in forms:
                form = " ".join(form.split())
                if not form:
                    continue
                if _ACRONYM.match(form):
                    exact.setdefault(form, actor_id)
                else:
                    folded.setdefault(form.casefold(), actor_id)
        self._folded, self._exact = folded, exact
        self._folded_seen: dict[str, int] = {}
        self._exact_seen: dict[str, int] = {}
        self._pattern = self._compile([*folded], re.IGNORECASE), self._compile([*exact], 0)

    @staticmethod
    def _compile(forms: list[str], flags: int) -> re.Pattern | None:
        if not forms:
            return None
        forms.sort(key=len, reverse=True)
        # Any run of whitespace inside an alias matches any other ("the  Kremlin").
        alternatives = "|".join(r"\s+".join(map(re.escape, form.split())) for form in forms)
        # Testing the first letter before the word boundary halves the time: most positions in
        # a text cannot start any alias.
        first = {form[0].lower() for form in forms} | {form[0].upper() for form in forms}
        initials = "".join(re.escape(char) for char in sorted(first))
        return re.compile(rf"(?=[{initials}])(?<!\w)(?:{alternatives})(?!\w)", flags)

    def __bool__(self) -> bool:
        return bool(self._folded or self._exact)

    def find(self, text: str, start: int = 0, end: int | None = None) -> list[tuple[int, int, int]]:
        """(actor_id, start, end) for every mention inside text[start:end], in order."""
        end = len(text) if end is None else end
        folded_pattern, exact_pattern = self._pattern
        found = self._scan(folded_pattern, text, start, end, str.casefold) if folded_pattern else []
        if exact_pattern:
            found += self._scan(exact_pattern, text, start, end, str)
            found.sort(key=lambda mention: mention[1])
            found = _drop_overlaps(found)
        return found

    def _scan(self, pattern: re.Pattern, text: str, start: int, end: int, fold) -> list[tuple[int, int, int]]:
        table, surfaces = (self._folded, self._folded_seen) if fold is str.casefold else (self._exact, self._exact_seen)
        # The same few surface forms recur thousands of times in a corpus: remember each one's actor.
        found = []
        for match in pattern.finditer(text, start, end):
            surface = match.group()
            actor_id = surfaces.get(surface)
            if actor_id is None:
                actor_id = surfaces[surface] = table[fold(" ".join(surface.split()))]
            found.append((actor_id, *match.span()))
        return found

    @classmethod
    def for_project(cls, project: Project) -> "ActorMatcher":
        return cls((actor.id, actor.surface_forms) for actor in Actor.objects.filter(project=project))


def _drop_overlaps(mentions: list[tuple[int, int, int]]) -> list[tuple[int, int, int]]:
    kept: list[tuple[int, int, int]] = []
    for mention in mentions:
        if kept and mention[1] < kept[-1][2]:
            if mention[2] - mention[1] > kept[-1][2] - kept[-1][1]:
                kept[-1] = mention
            continue
        kept.append(mention)
    return kept


@dataclass(frozen=True)
class ActorSpec:
    """One actor as read from an import file, before it is saved."""

    name: str
    kind: str
    aliases: tuple[str, ...]
    parent: str | None


def read_actor_file(name: str, data: bytes) -> list[ActorSpec]:
    """Parse a JSON list or a CSV (name, kind, aliases separated by "|", parent) of actors."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ActorImportError(f"{name} is not UTF-8 text") from None
    if name.lower().endswith(".json"):
        try:
            rows = json.loads(text)
        except json.JSONDecodeError as error:
            raise ActorImportError(f"{name}, line {error.lineno}: malformed JSON ({error.msg})") from None
        if not isinstance(rows, list):
            raise ActorImportError(f"{name} must hold a JSON list of actors")
        where = [f"{name}, entry {number}" for number in range(1, len(rows) + 1)]
    elif name.lower().endswith(".csv"):
        reader = csv.DictReader(io.StringIO(text))
        if not reader.fieldnames or "name" not in reader.fieldnames:
            raise ActorImportError(f"{name} has no 'name' column")
        rows = [{**row, "aliases": [a for a in (row.get("aliases") or "").split("|")]} for row in reader]
        where = [f"{name}, line {number}" for number in range(2, len(rows) + 2)]
    else:
        raise ActorImportError(f"{name}: actor lists must be .json or .csv")
    return [_actor_spec(row, place) for row, place in zip(rows, where, strict=True)]


def _actor_spec(row: object, place: str) -> ActorSpec:
    if not isinstance(row, dict):
        raise ActorImportError(f"{place}: an actor must be an object")
    name = row.get("name")
    if not isinstance(name, str) or not name.strip():
        raise ActorImportError(f"{place}: 'name' is missing or empty")
    kind = row.get("kind") or ActorKind.OTHER
    if kind not in ActorKind.values:
        raise ActorImportError(f"{place}: kind {kind!r} is not one of {', '.join(ActorKind.values)}")
    aliases = row.get("aliases") or []
    if not isinstance(aliases, list) or not all(isinstance(a, str) for a in aliases):
        raise ActorImportError(f"{place}: 'aliases' must be a list of strings")
    parent = row.get("parent") or None
    if parent is not None and not isinstance(parent, str):
        raise ActorImportError(f"{place}: 'parent' must be an actor's name")
    return ActorSpec(name.strip(), kind, tuple(a.strip() for a in aliases if a.strip()), parent)


@transaction.atomic
def import_actors(*, project: Project, specs: list[ActorSpec]) -> dict[str, int]:
    """Create or update the project's actors by name (case-insensitive), then re-match mentions."""
    existing = {actor.name.casefold(): actor for actor in Actor.objects.select_for_update().filter(project=project)}
    names = {spec.name.casefold() for spec in specs} | set(existing)
    for spec in specs:
        if spec.parent and spec.parent.casefold() not in names:
            raise ActorImportError(f"actor {spec.name!r}: parent {spec.parent!r} is not an actor of this project")
    created = updated = 0
    for spec in specs:
        actor = existing.get(spec.name.casefold())
        if actor is None:
            actor = Actor(project=project, name=spec.name)
            existing[spec.name.casefold()] = actor
            created += 1
        else:
            updated += 1
        actor.kind, actor.aliases = spec.kind, list(dict.fromkeys(spec.aliases))
        actor.save()
    for spec in specs:
        if spec.parent:
            actor = existing[spec.name.casefold()]
            actor.parent = existing[spec.parent.casefold()]
            if actor.parent_id == actor.id:
                raise ActorImportError(f"actor {spec.name!r} cannot be its own parent")
            actor.save(update_fields=["parent"])
    mentions = rematch_mentions(project=project)
    return {"created": created, "updated": updated, "mentions": mentions}


@transaction.atomic
def rematch_mentions(*, project: Project) -> int:
    """Recompute every actor mention of the project's sentences after its actor list changed."""
    ActorMention.objects.filter(sentence__project=project).delete()
    matcher = ActorMatcher.for_project(project)
    if not matcher:
        return 0
    mentions = []
    sentences = Sentence.objects.filter(project=project).select_related(None).only("id", "start", "text")
    for sentence in sentences.iterator(chunk_size=5000):
        for actor_id, start, end in matcher.find(sentence.text):
            mentions.append(
                ActorMention(sentence_id=sentence.id, actor_id=actor_id, start=sentence.start + start,
                             end=sentence.start + end)
            )
    ActorMention.objects.bulk_create(mentions, batch_size=5000)
    return len(mentions)


@transaction.atomic
def save_actor(
    *, project: Project, name: str, kind: str = ActorKind.OTHER, aliases: Iterable[str] = (),
    parent: Actor | None = None, actor: Actor | None = None,
) -> Actor:
    """Create or change one actor of the project and re-match the project's mentions."""
    name = " ".join(name.split())
    if not name:
        raise ActorImportError("an actor needs a name")
    if kind not in ActorKind.values:
        raise ActorImportError(f"kind {kind!r} is not one of {', '.join(ActorKind.values)}")
    if parent is not None and (parent.project_id != project.id or (actor is not None and parent.id == actor.id)):
        raise ActorImportError("the parent must be another actor of the same project")
    clash = Actor.objects.filter(project=project, name__iexact=name).exclude(pk=getattr(actor, "pk", None))
    if clash.exists():
        raise ActorImportError(f"this project already has an actor named {name!r}")
    actor = actor or Actor(project=project)
    actor.name, actor.kind, actor.parent = name, kind, parent
    actor.aliases = list(dict.fromkeys(a.strip() for a in aliases if a.strip()))
    actor.save()
    rematch_mentions(project=project)
    return actor


@transaction.atomic
def delete_actor(*, actor: Actor) -> None:
    """Remove an actor and its mentions."""
    actor.delete()
