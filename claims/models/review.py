"""What editors decide in review: each version of a gold decision, conflict resolutions, proposal runs."""

from django.db import models
from django.db.models import Q

from claims.models.annotation import Adjudication, Proposition
from claims.models.corpus import Source
from claims.models.jobs import Job
from claims.models.project import User


class AdjudicationRevision(models.Model):
    """One version of a gold decision as it was made: resolution, claims, note, by whom and when.

    Kept for every version, so a revised decision never loses the one before it.
    """

    adjudication = models.ForeignKey(Adjudication, on_delete=models.CASCADE, related_name="revisions")
    version = models.PositiveIntegerField()
    data = models.JSONField(help_text="resolution, note and claims as decided")
    decided_by = models.ForeignKey(User, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    decided_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["adjudication_id", "version"]
        constraints = [
            models.UniqueConstraint(fields=["adjudication", "version"], name="adjudication_revision_unique_version")
        ]


class GoldWithdrawal(models.Model):
    """Automatic (unanimous) gold taken back because the annotations it rested on no longer agree with it.

    The gold itself is deleted, so the sentence returns to the disagreement queue; this row keeps what
    it was (resolution, note, version, claims and every version before), why it went, and whose change
    of which annotation made it go. Gold an editor made or accepted is never withdrawn automatically.
    """

    project = models.ForeignKey("claims.Project", on_delete=models.CASCADE, related_name="+")
    sentence = models.ForeignKey("claims.Sentence", on_delete=models.CASCADE, related_name="gold_withdrawals")
    data = models.JSONField(help_text="the withdrawn gold: resolution, note, version, claims, revisions")
    reason = models.TextField()
    annotation = models.ForeignKey("claims.Annotation", null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+", help_text="The annotation whose change made the gold stale.")
    changed_by = models.ForeignKey(User, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    withdrawn_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-withdrawn_at", "-id"]


class Verdict(models.TextChoices):
    SOURCE_RIGHT = "source_right", "One source is right"
    BOTH_RIGHT = "both_right", "Both right (different times or senses)"
    UNRESOLVED = "unresolved", "Unresolved"


class ConflictResolution(models.Model):
    """An editor's verdict on one kind of conflict of a proposition. Never updated: the newest one stands,
    the older ones are its history."""

    proposition = models.ForeignKey(Proposition, on_delete=models.CASCADE, related_name="resolutions")
    kind = models.CharField(max_length=20)
    verdict = models.CharField(max_length=20, choices=Verdict.choices)
    source = models.ForeignKey(Source, null=True, blank=True, on_delete=models.CASCADE, related_name="+",
                               help_text="The source that is right (verdict source_right).")
    note = models.TextField(blank=True)
    editor = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    decided_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-decided_at", "-id"]
        constraints = [
            models.CheckConstraint(condition=Q(verdict__in=Verdict.values), name="conflict_verdict_valid"),
            # "Which source is right" names one; the other verdicts name none.
            models.CheckConstraint(condition=Q(verdict="source_right", source__isnull=False)
                                   | (~Q(verdict="source_right") & Q(source__isnull=True)),
                                   name="conflict_source_iff_source_right"),
        ]


class ProposalRun(Job):
    """A run of the proposition proposer over a project's claims (claims.review.proposing), in the worker."""

    task_name = "claims.propose_propositions"

    class Meta(Job.Meta):
        constraints = [
            *Job.Meta.constraints,
            # A second request while one waits or runs joins it: the run reads the claims as they are when it starts.
            models.UniqueConstraint(fields=["project"], condition=Q(status__in=["queued", "running"]),
                                    name="one_active_proposal_run_per_project"),
        ]
