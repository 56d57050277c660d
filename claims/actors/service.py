"""Actors: importing and editing a project's actor lists with aliases (their mentions are matched by a re-match job)."""

import csv
import io
import json
from collections.abc import Iterable
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from claims.actors.rematch import request_rematch
from claims.errors import ServiceError
from claims.models import Actor, ActorStatus, Project, User
from claims.models.corpus import ActorKind
from claims.storable import string_problem

# The columns' limits, read from the model: a longer name would be a database error, and PostgreSQL
# would silently cut a longer alias (array elements are cast, not checked).
NAME_LENGTH = Actor._meta.get_field("name").max_length
ALIAS_LENGTH = Actor._meta.get_field("aliases").base_field.max_length


class ActorImportError(ServiceError):
    """An actor list that cannot be imported; the message says which entry and why."""


def name_problem(value: str, limit: int) -> str | None:
    """Why this name or alias cannot be stored (too long, a NUL, a lone surrogate), or None."""
    if problem := string_problem(value):
        return problem
    if len(value) > limit:
        return f"is {len(value):,} characters long, over the limit of {limit:,}"
    return None


def _check_names(name: str, aliases: Iterable[str], place: str = "") -> None:
    """Raise ActorImportError, naming the entry and the value, if a name or alias cannot be stored."""
    checks = [("name", name, NAME_LENGTH), *(("alias", alias, ALIAS_LENGTH) for alias in aliases)]
    for what, value, limit in checks:
        if problem := name_problem(value, limit):
            quoted = repr(value) if len(value) <= 40 else repr(value[:40]) + "…"
            raise ActorImportError(f"{place + ': ' if place else ''}{what} {quoted} {problem}")


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
    if (position := text.find("\x00")) >= 0:
        raise ActorImportError(f"{name} is a binary file, not text (a NUL character at position {position:,})")
    if name.lower().endswith(".json"):
        rows = _parse_json(name, text)
        where = [f"{name}, entry {number}" for number in range(1, len(rows) + 1)]
    elif name.lower().endswith(".csv"):
        reader = csv.DictReader(io.StringIO(text, newline=""))
        if not reader.fieldnames or "name" not in reader.fieldnames:
            raise ActorImportError(f"{name} has no 'name' column")
        try:
            rows = [{**row, "aliases": [a for a in (row.get("aliases") or "").split("|")]} for row in reader]
        except csv.Error as error:
            raise ActorImportError(f"{name}, line {reader.line_num}: malformed CSV ({error})") from None
        where = [f"{name}, line {number}" for number in range(2, len(rows) + 2)]
    else:
        raise ActorImportError(f"{name}: actor lists must be .json or .csv")
    return [_actor_spec(row, place) for row, place in zip(rows, where, strict=True)]


def _parse_json(name: str, text: str) -> list:
    """The JSON list of an actor file, parsed strictly (no NaN), or an ActorImportError saying why not."""
    def refuse(constant: str):
        raise ValueError(f"{constant} is not a JSON number")

    try:
        rows = json.loads(text, parse_constant=refuse)
    except json.JSONDecodeError as error:
        raise ActorImportError(f"{name}, line {error.lineno}: malformed JSON ({error.msg})") from None
    except RecursionError:
        raise ActorImportError(f"{name}: malformed JSON (nested too deeply to read)") from None
    except ValueError as error:
        raise ActorImportError(f"{name}: malformed JSON ({error})") from None
    if not isinstance(rows, list):
        raise ActorImportError(f"{name} must hold a JSON list of actors")
    return rows


def _actor_spec(row: object, place: str) -> ActorSpec:
    if not isinstance(row, dict):
        raise ActorImportError(f"{place}: an actor must be an object")
    name = row.get("name")
    if not isinstance(name, str) or not name.strip():
        raise ActorImportError(f"{place}: 'name' is missing or empty")
    kind = row.get("kind") or ActorKind.OTHER
    if not isinstance(kind, str) or kind not in ActorKind.values:
        raise ActorImportError(f"{place}: kind {str(kind)[:40]!r} is not one of {', '.join(ActorKind.values)}")
    aliases = row.get("aliases") or []
    if not isinstance(aliases, list) or not all(isinstance(a, str) for a in aliases):
        raise ActorImportError(f"{place}: 'aliases' must be a list of strings")
    parent = row.get("parent") or None
    if parent is not None and not isinstance(parent, str):
        raise ActorImportError(f"{place}: 'parent' must be an actor's name")
    spec = ActorSpec(name.strip(), kind, tuple(a.strip() for a in aliases if a.strip()), parent)
    _check_names(spec.name, spec.aliases, place)
    return spec


@transaction.atomic
def import_actors(*, project: Project, specs: list[ActorSpec], user: User | None = None) -> dict[str, int]:
    """Create or update the project's actors by name (case-insensitive); mentions are matched again by a job."""
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
    job = request_rematch(project=project, user=user)
    return {"created": created, "updated": updated, "match_job": job.id}


@transaction.atomic
def save_actor(
    *, project: Project, name: str, kind: str = ActorKind.OTHER, aliases: Iterable[str] = (),
    parent: Actor | None = None, actor: Actor | None = None, user: User | None = None, proposed: bool = False,
) -> Actor:
    """Create or change one actor of the project; its mentions are matched again by a job (request_rematch).

    ``proposed``: a new actor an annotator names from the form, usable at once and waiting for an
    editor's decision (claims.actors.proposals), with who proposed it and when.
    """
    name = " ".join(name.split())
    if not name:
        raise ActorImportError("an actor needs a name")
    if kind not in ActorKind.values:
        raise ActorImportError(f"kind {kind!r} is not one of {', '.join(ActorKind.values)}")
    if parent is not None and (parent.project_id != project.id or (actor is not None and parent.id == actor.id)):
        raise ActorImportError("the parent must be another actor of the same project")
    aliases = list(dict.fromkeys(a.strip() for a in aliases if a.strip()))
    _check_names(name, aliases)
    clash = Actor.objects.filter(project=project, name__iexact=name).exclude(pk=getattr(actor, "pk", None))
    if clash.exists():
        raise ActorImportError(f"this project already has an actor named {name!r}")
    if actor is None:
        actor = Actor(project=project)
        if proposed:
            actor.status, actor.proposed_by, actor.proposed_at = ActorStatus.PROPOSED, user, timezone.now()
    actor.name, actor.kind, actor.parent = name, kind, parent
    actor.aliases = aliases
    actor.save()
    request_rematch(project=project, user=user)
    return actor


@transaction.atomic
def delete_actor(*, actor: Actor, user: User | None = None) -> None:
    """Remove an actor and its mentions; the rest are matched again by a job (aliases it held may be others')."""
    project = actor.project
    actor.delete()
    request_rematch(project=project, user=user)
