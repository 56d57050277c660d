"""Saving annotations: the same checks for the web form and the API, and one transaction per save.

A save writes the annotation, its claims and a revision (the history) together or not at all,
and counts against the sentence's k slots under that sentence's row lock (claims.annotation.queue),
so concurrent saves never give a sentence more than k annotators.

Stances and certainties are checked against the project's label scheme, which a manager may change
meanwhile (claims.projects.update_settings renames a label and rewrites the claims that have it,
holding the project row FOR UPDATE). A save therefore holds the project row FOR KEY SHARE while it
writes, and only writes if the scheme is still the one its claims were checked against: a rename
either waits for the save to commit (and then rewrites its claims too) or commits first (and the
save checks its claims again, against the new scheme). KEY SHARE, not SHARE: it conflicts with that
FOR UPDATE but not with the no-key update locks of actor re-matches (claims.actors.rematch), which take
the project row while they hold sentences; it is the lock every insert of a row that refers to the
project takes anyway.
"""

import json
from contextlib import nullcontext
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, connection, transaction
from django.db.models import Exists
from psycopg.errors import UniqueViolation
from psycopg.types.json import Jsonb

from claims.annotation.errors import AnnotationRejected, Problem
from claims.annotation.queue import body_sentence, slot_refused, take_slot
from claims.db import prepared_cursor
from claims.models import ActorMention, Annotation, AnnotationRevision, Claim, Project, Role, Sentence, Suggestion, User
from claims.models.annotation import SuggestionOutcome
from claims.models.corpus import IN_USE
from claims.scheme import Scheme
from claims.suggest.prefill import guess, proposed_claims
from claims.suggest.runs import labels_saved

MAX_CLAIMS = 50
MAX_COMMENT = 10_000
MAX_SECONDS = 24 * 60 * 60


@dataclass(frozen=True)
class ClaimInput:
    """One claim as the annotator marked it; offsets are into the source text."""

    start: int
    end: int
    claimant: int | None = None
    claimant_name: str = ""
    claimant_is_outlet: bool = False
    subject: int | None = None
    target: int | None = None
    stance: str = ""
    certainty: str = ""  # empty: the first certainty of the project's scheme


@dataclass(frozen=True)
class AnnotationInput:
    """What an annotator submits for a sentence; no claims means "no claim in this sentence"."""

    claims: tuple[ClaimInput, ...] = ()
    comment: str = ""
    seconds_spent: int = 0
    suggestion: int | None = None


@dataclass(frozen=True)
class AnnotationChanges:
    """An edit: fields left as None keep their value."""

    claims: tuple[ClaimInput, ...] | None = None
    comment: str | None = None
    seconds_spent: int | None = None
    # The version the editor started from: a newer one stored means someone changed it meanwhile.
    version: int | None = None


def _known_actors(project: Project, ids: set[int]) -> set[int]:
    """Those of the actor ids that belong to the project and are in use."""
    if not ids:
        return set()
    with prepared_cursor() as cursor:
        # Merged and rejected proposals are named by no new claim (claims.actors.proposals).
        cursor.execute("SELECT id FROM claims_actor WHERE project_id = %s AND id = ANY(%s) AND status = ANY(%s)",
                       [project.pk, list(ids), [status.value for status in IN_USE]])
        return {row[0] for row in cursor.fetchall()}


