"""Gold decisions: an editor's adjudication, unanimous sentences, and majority decisions accepted in bulk.

Gold lives on `Adjudication` (one per sentence) and its claims; training reads it first
(claims.suggest.labels). The annotators' annotations are never touched. Every version of a gold
decision is kept (`AdjudicationRevision`): who, when, how (unanimous / majority / adjudicated) and
why. A sentence that has gold is changed only by a revision that names the version it replaces: a
second editor who did not see the first one's decision gets a 409, never a silent overwrite.
Unanimous gold that an annotator's later change makes stale is withdrawn, with a record of it
(`withdraw_stale_unanimous`); gold an editor decided or accepted is never changed automatically.
"""

from collections import defaultdict
from dataclasses import dataclass

from django.db import IntegrityError, transaction

from claims.annotation.errors import AnnotationRejected
from claims.annotation.queue import body_sentence
from claims.annotation.saving import ClaimInput, _check_claims, _claims_for, claim_data
from claims.models import (
    Adjudication,
    AdjudicationRevision,
    Annotation,
    Claim,
    GoldWithdrawal,
    Project,
    Sentence,
    User,
)
from claims.models.annotation import Resolution
from claims.review.errors import ReviewRejected
from claims.review.majority import MAJORITY_FIELDS, majority_claims
from claims.suggest.runs import labels_saved

MAX_NOTE = 10_000

def _snapshot(adjudication: Adjudication, claims: list[Claim]) -> dict:
    return {"resolution": adjudication.resolution, "note": adjudication.note,
            "claims": [{k: v for k, v in claim_data(c).items() if k != "id"} for c in claims]}


def _write(adjudication: Adjudication, claims: list[Claim], by: User | None) -> Adjudication:
    """Store the decision, replace its claims, record the version; inside the caller's transaction."""
    adjudication.save()
    adjudication.claims.all().delete()
    for claim in claims:
        claim.annotation, claim.adjudication = None, adjudication
    Claim.objects.bulk_create(claims)
    AdjudicationRevision.objects.create(adjudication=adjudication, version=adjudication.version,
                                        data=_snapshot(adjudication, claims), decided_by=by)
    return adjudication


@dataclass(frozen=True)
class GoldInput:
    """An editor's decision: the claims that are true of the sentence (none: it holds no claim), and why."""

    claims: tuple[ClaimInput, ...] = ()
    note: str = ""
    revises: int | None = None  # the version of the stored gold this replaces; None: there is none yet


def adjudicate(*, project: Project, editor: User, sentence_id: object, data: GoldInput) -> Adjudication:
    """Make the editor's claims the sentence's gold (resolution adjudicated), with the note, all or nothing.

    ReviewRejected 400 on bad claims or note; 409 when the sentence has gold and ``revises`` is not
    its current version (someone decided meanwhile, or the editor did not know of it).
    """
    try:
        sentence = body_sentence(project=project, sentence_id=sentence_id)
    except AnnotationRejected as refused:  # said in review's terms
        raise ReviewRejected(refused.problems) from None
    problems = _check_claims(project=project, sentence=sentence, claims=data.claims, kept=set())
    if len(data.note) > MAX_NOTE:
        problems.append(ReviewRejected.invalid(f"a note has at most {MAX_NOTE} characters", field="note").problems[0])
    if problems:
        raise ReviewRejected(problems)
    try:
        with transaction.atomic():
            stored = Adjudication.objects.select_for_update().filter(sentence_id=sentence.pk).first()
            if stored is not None and data.revises != stored.version:
                raise ReviewRejected.conflict(
                    f"sentence {sentence.pk} already has gold ({stored.resolution}, version {stored.version}"
                    f"{', by ' + stored.editor.username if stored.editor_id else ''}); to replace it, send "
                    f"revises: {stored.version}", field="revises")
            if stored is None and data.revises is not None:
                raise ReviewRejected.conflict(f"sentence {sentence.pk} has no gold to revise", field="revises")
            adjudication = stored or Adjudication(project=project, sentence_id=sentence.pk, version=0)
            adjudication.editor, adjudication.note = editor, data.note
            adjudication.resolution, adjudication.version = Resolution.ADJUDICATED, adjudication.version + 1
            adjudication = _write(adjudication, _claims_for(project, sentence, None, data.claims), editor)
    except IntegrityError:
        # Two editors deciding a sentence without gold at the same moment: the unique sentence
        # keeps one; the other learns of it here.
        raise ReviewRejected.conflict(f"sentence {sentence.pk} was decided by someone else meanwhile; reload it",
                                      field="revises") from None
    transaction.on_commit(lambda: labels_saved(project=project))
    return adjudication


def _rows_by_sentence(project: Project, sentence_ids, *, without_gold: bool = True) -> dict[int, list[list[tuple]]]:
    """Per sentence (without gold, unless told), each annotation's claims as majority rows (claim id last)."""
    annotations = Annotation.objects.filter(project=project)
    if without_gold:
        annotations = annotations.filter(sentence__adjudication__isnull=True)
    if sentence_ids is not None:
        annotations = annotations.filter(sentence_id__in=sentence_ids)
    by_annotation = {a: (s, []) for a, s in annotations.values_list("id", "sentence_id")}
    claims = Claim.objects.filter(annotation_id__in=list(by_annotation)).order_by("start", "id")
    for annotation_id, *row in claims.values_list("annotation_id", *MAJORITY_FIELDS, "claimant_name", "id"):
        by_annotation[annotation_id][1].append(tuple(row))
    by_sentence = defaultdict(list)
    for sentence_id, rows in by_annotation.values():
        by_sentence[sentence_id].append(rows)
    return by_sentence


def _key(claims: list[tuple]) -> list[tuple]:
    return sorted(tuple(r[1:10]) for r in claims)  # the labels, not the ids


