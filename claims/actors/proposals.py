"""Actors proposed by annotators from the form, and the editors' decision on each: confirm, merge or reject.

A proposal is an ordinary actor row with ``status = proposed`` (claims.actors.service.save_actor
creates it for an annotator): usable at once in its proposer's claims, matched in the sentences
like any actor, listed for editors on the Actors page and at ``actors/?status=proposed``. The
decision is kept on the row (who, when, and for a merge into which actor and how many claims moved),
never deleted, so an annotation's history can always say what its actor became.

    decision       allowed when                                   what changes
    confirm        proposed                                       status confirmed
    merge into X   proposed; X another actor in use; no claim     every claim naming it names X; its name
                   would get X as both subject and target         and aliases become X's; status merged
    reject         proposed; no claim names it                    status rejected: offered, matched nowhere

Example: an annotator proposes "Kremlin" and names it as subject in 3 claims; merged into Russia,
the 3 claims name Russia, Russia's aliases gain "Kremlin", and the row says merged into Russia,
3 claims, by whom and when. Rejecting it instead is refused (3 claims name it): merge it, or change
the claims first. A merge or a rejection asks for a re-match (the names matched changed).
"""

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from claims.actors.rematch import request_rematch
from claims.errors import ServiceError
from claims.models import Actor, ActorStatus, Claim, Project, User
from claims.models.corpus import IN_USE

ROLES = ("claimant", "subject", "target")


class ProposalRefused(ServiceError):
    """A decision on a proposed actor that cannot be taken (not proposed, not in the project, claims in the way)."""

    status = 409


def _proposed(project: Project, actor_id: int) -> Actor:
    """The proposal, locked until the decision commits (two editors deciding at once: the second sees the first)."""
    actor = Actor.objects.select_for_update().filter(project=project, pk=actor_id).first()
    if actor is None:
        raise ProposalRefused(f"no actor {actor_id} in this project", status=404)
    if actor.status != ActorStatus.PROPOSED:
        raise ProposalRefused(f"{actor.name!r} is not a proposal (it is {actor.get_status_display().lower()})")
    return actor


def _decided(actor: Actor, status: str, user: User | None) -> None:
    actor.status, actor.decided_by, actor.decided_at = status, user, timezone.now()


def _claims_naming(actor: Actor):
    return Claim.objects.filter(Q(claimant=actor) | Q(subject=actor) | Q(target=actor))


@transaction.atomic
def confirm_actor(*, project: Project, actor_id: int, user: User | None) -> Actor:
    """Make a proposed actor an ordinary one of the project, recording who and when."""
    actor = _proposed(project, actor_id)
    _decided(actor, ActorStatus.CONFIRMED, user)
    actor.save(update_fields=["status", "decided_by", "decided_at"])
    return actor


@transaction.atomic
def merge_actor(*, project: Project, actor_id: int, into_id: int, user: User | None) -> Actor:
    """Merge a proposed actor into another: every claim naming it names that one, all or nothing, recorded.

    ProposalRefused when it is not a proposal, the other is not an actor in use of the project, or a
    claim would end with the same actor as subject and target (the save rule; say which to change).
    """
    actor = _proposed(project, actor_id)
    into = Actor.objects.select_for_update().filter(project=project, pk=into_id, status__in=IN_USE).first()
    if into is None or into.pk == actor.pk:
        raise ProposalRefused(f"actor {into_id} is not another actor of this project to merge into", status=400,
                              field="into")
    clash = _claims_naming(actor).filter(Q(subject=actor, target=into) | Q(subject=into, target=actor))
    if clash.exists():
        ids = ", ".join(str(pk) for pk in clash.values_list("pk", flat=True)[:10])
        raise ProposalRefused(f"claims {ids} would have {into.name!r} as both subject and target; change them first")
    # The claims' rows are locked by the updates themselves; an annotation saved meanwhile by its
    # annotator that still names the proposal waits, then is re-pointed too (it commits first) or
    # is refused by the save's actor check (status no longer in use).
    moved = {role: Claim.objects.filter(**{role: actor}).update(**{role: into}) for role in ROLES}
    into.aliases = list(dict.fromkeys([*into.aliases, actor.name, *actor.aliases]))
    into.save(update_fields=["aliases"])
    _decided(actor, ActorStatus.MERGED, user)
    actor.merged_into, actor.repointed_claims = into, sum(moved.values())
    actor.save(update_fields=["status", "decided_by", "decided_at", "merged_into", "repointed_claims"])
    request_rematch(project=project, user=user)
    return actor


@transaction.atomic
def reject_actor(*, project: Project, actor_id: int, user: User | None) -> Actor:
    """Reject a proposed actor no claim names (one that is named is merged, or its claims changed first)."""
    actor = _proposed(project, actor_id)
    if (named := _claims_naming(actor).count()):
        raise ProposalRefused(f"{named} claim{'s' if named != 1 else ''} name {actor.name!r}: merge it into an "
                              "actor instead, or change those claims first")
    _decided(actor, ActorStatus.REJECTED, user)
    actor.save(update_fields=["status", "decided_by", "decided_at"])
    request_rematch(project=project, user=user)
    return actor