def _check_claims(
    *, project: Project, sentence: Sentence, claims: tuple[ClaimInput, ...], kept: set[tuple[str, str]]
) -> list[Problem]:
    """Every problem with the claims; ``kept`` are (group, value) pairs the annotation already uses."""
    problems: list[Problem] = []
    if len(claims) > MAX_CLAIMS:
        return [Problem("claims", f"at most {MAX_CLAIMS} claims per sentence")]
    stances = set(project.scheme.values("stance")) | {v for g, v in kept if g == "stance"}
    certainties = set(project.scheme.values("certainty")) | {v for g, v in kept if g == "certainty"}
    known = _known_actors(project, {i for c in claims for i in (c.claimant, c.subject, c.target) if i is not None})
    for n, claim in enumerate(claims):
        at = f"claims[{n}]"
        if not claim.start < claim.end:
            problems.append(Problem(f"{at}.start", f"start ({claim.start}) must be before end ({claim.end})"))
        elif claim.start < sentence.start or claim.end > sentence.end:
            problems.append(Problem(f"{at}.start", f"the span {claim.start}-{claim.end} is not inside the sentence "
                                                   f"({sentence.start}-{sentence.end})"))
        for role in ("claimant", "subject", "target"):
            actor = getattr(claim, role)
            if actor is not None and actor not in known:
                problems.append(Problem(f"{at}.{role}", f"actor {actor} is not an actor of this project"))
        if sum((claim.claimant is not None, bool(claim.claimant_name.strip()), claim.claimant_is_outlet)) > 1:
            problems.append(Problem(f"{at}.claimant", "give one claimant: an actor, a named person or the outlet"))
        if len(claim.claimant_name) > 200:
            problems.append(Problem(f"{at}.claimant_name", "a claimant's name has at most 200 characters"))
        if claim.stance and claim.stance not in stances:
            problems.append(Problem(f"{at}.stance", f"{claim.stance!r} is not a stance of this project "
                                                    f"({', '.join(sorted(stances))})"))
        if claim.stance and claim.subject is None:
            problems.append(Problem(f"{at}.subject", "a stance needs a subject: who takes it?"))
        if claim.stance and claim.target is None:
            problems.append(Problem(f"{at}.target", "a stance needs a target: whom is the subject for or against?"))
        if claim.subject is not None and claim.subject == claim.target:
            problems.append(Problem(f"{at}.target", "the target must be another actor than the subject"))
        if claim.certainty and claim.certainty not in certainties:
            problems.append(Problem(f"{at}.certainty", f"{claim.certainty!r} is not a certainty of this project "
                                                       f"({', '.join(sorted(certainties))})"))
    return problems


def _check_fields(comment: str | None, seconds_spent: int | None) -> list[Problem]:
    problems = []
    if comment is not None and len(comment) > MAX_COMMENT:
        problems.append(Problem("comment", f"a comment has at most {MAX_COMMENT} characters"))
    if seconds_spent is not None and not 0 <= seconds_spent <= MAX_SECONDS:
        problems.append(Problem("seconds_spent", f"seconds_spent must be between 0 and {MAX_SECONDS}"))
    return problems


def _suggestion(sentence: Sentence, suggestion_id: int | None) -> Suggestion | None:
    """The suggestion the form was given, with ``informed``: whether the sentence names an actor (the pre-fill
    rule's word: what the form showed depends on it)."""
    if suggestion_id is None:
        return None
    suggestion = (Suggestion.objects.filter(pk=suggestion_id, sentence=sentence).defer("embedding")
                  .annotate(informed=Exists(ActorMention.objects.filter(sentence=sentence))).first())
    if suggestion is None:
        raise AnnotationRejected.invalid(f"suggestion {suggestion_id} is not a suggestion for sentence "
                                         f"{sentence.pk}", field="suggestion")
    return suggestion


def _claim_key(claim: dict) -> tuple:
    """What makes two claims the same label: span, actors, stance, certainty (empty values alike)."""
    return (claim.get("start"), claim.get("end"), *(claim.get(name) or None for name in (
        "claimant", "claimant_name", "claimant_is_outlet", "subject", "target", "stance", "certainty")))