def _same(rows: list[list[tuple]]) -> bool:
    keys = [_key(claims) for claims in rows]
    return all(key == keys[0] for key in keys)


_COPIED = ("sentence_id", "start", "end", "text", "claimant_id", "claimant_is_outlet", "claimant_name", "subject_id",
           "target_id", "stance", "certainty")


def _copy(claim: Claim) -> Claim:
    """A new gold claim with an annotator's labels (not their proposition: gold is grouped on its own)."""
    return Claim(**{name: getattr(claim, name) for name in _COPIED})


def accept_gold(*, project: Project, resolution: str, editor: User | None = None, sentence_ids=None) -> int:
    """Make gold of every sentence without gold whose annotations agree (unanimous: all its k annotators
    gave the same claims) or, for ``majority``, where a majority rule decides; returns how many.

    Unanimous needs at least the project's overlap of annotations (and two); majority at least two.
    Gold already there is never changed. All or nothing.
    """
    if resolution not in (Resolution.UNANIMOUS, Resolution.MAJORITY):
        raise ReviewRejected.invalid("accept unanimous or majority decisions", field="resolution")
    made = 0
    with transaction.atomic():
        by_sentence = _rows_by_sentence(project, sentence_ids)
        sentences = Sentence.objects.in_bulk(list(by_sentence))
        for sentence_id, rows in by_sentence.items():
            if len(rows) < 2:
                continue
            unanimous = len(rows) >= project.overlap and _same(rows)
            if unanimous:
                chosen, how = rows[0], Resolution.UNANIMOUS
            elif resolution == Resolution.MAJORITY and (chosen := majority_claims(rows)) is not None:
                how = Resolution.MAJORITY
            else:
                continue
            ids = [row[-1] for row in chosen]
            claims = [_copy(c) for c in Claim.objects.filter(id__in=ids).order_by("start", "id")]
            note = "all annotators agree" if how == Resolution.UNANIMOUS else "majority accepted in bulk"
            adjudication = Adjudication(project=project, sentence=sentences[sentence_id], resolution=how, note=note,
                                        editor=editor if how == Resolution.MAJORITY else None)
            with transaction.atomic():  # a savepoint: gold made meanwhile by an editor wins
                try:
                    _write(adjudication, claims, editor)
                except IntegrityError:
                    continue
            made += 1
    if made:
        transaction.on_commit(lambda: labels_saved(project=project))
    return made


def withdraw_stale_unanimous(*, project: Project, sentence_id: int, changed_by: User | None = None,
                             annotation_id: int | None = None) -> GoldWithdrawal | None:
    """Withdraw the sentence's unanimous gold when its annotations no longer all give its claims.

    Recorded, never silent: a GoldWithdrawal keeps the gold as it was (and its versions), the reason,
    and whose change of which annotation made it stale. The sentence returns to the disagreement queue
    (or becomes unanimous gold again if the annotators now agree on other claims). Only ``unanimous``
    gold: what an editor decided or accepted (adjudicated, majority) is never touched automatically.
    """
    with transaction.atomic():
        stored = (Adjudication.objects.select_for_update().filter(project=project, sentence_id=sentence_id,
                                                                  resolution=Resolution.UNANIMOUS).first())
        if stored is None:
            return None
        rows = _rows_by_sentence(project, [sentence_id], without_gold=False).get(sentence_id, [])
        gold_claims = list(stored.claims.order_by("start", "id"))
        gold_key = _key([tuple(getattr(c, f) for f in MAJORITY_FIELDS) + (c.claimant_name, c.pk) for c in gold_claims])
        enough = len(rows) >= max(project.overlap, 2)
        if enough and all(_key(claims) == gold_key for claims in rows):
            return None
        if not enough:
            reason = f"only {len(rows)} of the {project.overlap} annotations it rested on are left"
        elif _same(rows):
            reason = "the annotators now agree on other claims"
        else:
            reason = "the annotators no longer all agree"
        withdrawn = GoldWithdrawal.objects.create(
            project=project, sentence_id=sentence_id, annotation_id=annotation_id, changed_by=changed_by,
            reason=f"{reason} (after a change to annotation {annotation_id})" if annotation_id else reason,
            data={**_snapshot(stored, gold_claims), "version": stored.version,
                  "revisions": [{**r, "decided_at": r["decided_at"].isoformat()}
                                for r in gold_history(adjudication=stored)]})
        stored.delete()  # its gold claims go with it; the annotations stay as they are
    transaction.on_commit(lambda: labels_saved(project=project))
    return withdrawn


def settle_unanimous(*, project: Project, sentence_id: int, changed_by: User | None = None,
                     annotation_id: int | None = None) -> None:
    """After an annotation is saved or changed: unanimous gold it made stale is withdrawn (recorded), and the
    sentence becomes gold if all its k annotators now agree."""
    withdraw_stale_unanimous(project=project, sentence_id=sentence_id, changed_by=changed_by,
                             annotation_id=annotation_id)
    accept_gold(project=project, resolution=Resolution.UNANIMOUS, sentence_ids=[sentence_id])


def withdrawals(*, sentence_id: int) -> list[GoldWithdrawal]:
    """The sentence's withdrawn automatic gold, newest first."""
    return list(GoldWithdrawal.objects.filter(sentence_id=sentence_id).select_related("changed_by"))


def gold_history(*, adjudication: Adjudication) -> list[dict]:
    """Every version of a gold decision: resolution, note, claims, by whom and when."""
    return [{"version": r.version, "decided_by": r.decided_by_id,
             "decided_by_name": r.decided_by.username if r.decided_by_id else "", "decided_at": r.decided_at,
             **r.data} for r in adjudication.revisions.select_related("decided_by")]
