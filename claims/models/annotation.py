"""Annotators' judgements of sentences, the claims they mark, and editors' gold decisions."""

from django.db import models
from django.db.models import Q

from claims.models.corpus import Actor, Sentence
from claims.models.project import Project, Role, User


class PropositionStatus(models.TextChoices):
    PROPOSED = "proposed", "Proposed"  # grouped by the proposer, not yet looked at by an editor
    ACCEPTED = "accepted", "Accepted"  # an editor's: conflicts are computed over these only


class Proposition(models.Model):
    """The same proposition asserted across sources: the cluster editors review for conflicts."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="propositions")
    text = models.TextField(help_text='Normal form, e.g. "Russia funds the Taliban".')
    # Made by hand unless the proposer says otherwise: rows from before proposals existed were hand-made.
    status = models.CharField(max_length=20, choices=PropositionStatus.choices, default=PropositionStatus.ACCEPTED,
                              db_default=PropositionStatus.ACCEPTED)
    created_by = models.ForeignKey(User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
                                   help_text="The editor who made or accepted it; empty for a proposal.")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["id"]
        constraints = [
            models.CheckConstraint(condition=~Q(text=""), name="proposition_text_not_empty"),
            models.CheckConstraint(condition=Q(status__in=PropositionStatus.values), name="proposition_status_valid"),
        ]

    def __str__(self) -> str:
        return self.text[:80]


class SuggestionOutcome(models.TextChoices):
    ACCEPTED = "accepted", "Accepted as suggested"
    EDITED = "edited", "Edited"
    REJECTED = "rejected", "Rejected"
    # Nothing was pre-filled, but the model's guess was on the screen (claims.suggest.prefill.guess).
    GUESS = "guess", "Only a guess shown"
    NONE = "none", "No suggestion shown"


class AnnotationQuerySet(models.QuerySet):
    def visible_to(self, user, *, project: Project) -> "AnnotationQuerySet":
        """This project's annotations the user may read: only their own while an annotator in a blind project."""
        annotations = self.filter(project=project)
        if project.blind and not user.is_staff and project.role_of(user) not in (Role.MANAGER, Role.EDITOR):
            annotations = annotations.filter(annotator=user)
        return annotations

    def with_claims(self) -> "AnnotationQuerySet":
        """Claims fetched with one more query, in span order."""
        return self.prefetch_related(models.Prefetch("claims", queryset=Claim.objects.order_by("start", "id")))

    def count_by_sentence(self) -> dict[int, int]:
        """How many of these annotations each sentence has (sentences with none left out), in one query."""
        counts = self.order_by().values("sentence_id").annotate(n=models.Count("id"))
        return dict(counts.values_list("sentence_id", "n"))

    def with_details(self) -> "AnnotationQuerySet":
        """With the sentence, its source (not its text) and the annotator joined, and the claims (one more query)."""
        return (self.select_related("sentence__source", "annotator")
                .defer("sentence__source__text", "sentence__source__meta").with_claims())