def suggestion_outcome(*, suggestion, claims: tuple[ClaimInput, ...], threshold: float, scheme: Scheme) -> str:
    """Accepted (the same claims), edited (some kept or changed), rejected (none kept), guess (nothing was
    pre-filled but the model's guess was shown) or none (nothing shown).

    Compared with what the form showed from the suggestion: the same copy the page was given
    (claims.suggest.prefill), under the project's threshold and scheme; ``suggestion.informed`` says
    whether the sentence names an actor (True when not given).
    """
    if suggestion is None:
        return SuggestionOutcome.NONE
    proposed = proposed_claims(suggestion, threshold=threshold, scheme=scheme)
    if not proposed:
        shown = guess(suggestion, threshold=threshold, scheme=scheme, informed=getattr(suggestion, "informed", True))
        return SuggestionOutcome.GUESS if shown else SuggestionOutcome.NONE
    given = [claim.__dict__ for claim in claims]
    if sorted(map(_claim_key, proposed), key=repr) == sorted(map(_claim_key, given), key=repr):
        return SuggestionOutcome.ACCEPTED
    proposed_spans = {(c.get("start"), c.get("end")) for c in proposed}
    if any((c["start"], c["end"]) in proposed_spans for c in given):
        return SuggestionOutcome.EDITED
    return SuggestionOutcome.REJECTED


def _claims_for(project: Project, sentence: Sentence, annotation: Annotation, claims: tuple[ClaimInput, ...]):
    default_certainty = project.scheme.default_certainty
    offset = sentence.start
    return [
        Claim(sentence=sentence, annotation=annotation, start=c.start, end=c.end,
              text=sentence.text[c.start - offset:c.end - offset], claimant_id=c.claimant,
              claimant_name=c.claimant_name.strip(), claimant_is_outlet=c.claimant_is_outlet, subject_id=c.subject,
              target_id=c.target, stance=c.stance, certainty=c.certainty or default_certainty)
        for c in claims
    ]


def claim_data(claim: Claim) -> dict:
    return {"id": claim.pk, "start": claim.start, "end": claim.end, "text": claim.text, "claimant": claim.claimant_id,
            "claimant_name": claim.claimant_name, "claimant_is_outlet": claim.claimant_is_outlet,
            "subject": claim.subject_id, "target": claim.target_id, "stance": claim.stance,
            "certainty": claim.certainty}


def annotation_data(annotation: Annotation, claims: list[Claim] | None = None) -> dict:
    """An annotation as the API returns it; claims default to the (prefetched) stored ones."""
    claims = list(annotation.claims.all()) if claims is None else claims
    return {
        "id": annotation.pk, "sentence": annotation.sentence_id, "annotator": annotation.annotator_id,
        "claims": [claim_data(c) for c in sorted(claims, key=lambda c: (c.start, c.pk))],
        "comment": annotation.comment, "seconds_spent": annotation.seconds_spent,
        "suggestion": annotation.suggestion_id, "suggestion_outcome": annotation.suggestion_outcome,
        "version": annotation.version, "created_at": annotation.created_at, "updated_at": annotation.updated_at,
    }


def _snapshot(annotation: Annotation, claims: list[Claim]) -> dict:
    """What a revision keeps: the labels, not the row ids and timestamps."""
    data = annotation_data(annotation, claims)
    data["claims"] = [{k: v for k, v in c.items() if k != "id"} for c in data["claims"]]
    return {k: v for k, v in data.items() if k not in ("id", "created_at", "updated_at", "version")}


# Claim parameters of _CREATE, each a list over the claims: (parameter, Claim attribute).
_CLAIM_COLUMNS = (
    ("starts", "start"), ("ends", "end"), ("texts", "text"), ("claimants", "claimant_id"), ("names", "claimant_name"),
    ("outlets", "claimant_is_outlet"), ("subjects", "subject_id"), ("targets", "target_id"), ("stances", "stance"),
    ("certainties", "certainty"),
)


def _prefetch(annotation: Annotation, claims: list[Claim]) -> None:
    """The claims just written stand in for a prefetch: reading the annotation back costs no query."""
    prefetched = annotation.claims.all()
    prefetched._result_cache, prefetched._prefetch_done = claims, True
    annotation._prefetched_objects_cache = {"claims": prefetched}


