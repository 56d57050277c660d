"""Propositions: the same statement made in several sources. Editors make, edit, merge and split them;
the proposer (claims.review.proposing, in the worker) suggests them.

A claim belongs to at most one proposition (its foreign key): putting a claim in one takes it out of
any other, which is what an editor moving it means.
"""

from django.db import IntegrityError, transaction
from django.db.models import Prefetch, QuerySet

from claims.jobs import enqueue
from claims.models import Claim, ConflictResolution, Project, ProposalRun, Proposition, User
from claims.models.annotation import PropositionStatus
from claims.models.jobs import JobStatus
from claims.review.errors import ReviewRejected

MAX_TEXT = 1000


def propositions(*, project: Project, status: str = "") -> QuerySet:
    """The project's propositions with their claims (and each claim's sentence and source), one query each."""
    if status and status not in PropositionStatus.values:
        raise ReviewRejected.invalid(f"status must be one of {', '.join(PropositionStatus.values)}", field="status")
    found = Proposition.objects.filter(project=project).prefetch_related(Prefetch(
        "claims", queryset=Claim.objects.select_related("sentence__source").defer(
            "sentence__source__text", "sentence__source__meta").order_by("sentence__source_id", "start", "id")))
    return found.filter(status=status) if status else found


def _claims(project: Project, claim_ids: list[int]) -> list[int]:
    ids = sorted(set(claim_ids))
    found = set(Claim.objects.filter(sentence__project=project, id__in=ids).values_list("id", flat=True))
    if missing := [i for i in ids if i not in found]:
        raise ReviewRejected.invalid(f"claims {missing} are not claims of this project", field="claims")
    return ids


def _text(text: str) -> str:
    text = text.strip()
    if not text or len(text) > MAX_TEXT:
        raise ReviewRejected.invalid(f"give the proposition's text (1 to {MAX_TEXT} characters)", field="text")
    return text


def create_proposition(*, project: Project, editor: User, text: str, claim_ids: list[int]) -> Proposition:
    """An accepted proposition made by hand, its claims moved into it."""
    with transaction.atomic():
        proposition = Proposition.objects.create(project=project, text=_text(text), created_by=editor,
                                                 status=PropositionStatus.ACCEPTED)
        Claim.objects.filter(id__in=_claims(project, claim_ids)).update(proposition=proposition)
    return proposition


def _locked(project: Project, proposition_id: int) -> Proposition:
    proposition = Proposition.objects.select_for_update().filter(project=project, pk=proposition_id).first()
    if proposition is None:
        raise ReviewRejected.not_found(f"no proposition {proposition_id} in this project", field="proposition")
    return proposition


def update_proposition(*, project: Project, editor: User, proposition_id: int, text: str | None = None,
                       status: str | None = None, claim_ids: list[int] | None = None) -> Proposition:
    """Change a proposition's text, status (accept a proposal) or claims (the list replaces its claims)."""
    if status is not None and status not in PropositionStatus.values:
        raise ReviewRejected.invalid(f"status must be one of {', '.join(PropositionStatus.values)}", field="status")
    with transaction.atomic():
        proposition = _locked(project, proposition_id)
        if text is not None:
            proposition.text = _text(text)
        if status is not None:
            proposition.status = status
        proposition.created_by = editor
        proposition.save()
        if claim_ids is not None:
            ids = _claims(project, claim_ids)
            proposition.claims.exclude(id__in=ids).update(proposition=None)
            Claim.objects.filter(id__in=ids).update(proposition=proposition)
    return proposition


def merge_propositions(*, project: Project, editor: User, proposition_id: int, others: list[int]) -> Proposition:
    """Move the others' claims and conflict resolutions into the proposition, then delete the others."""
    with transaction.atomic():
        proposition = _locked(project, proposition_id)
        merged = [_locked(project, other).pk for other in sorted(set(others) - {proposition.pk})]
        if not merged:
            raise ReviewRejected.invalid("name at least one other proposition to merge", field="others")
        Claim.objects.filter(proposition_id__in=merged).update(proposition=proposition)
        ConflictResolution.objects.filter(proposition_id__in=merged).update(proposition=proposition)
        Proposition.objects.filter(id__in=merged).delete()
        proposition.status, proposition.created_by = PropositionStatus.ACCEPTED, editor
        proposition.save()
    return proposition


def split_proposition(*, project: Project, editor: User, proposition_id: int, claim_ids: list[int],
                      text: str) -> Proposition:
    """Move some of a proposition's claims into a new accepted proposition; returns the new one."""
    with transaction.atomic():
        proposition = _locked(project, proposition_id)
        ids = _claims(project, claim_ids)
        if set(ids) - set(proposition.claims.values_list("id", flat=True)):
            raise ReviewRejected.invalid("split off only claims of this proposition", field="claims")
        if not ids:
            raise ReviewRejected.invalid("name the claims to split off", field="claims")
        return create_proposition(project=project, editor=editor, text=text, claim_ids=ids)


def request_proposals(*, project: Project, user: User | None) -> ProposalRun:
    """Queue a proposal run in the worker (or return the one already waiting or running)."""
    active = ProposalRun.objects.filter(project=project, status__in=(JobStatus.QUEUED, JobStatus.RUNNING)).first()
    if active is not None:
        return active
    try:
        with transaction.atomic():
            run = ProposalRun.objects.create(project=project, created_by=user)
    except IntegrityError:  # asked twice at once: the other request's run stands
        return ProposalRun.objects.filter(project=project, status__in=(JobStatus.QUEUED, JobStatus.RUNNING)).first()
    enqueue(run)
    return run