class Annotation(models.Model):
    """One annotator's judgement of one sentence; its claims hang off it. Every change is kept."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="annotations")
    sentence = models.ForeignKey(Sentence, on_delete=models.CASCADE, related_name="annotations")
    annotator = models.ForeignKey(User, on_delete=models.PROTECT, related_name="annotations")
    comment = models.TextField(blank=True)
    seconds_spent = models.PositiveIntegerField(default=0)
    suggestion = models.ForeignKey(
        "claims.Suggestion", null=True, blank=True, on_delete=models.SET_NULL, related_name="annotations",
        help_text="The suggestion shown when the annotator labelled, for provenance and anchoring checks.",
    )
    suggestion_outcome = models.CharField(
        max_length=10, choices=SuggestionOutcome.choices, default=SuggestionOutcome.NONE,
        db_default=SuggestionOutcome.NONE, help_text="What the annotator made of the suggestion they were shown.",
    )
    version = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = AnnotationQuerySet.as_manager()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["sentence", "annotator"], name="annotation_one_per_sentence_and_annotator")
        ]


class AnnotationRevision(models.Model):
    """A snapshot of an annotation as it was saved: the history of every label change."""

    annotation = models.ForeignKey(Annotation, on_delete=models.CASCADE, related_name="revisions")
    version = models.PositiveIntegerField()
    data = models.JSONField()
    changed_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    changed_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["annotation_id", "version"]
        constraints = [models.UniqueConstraint(fields=["annotation", "version"], name="revision_unique_version")]


class Resolution(models.TextChoices):
    UNANIMOUS = "unanimous", "Unanimous"
    MAJORITY = "majority", "Majority"
    ADJUDICATED = "adjudicated", "Adjudicated"


class Adjudication(models.Model):
    """An editor's final (gold) decision for a sentence; its gold claims hang off it."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="adjudications")
    sentence = models.OneToOneField(Sentence, on_delete=models.CASCADE, related_name="adjudication")
    editor = models.ForeignKey(User, null=True, blank=True, on_delete=models.PROTECT, related_name="adjudications")
    resolution = models.CharField(max_length=20, choices=Resolution.choices)
    note = models.TextField(blank=True)
    decided_at = models.DateTimeField(auto_now=True)
    # Raised by every revision; each version is kept in AdjudicationRevision (claims.models.review).
    version = models.PositiveIntegerField(default=1, db_default=1)

    class Meta:
        constraints = [
            models.CheckConstraint(condition=Q(resolution__in=Resolution.values), name="adjudication_resolution_valid")
        ]


class Certainty(models.TextChoices):
    ASSERTED = "asserted", "Asserted"
    REPORTED = "reported", "Reported"
    HEDGED = "hedged", "Hedged"
    DENIED = "denied", "Denied"


class Claim(models.Model):
    """A claim marked in a sentence: span, claimant, subject and target actors, stance, certainty.

    It belongs either to an annotator's annotation or to an editor's adjudication (gold).
    The stance is the subject's stance toward the target; a claim with no target has none.
    """

    sentence = models.ForeignKey(Sentence, on_delete=models.CASCADE, related_name="claims")
    annotation = models.ForeignKey(Annotation, null=True, blank=True, on_delete=models.CASCADE, related_name="claims")
    adjudication = models.ForeignKey(
        Adjudication, null=True, blank=True, on_delete=models.CASCADE, related_name="claims"
    )
    # Offsets into the source text, inside the sentence.
    start = models.PositiveIntegerField()
    end = models.PositiveIntegerField()
    text = models.TextField()
    proposition = models.ForeignKey(
        Proposition, null=True, blank=True, on_delete=models.SET_NULL, related_name="claims"
    )
    # RESTRICT, not PROTECT: an actor that claims name cannot be deleted on its own, but a project
    # is deleted together with its actors and claims.
    claimant = models.ForeignKey(Actor, null=True, blank=True, on_delete=models.RESTRICT, related_name="+")
    claimant_is_outlet = models.BooleanField(default=False, help_text="Asserted in the outlet's own voice.")
    claimant_name = models.CharField(
        max_length=200, blank=True, default="", db_default="", help_text="A named claimant who is not an actor."
    )
    subject = models.ForeignKey(Actor, null=True, blank=True, on_delete=models.RESTRICT, related_name="+")
    target = models.ForeignKey(Actor, null=True, blank=True, on_delete=models.RESTRICT, related_name="+")
    stance = models.CharField(max_length=40, blank=True)
    # A value of the project's certainty scale (the default scale is Certainty); projects may define
    # their own, so the saving service checks it against the project's scheme, not a fixed list.
    certainty = models.CharField(max_length=40, default=Certainty.ASSERTED)

    class Meta:
        ordering = ["sentence_id", "start"]
        constraints = [
            models.CheckConstraint(condition=Q(start__lt=models.F("end")), name="claim_start_before_end"),
            models.CheckConstraint(
                condition=Q(annotation__isnull=True) ^ Q(adjudication__isnull=True),
                name="claim_belongs_to_annotation_or_adjudication",
            ),
            models.CheckConstraint(condition=~Q(target__isnull=True, stance__gt=""), name="claim_no_target_no_stance"),
            models.CheckConstraint(condition=~Q(certainty=""), name="claim_certainty_not_empty"),
        ]
