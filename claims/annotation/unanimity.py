"""Gold that annotations make by themselves: a sentence whose k annotators all agree becomes gold (unanimous),
and that gold is withdrawn, with a record, when a later change leaves them disagreeing.

Here, in the annotation package, because saving an annotation settles it (once the save commits);
editors' decisions (adjudication, majority accepted in bulk) are claims.review.gold's, which writes
gold through the same `write_gold`. Gold lives on `Adjudication` and its claims; every version is kept
(`AdjudicationRevision`); the annotators' annotations are never touched.
"""

from collections import defaultdict

from django.db import IntegrityError, transaction

from claims.annotation.saving import claim_data
from claims.majority import MAJORITY_FIELDS, majority_claims
from claims.models import Adjudication, AdjudicationRevision, Annotation, Claim, GoldWithdrawal, Project, Sentence, User
from claims.models.annotation import Resolution
from claims.suggest.runs import labels_saved


def _snapshot(adjudication: Adjudication, claims: list[Claim]) -> dict:
    return {"resolution": adjudication.resolution, "note": adjudication.note,
            "claims": [{k: v for k, v in claim_data(c).items() if k != "id"} for c in claims]}


def write_gold(adjudication: Adjudication, claims: list[Claim], by: User | None) -> Adjudication:
    """Store the decision, replace its claims, record the version; inside the caller's transaction."""
    adjudication.save()
    adjudication.claims.all().delete()
    for claim in claims:
        claim.annotation, claim.adjudication = None, adjudication
    Claim.objects.bulk_create(claims)
    AdjudicationRevision.objects.create(adjudication=adjudication, version=adjudication.version,
                                        data=_snapshot(adjudication, claims), decided_by=by)
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


def make_gold(*, project: Project, resolution: str, editor: User | None = None, sentence_ids=None) -> int:
    """Make gold of every sentence without gold whose annotations agree (unanimous: all its k annotators
    gave the same claims) or, for ``majority``, where a majority rule decides; returns how many.

    Unanimous needs at least the project's overlap of annotations (and two); majority at least two.
    Gold already there is never changed. All or nothing.
    """
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
                    write_gold(adjudication, claims, editor)
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
    make_gold(project=project, resolution=Resolution.UNANIMOUS, sentence_ids=[sentence_id])


def gold_history(*, adjudication: Adjudication) -> list[dict]:
    """Every version of a gold decision: resolution, note, claims, by whom and when."""
    return [{"version": r.version, "decided_by": r.decided_by_id,
             "decided_by_name": r.decided_by.username if r.decided_by_id else "", "decided_at": r.decided_at,
             **r.data} for r in adjudication.revisions.select_related("decided_by")]
