"""Gold decisions: an editor's adjudication, unanimous sentences, and majority decisions accepted in bulk.

Gold lives on `Adjudication` (one per sentence) and its claims; training reads it first
(claims.suggest.labels). The annotators' annotations are never touched. Every version of a gold
decision is kept (`AdjudicationRevision`): who, when, how (unanimous / majority / adjudicated) and
why. A sentence that has gold is changed only by a revision that names the version it replaces: a
second editor who did not see the first one's decision gets a 409, never a silent overwrite.
Unanimous gold that an annotator's later change makes stale is withdrawn, with a record of it
(claims.annotation.unanimity); gold an editor decided or accepted is never changed automatically.
"""

from dataclasses import dataclass

from django.db import IntegrityError, transaction

from claims.annotation.errors import AnnotationRejected
from claims.annotation.queue import body_sentence
from claims.annotation.saving import ClaimInput, _check_claims, _claims_for
from claims.annotation.unanimity import make_gold, write_gold
from claims.models import (
    Adjudication,
    GoldWithdrawal,
    Project,
    User,
)
from claims.models.annotation import Resolution
from claims.review.errors import ReviewRejected
from claims.suggest.runs import labels_saved

MAX_NOTE = 10_000

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
            adjudication = write_gold(adjudication, _claims_for(project, sentence, None, data.claims), editor)
    except IntegrityError:
        # Two editors deciding a sentence without gold at the same moment: the unique sentence
        # keeps one; the other learns of it here.
        raise ReviewRejected.conflict(f"sentence {sentence.pk} was decided by someone else meanwhile; reload it",
                                      field="revises") from None
    transaction.on_commit(lambda: labels_saved(project=project))
    return adjudication


def accept_gold(*, project: Project, resolution: str, editor: User | None = None, sentence_ids=None) -> int:
    """Make gold of every sentence without gold whose annotations agree (unanimous) or, for ``majority``,
    where the majority rule decides (claims.annotation.unanimity.make_gold); returns how many."""
    if resolution not in (Resolution.UNANIMOUS, Resolution.MAJORITY):
        raise ReviewRejected.invalid("accept unanimous or majority decisions", field="resolution")
    return make_gold(project=project, resolution=resolution, editor=editor, sentence_ids=sentence_ids)


def withdrawals(*, sentence_id: int) -> list[GoldWithdrawal]:
    """The sentence's withdrawn automatic gold, newest first."""
    return list(GoldWithdrawal.objects.filter(sentence_id=sentence_id).select_related("changed_by"))