def _record_revision(annotation: Annotation, claims: list[Claim], changed_by: User) -> None:
    AnnotationRevision.objects.create(annotation=annotation, version=annotation.version,
                                      data=_snapshot(annotation, claims), changed_by=changed_by)
    _prefetch(annotation, claims)


# The whole save in one statement (one round trip, planned once per connection): lock the project
# row if its label scheme is still the one the claims were checked against (the gate, before any
# queue row is locked), take the slot, then insert the annotation, its claims and its first
# revision, each only if the step before it happened. Answers one row: whether the gate passed,
# and the annotation's id, time and claim ids (null when nothing was written). Raw SQL because this
# runs for every item of every annotator; a column added to these tables needs a db_default.
_CREATE = take_slot(gate="""
    SELECT 1 FROM claims_project WHERE id = %(project)s AND label_scheme = %(scheme)s FOR KEY SHARE
""") + """, annotation AS (
    INSERT INTO claims_annotation (project_id, sentence_id, annotator_id, comment, seconds_spent, suggestion_id,
                                   suggestion_outcome, version, created_at, updated_at)
    SELECT %(project)s, %(sentence)s, %(me)s, %(comment)s, %(seconds)s, %(suggestion)s, %(outcome)s, 1, now(), now()
    FROM slot
    RETURNING id, created_at
), claims AS (
    INSERT INTO claims_claim (sentence_id, annotation_id, start, "end", text, claimant_id, claimant_name,
                              claimant_is_outlet, subject_id, target_id, stance, certainty)
    SELECT %(sentence)s, annotation.id, c.* FROM annotation, unnest(
        %(starts)s::integer[], %(ends)s::integer[], %(texts)s::text[], %(claimants)s::bigint[], %(names)s::text[],
        %(outlets)s::boolean[], %(subjects)s::bigint[], %(targets)s::bigint[], %(stances)s::text[],
        %(certainties)s::text[]) AS c
    RETURNING id
), revision AS (
    INSERT INTO claims_annotationrevision (annotation_id, version, data, changed_by_id, changed_at)
    SELECT id, 1, %(snapshot)s, %(me)s, now() FROM annotation
)
SELECT EXISTS (SELECT FROM gate), annotation.id, annotation.created_at, ARRAY(SELECT id FROM claims)
FROM (SELECT) AS one LEFT JOIN annotation ON TRUE
"""

# How often a save checks its claims again because the label scheme changed under it, before it
# gives up (each time, a manager saved a new scheme in the moment between check and write).
SCHEME_ATTEMPTS = 3


def _current_scheme(project: Project) -> dict:
    """The project's label scheme as committed now, kept on ``project`` for the checks that follow."""
    scheme = Project.objects.filter(pk=project.pk).values_list("label_scheme", flat=True).first()
    if scheme is None:
        raise AnnotationRejected.not_found("No such project")
    project.label_scheme = scheme
    return scheme


def create_annotation(*, project: Project, annotator: User, sentence_id: object, data: AnnotationInput) -> Annotation:
    """Store the annotator's annotation of a body sentence with its claims and first revision, all or nothing,
    with labels from the project's scheme as it is when the annotation is written.

    AnnotationRejected: 400 with every problem in the input; 409 when they already annotated the
    sentence or its k slots are taken by others.
    """
    sentence = body_sentence(project=project, sentence_id=sentence_id)
    for _ in range(SCHEME_ATTEMPTS):
        written = _write_annotation(project=project, annotator=annotator, sentence=sentence, data=data)
        if written is not None:
            return written
        _current_scheme(project)  # the scheme changed after the claims were checked: check them again
    raise AnnotationRejected.conflict("the project's labels were changed several times while this was saved; "
                                      "reload the page and save again", field="claims")


