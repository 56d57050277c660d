"""The corpus: sources (articles), their sentences, and the actors they mention."""

from django.contrib.postgres.fields import ArrayField
from django.db import models
from django.db.models.functions import Lower

from claims.models.project import Project


class Source(models.Model):
    """One article. Its text is stored cleaned and never changes after import.

    Its project and import job are checked by statement-level triggers, not foreign-key
    constraints: PostgreSQL checks a foreign key row by row, which was a third of the time of
    storing a dataset of one-sentence items. The same triggers refuse to delete a project or a
    job that sources still point to, as the foreign keys did.
    """

    # Indexed by the (project, ...) indexes and the unique (project, content_hash).
    project = models.ForeignKey(
        Project, on_delete=models.CASCADE, related_name="sources", db_index=False, db_constraint=False
    )
    title = models.CharField(max_length=500, blank=True)
    outlet = models.CharField(max_length=200, blank=True)
    author = models.CharField(max_length=300, blank=True)
    url = models.URLField(max_length=2000, blank=True)
    published = models.DateField(null=True, blank=True)
    language = models.CharField(max_length=16, default="en")
    text = models.TextField()
    content_hash = models.CharField(max_length=64, help_text="SHA-256 of the whitespace-normalised text.")
    meta = models.JSONField(default=dict, blank=True)
    original_name = models.CharField(max_length=500, blank=True, help_text="File (and line) it came from.")
    import_job = models.ForeignKey(
        "claims.ImportJob", null=True, blank=True, on_delete=models.SET_NULL, related_name="sources",
        db_constraint=False,
    )
    parser_version = models.CharField(
        max_length=40, blank=True, default="", db_default="",
        help_text="Version of the article parser that segmented the text.",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["id"]
        constraints = [
            models.UniqueConstraint(fields=["project", "content_hash"], name="source_unique_content_per_project"),
            models.CheckConstraint(condition=~models.Q(text=""), name="source_text_not_empty"),
        ]
        indexes = [models.Index(fields=["project", "outlet"]), models.Index(fields=["project", "published"])]

    def __str__(self) -> str:
        return self.title or f"Source {self.pk}"


class SentenceKind(models.TextChoices):
    TITLE = "title", "Title"
    BYLINE = "byline", "Byline"
    DATELINE = "dateline", "Dateline"
    HEADING = "heading", "Heading"
    BODY = "body", "Body"
    CAPTION = "caption", "Caption"
    DISCLAIMER = "disclaimer", "Disclaimer"
    # Page furniture (menus, share rows, sign-up boxes) is kept as a segment, never cut out, so a
    # wrong guess can be seen and corrected; it is hidden by default and never annotated.
    FURNITURE = "furniture", "Furniture"


class Sentence(models.Model):
    """A segment of a source with exact offsets: source.text[start:end] == text (checked by a trigger)."""

    # No single-column indexes on these keys: (project, kind) and (source, index) lead with them,
    # and every extra index slows the bulk import. The project is the source's project, which a
    # trigger checks for every inserted row; a foreign key would check it again, row by row.
    project = models.ForeignKey(
        Project, on_delete=models.CASCADE, related_name="sentences", db_index=False, db_constraint=False
    )
    # The offsets trigger joins every inserted sentence to its source, so it checks that the source
    # exists; a foreign key would check it again, row by row.
    source = models.ForeignKey(
        Source, on_delete=models.CASCADE, related_name="sentences", db_index=False, db_constraint=False
    )
    index = models.PositiveIntegerField()
    start = models.PositiveIntegerField()
    end = models.PositiveIntegerField()
    text = models.TextField()
    # Only body sentences are annotated; titles, bylines, headings and disclaimers are context.
    kind = models.CharField(max_length=16, choices=SentenceKind.choices, default=SentenceKind.BODY)
    # Id of the structure rule that decided the kind ("" when a person set it): shown to editors.
    rule = models.CharField(max_length=80, blank=True, default="", db_default="")
    actors = models.ManyToManyField("Actor", through="ActorMention", related_name="sentences")

    class Meta:
        ordering = ["source_id", "index"]
        constraints = [
            models.UniqueConstraint(fields=["source", "index"], name="sentence_unique_index"),
            models.CheckConstraint(condition=models.Q(start__lt=models.F("end")), name="sentence_start_before_end"),
            models.CheckConstraint(
                condition=models.Q(kind__in=SentenceKind.values), name="sentence_kind_valid"
            ),
        ]
        indexes = [models.Index(fields=["project", "kind"])]

    def __str__(self) -> str:
        return self.text[:80]


class ActorKind(models.TextChoices):
    STATE = "state", "State"
    ORGANISATION = "organisation", "Organisation"
    ARMED_GROUP = "armed_group", "Armed group"
    PERSON = "person", "Person"
    MEDIA = "media", "Media"
    OTHER = "other", "Other"


class ActorStatus(models.TextChoices):
    CONFIRMED = "confirmed", "Confirmed"
    # Proposed by an annotator from the form: usable at once in their claims, waiting for an editor.
    PROPOSED = "proposed", "Proposed"
    # An editor merged the proposal into another actor: its claims now name that one (merged_into).
    MERGED = "merged", "Merged"
    REJECTED = "rejected", "Rejected"


# The statuses an actor can be picked, matched and named in a claim with.
IN_USE = (ActorStatus.CONFIRMED, ActorStatus.PROPOSED)


class ActorQuerySet(models.QuerySet):
    def in_use(self) -> "ActorQuerySet":
        """Actors the pickers offer, matching finds and claims may name: confirmed or proposed."""
        return self.filter(status__in=IN_USE)


class Actor(models.Model):
    """A canonical actor with the other names it goes by ("Moscow", "the Kremlin" → Russia)."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="actors")
    name = models.CharField(max_length=200)
    kind = models.CharField(max_length=20, choices=ActorKind.choices, default=ActorKind.OTHER)
    aliases = ArrayField(models.CharField(max_length=200), default=list, blank=True)
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="children",
        help_text="Whom this actor speaks for (a spokesperson's state).",
    )
    status = models.CharField(max_length=10, choices=ActorStatus.choices, default=ActorStatus.CONFIRMED,
                              db_default=ActorStatus.CONFIRMED)
    # Who proposed it (an annotator, from the form) and who decided on it, when: kept after the decision.
    proposed_by = models.ForeignKey("claims.User", null=True, blank=True, on_delete=models.SET_NULL,
                                    related_name="+")
    proposed_at = models.DateTimeField(null=True, blank=True)
    decided_by = models.ForeignKey("claims.User", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    decided_at = models.DateTimeField(null=True, blank=True)
    merged_into = models.ForeignKey("self", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    repointed_claims = models.PositiveIntegerField(default=0, db_default=0,
                                                   help_text="Claims moved to merged_into when it was merged.")

    objects = ActorQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(condition=models.Q(status__in=ActorStatus.values), name="actor_status_valid"),
            # A merged actor says into which; no other status has one (SET NULL keeps a deleted target honest).
            models.CheckConstraint(condition=models.Q(status=ActorStatus.MERGED) | models.Q(merged_into=None),
                                   name="actor_merged_into_only_when_merged"),
            models.UniqueConstraint(Lower("name"), "project", name="actor_unique_name_per_project"),
            models.CheckConstraint(condition=models.Q(kind__in=ActorKind.values), name="actor_kind_valid"),
            models.CheckConstraint(condition=~models.Q(name=""), name="actor_name_not_empty"),
            models.CheckConstraint(condition=~models.Q(parent=models.F("id")), name="actor_not_own_parent"),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def surface_forms(self) -> list[str]:
        return [self.name, *self.aliases]


class ActorMention(models.Model):
    """Where a sentence names an actor: offsets into the source text, like the sentence's.

    Mentions are derived data, recomputed from the actor list whenever it changes. Instead of
    foreign-key constraints, which PostgreSQL checks row by row (half the time of a bulk import),
    a statement-level trigger checks each inserted batch at once: the sentence exists, the actor
    belongs to the sentence's project, and the span lies inside the sentence. Deletes cascade
    through the ORM as for any foreign key.
    """

    # Indexed by the (sentence, start) unique constraint.
    sentence = models.ForeignKey(
        Sentence, on_delete=models.CASCADE, related_name="mentions", db_index=False, db_constraint=False
    )
    actor = models.ForeignKey(Actor, on_delete=models.CASCADE, related_name="mentions", db_constraint=False)
    start = models.PositiveIntegerField()
    end = models.PositiveIntegerField()

    class Meta:
        ordering = ["sentence_id", "start"]
        constraints = [
            models.UniqueConstraint(fields=["sentence", "start"], name="mention_unique_position"),
            models.CheckConstraint(condition=models.Q(start__lt=models.F("end")), name="mention_start_before_end"),
        ]
