"""Editors' corrections of sources: every change to metadata or segments, with who, when, before and after."""

from django.db import models
from django.db.models import Q
from django.db.models.functions import Now

from claims.models.corpus import Sentence, Source
from claims.models.project import Project, User


class CorrectionAction(models.TextChoices):
    METADATA = "metadata", "Metadata"
    KIND = "kind", "Segment kind"
    SPLIT = "split", "Split"
    MERGE = "merge", "Merge"
    REPARSE = "reparse", "Re-parse"


# The source fields an editor may correct (its text never changes: offsets point into it).
CORRECTABLE_FIELDS = ("title", "outlet", "author", "published", "url")


class SourceCorrectionQuerySet(models.QuerySet):
    def for_source(self, source: Source) -> "SourceCorrectionQuerySet":
        """The source's corrections, oldest first, with their authors."""
        return self.filter(source=source).select_related("user").order_by("at", "id")

    def structural(self) -> "SourceCorrectionQuerySet":
        """Corrections of segments (kind, split, merge): the ones a re-parse replays."""
        return self.filter(action__in=(CorrectionAction.KIND, CorrectionAction.SPLIT, CorrectionAction.MERGE))


class SourceCorrection(models.Model):
    """One correction of a source, kept for good: a re-parse replays the segment corrections by offsets.

    Segment corrections record their spans (offsets into the immutable source text) in before and
    after, so they still apply after the sentence rows they were made on have been replaced.
    """

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="+")
    source = models.ForeignKey(Source, on_delete=models.CASCADE, related_name="corrections")
    # The sentence corrected, while it exists (a merge or a re-parse replaces sentence rows). Indexed:
    # every sentence deleted checks this key.
    sentence = models.ForeignKey(Sentence, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    # Empty for a re-parse run from the command line.
    user = models.ForeignKey(User, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(auto_now_add=True, db_default=Now())
    action = models.CharField(max_length=16, choices=CorrectionAction.choices)
    field = models.CharField(max_length=20, blank=True, help_text="The metadata field corrected.")
    before = models.JSONField(default=dict)
    after = models.JSONField(default=dict)

    objects = SourceCorrectionQuerySet.as_manager()

    class Meta:
        ordering = ["at", "id"]
        indexes = [models.Index(fields=["source", "at"])]
        constraints = [
            models.CheckConstraint(condition=Q(action__in=CorrectionAction.values), name="correction_action_valid"),
            models.CheckConstraint(
                condition=Q(action=CorrectionAction.METADATA, field__in=CORRECTABLE_FIELDS)
                | (~Q(action=CorrectionAction.METADATA) & Q(field="")),
                name="correction_field_only_for_metadata",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_action_display()} of source {self.source_id} by {self.user or 'the command line'}"