def _write_annotation(*, project: Project, annotator: User, sentence: Sentence, data: AnnotationInput
                      ) -> Annotation | None:
    """The annotation checked and written (None: the label scheme is no longer the one it was checked against)."""
    problems = _check_claims(project=project, sentence=sentence, claims=data.claims, kept=set())
    problems += _check_fields(data.comment, data.seconds_spent)
    if problems:
        raise AnnotationRejected(problems)
    suggestion = _suggestion(sentence, data.suggestion)
    annotation = Annotation(
        project=project, sentence=sentence, annotator=annotator, comment=data.comment,
        seconds_spent=data.seconds_spent, suggestion=suggestion,
        suggestion_outcome=suggestion_outcome(suggestion=suggestion, claims=data.claims,
                                              threshold=project.suggestion_threshold, scheme=project.scheme),
    )
    claims = _claims_for(project, sentence, annotation, data.claims)
    params = {
        "project": project.pk, "me": annotator.pk, "sentence": sentence.pk, "k": project.overlap,
        "scheme": Jsonb(project.label_scheme),
        "comment": annotation.comment, "seconds": annotation.seconds_spent, "suggestion": annotation.suggestion_id,
        "outcome": annotation.suggestion_outcome, "snapshot": Jsonb(_snapshot(annotation, claims)),
        **{column: [getattr(c, attribute) for c in claims] for column, attribute in _CLAIM_COLUMNS},
    }
    try:
        # One statement is a transaction of its own: no BEGIN and COMMIT round trips. Inside a
        # caller's transaction it takes a savepoint, so that a refusal leaves that transaction usable.
        with transaction.atomic() if connection.in_atomic_block else nullcontext(), prepared_cursor() as cursor:
            cursor.execute(_CREATE, params)
            gate_passed, annotation_id, created_at, claim_ids = cursor.fetchone()
    except IntegrityError as error:
        # The slot check already refuses a second annotation by the same annotator; the unique
        # constraint still catches one written past the queue. Anything else the database refuses
        # (an actor deleted meanwhile) is said as it is.
        if not isinstance(error.__cause__, UniqueViolation):
            raise AnnotationRejected.invalid(f"the database refused it: {error}", field="claims") from None
        gate_passed, annotation_id = True, None
    if not gate_passed:
        return None
    if annotation_id is None:
        raise slot_refused(project=project, annotator=annotator, sentence=sentence)
    annotation.pk, annotation.created_at = annotation_id, created_at
    annotation.updated_at = annotation.created_at
    for claim, claim_id in zip(claims, claim_ids, strict=True):
        claim.pk = claim_id
        claim._state.adding = False
    _prefetch(annotation, claims)
    # Enough new labels retrain the suggestion model (in the worker).
    transaction.on_commit(lambda: labels_saved(project=project, annotation_id=annotation.pk))
    _settle_on_commit(project, sentence.pk, by=annotator, annotation_id=annotation.pk)
    return annotation


def _settle_on_commit(project: Project, sentence_id: int, *, by: User, annotation_id: int) -> None:
    """Once the save commits, unanimous gold it made stale is withdrawn (recorded), and its sentence becomes
    gold if all its k annotators now agree (claims.annotation.unanimity).

    After the commit, so the save's own statements stay as they are; the look costs two small queries.
    """
    from claims.annotation.unanimity import settle_unanimous  # it builds on saving's claim checks

    transaction.on_commit(lambda: settle_unanimous(project=project, sentence_id=sentence_id, changed_by=by,
                                                   annotation_id=annotation_id))


def _same_content(annotation: Annotation, project: Project, data: AnnotationInput) -> bool:
    """Whether the stored annotation holds exactly these claims and this comment (time and suggestion aside)."""
    given = _claims_for(project, annotation.sentence, annotation, data.claims)
    key = lambda claims: sorted((_claim_key(claim_data(c)) for c in claims), key=repr)  # noqa: E731
    return annotation.comment == data.comment and key(annotation.claims.all()) == key(given)


def submit_annotation(
    *, project: Project, annotator: User, sentence_id: object, data: AnnotationInput
) -> tuple[Annotation, bool]:
    """Store a new annotation as create_annotation does, or return the annotator's stored one when it holds
    this very content (a retried request whose answer was lost): (annotation, created). Nothing is written twice.

    AnnotationRejected as create_annotation; 409 when their stored annotation differs (change it with PATCH).
    """
    try:
        return create_annotation(project=project, annotator=annotator, sentence_id=sentence_id, data=data), True
    except AnnotationRejected as refused:
        if refused.status != 409:
            raise
        stored = (Annotation.objects.filter(project=project, sentence_id=sentence_id, annotator=annotator)
                  .select_related("sentence").with_claims().first())
        if stored is None or not _same_content(stored, project, data):
            raise
        return stored, False


def may_edit(user: User, project: Project, annotation: Annotation) -> bool:
    """Annotators change their own annotations; editors and managers any of the project's."""
    return (annotation.annotator_id == user.pk or user.is_staff
            or project.role_of(user) in (Role.MANAGER, Role.EDITOR))


def edit_annotation(
    *, project: Project, annotation_id: int, editor: User, changes: AnnotationChanges
) -> Annotation:
    """Change an annotation (its claims replaced when given) and record the new revision, all or nothing.

    PermissionDenied when an annotator edits someone else's; AnnotationRejected 400 on bad input,
    409 when ``changes.version`` is given and someone saved a newer version meanwhile.
    """
    with transaction.atomic():
        # The project row first (the lock order of claims.annotation.queue), held until the edit
        # commits: the scheme read under it is the one its claims are checked against and stored with.
        with connection.cursor() as cursor:
            cursor.execute("SELECT label_scheme::text FROM claims_project WHERE id = %s FOR KEY SHARE", [project.pk])
            row = cursor.fetchone()
        if row is None:
            raise AnnotationRejected.not_found("No such project")
        project.label_scheme = json.loads(row[0])
        annotation = (Annotation.objects.select_for_update(of=("self",)).select_related("sentence", "suggestion")
                      .filter(project=project, pk=annotation_id).first())
        if annotation is None:
            raise AnnotationRejected.not_found(f"no annotation {annotation_id} in this project")
        if not may_edit(editor, project, annotation):
            raise PermissionDenied("annotators may change only their own annotations")
        if changes.version is not None and changes.version != annotation.version:
            raise AnnotationRejected.conflict(
                f"this annotation was changed meanwhile (version {annotation.version}, yours was {changes.version}); "
                "reload it and apply your change again", field="version")
        sentence = annotation.sentence
        stored = list(annotation.claims.all())
        problems = _check_fields(changes.comment, changes.seconds_spent)
        if changes.claims is not None:
            kept = {("stance", c.stance) for c in stored} | {("certainty", c.certainty) for c in stored}
            problems += _check_claims(project=project, sentence=sentence, claims=changes.claims, kept=kept)
        if problems:
            raise AnnotationRejected(problems)
        if changes.comment is not None:
            annotation.comment = changes.comment
        if changes.seconds_spent is not None:
            annotation.seconds_spent = changes.seconds_spent
        annotation.version += 1
        claims = stored
        if changes.claims is not None:
            if annotation.suggestion is not None:
                annotation.suggestion.informed = ActorMention.objects.filter(sentence=sentence).exists()
            annotation.suggestion_outcome = suggestion_outcome(suggestion=annotation.suggestion,
                                                               claims=changes.claims,
                                                               threshold=project.suggestion_threshold,
                                                               scheme=project.scheme)
            annotation.claims.all().delete()
            claims = _claims_for(project, sentence, annotation, changes.claims)
            Claim.objects.bulk_create(claims)
        annotation.save()
        _record_revision(annotation, claims, editor)
    _settle_on_commit(project, sentence.pk, by=editor, annotation_id=annotation.pk)
    return annotation
