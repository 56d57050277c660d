"""Model suggestions, the model versions that made them, and the runs that train and apply them."""

from django.db import models
from django.db.models import F, Q

from claims.models.corpus import Sentence
from claims.models.jobs import Job
from claims.models.project import Project


class ModelStatus(models.TextChoices):
    TRAINING = "training", "Training"
    READY = "ready", "Ready"
    LIVE = "live", "Live"
    RETIRED = "retired", "Retired"
    FAILED = "failed", "Failed"


class ModelKind(models.TextChoices):
    # No project labels: label descriptions, wording rules and mention order (claims.suggest.heads).
    COLD_START = "cold_start", "Cold start (no labels)"
    # Linear heads on the encoder's embeddings, trained on the project's labels, refining the cold start.
    HEADS = "heads", "Heads trained on the project's labels"
    # The encoder itself fine-tuned on the project's stance labels (claims.suggest.finetune), with heads as above.
    FINETUNED = "finetuned", "Encoder fine-tuned on the project's labels, with heads"


class ModelVersionQuerySet(models.QuerySet):
    def for_project(self, project: Project) -> "ModelVersionQuerySet":
        return self.filter(project=project)

    def live(self) -> "ModelVersionQuerySet":
        return self.filter(status=ModelStatus.LIVE)


class ModelVersion(models.Model):
    """A suggestion model: what it was trained on, its held-out metrics, where its weights are."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="model_versions")
    kind = models.CharField(max_length=20, choices=ModelKind.choices, default=ModelKind.COLD_START,
                            db_default=ModelKind.COLD_START)
    base_model = models.CharField(max_length=300, help_text="Local path or hub name it started from.")
    status = models.CharField(max_length=20, choices=ModelStatus.choices, default=ModelStatus.TRAINING)
    # Label sets, sizes and the held-out sources: what the version learnt from and was measured on.
    trained_on = models.JSONField(default=dict, blank=True)
    # Per head: macro-F1, per-label precision/recall, confusion matrix, the majority baseline, and
    # the live version's figures on the same held-out items when this version was trained.
    metrics = models.JSONField(default=dict, blank=True)
    labelled_claims = models.PositiveIntegerField(default=0, db_default=0, help_text="Labelled claims it learnt from.")
    train_size = models.PositiveIntegerField(default=0, db_default=0, help_text="Training sentences.")
    heldout_size = models.PositiveIntegerField(default=0, db_default=0, help_text="Held-out sentences.")
    duration_seconds = models.FloatField(default=0, db_default=0, help_text="Training time.")
    # A heads version's file, or a fine-tuned version's folder (its encoder and heads.safetensors).
    weights_path = models.CharField(max_length=1000, blank=True, help_text="Under MEDIA_ROOT; removed when retired.")
    note = models.CharField(max_length=300, blank=True, default="", db_default="",
                            help_text="Why it is or is not live.")
    created_at = models.DateTimeField(auto_now_add=True)

    objects = ModelVersionQuerySet.as_manager()

    class Meta:
        ordering = ["-id"]
        constraints = [
            models.UniqueConstraint(fields=["project"], condition=Q(status="live"), name="one_live_model_per_project"),
            models.CheckConstraint(condition=Q(status__in=ModelStatus.values), name="model_version_status_valid"),
            models.CheckConstraint(condition=Q(kind__in=ModelKind.values), name="model_version_kind_valid"),
        ]

    def __str__(self) -> str:
        return f"v{self.pk} ({self.get_kind_display()}, {self.status})"


class SuggestionQuerySet(models.QuerySet):
    def for_project(self, project: Project) -> "SuggestionQuerySet":
        return self.filter(model_version__project=project)

    def live(self) -> "SuggestionQuerySet":
        """Suggestions of the project's live model version."""
        return self.filter(model_version__status=ModelStatus.LIVE)

    def one_per_sentence(self) -> "SuggestionQuerySet":
        """The fresh suggestion of each sentence, else its newest (after claims.suggest.freshness.with_freshness)."""
        return self.order_by("sentence_id", F("fresh").desc(), "-id").distinct("sentence_id")


class Suggestion(models.Model):
    """A model version's suggestion for one body sentence: does it hold a claim, and which (best first).

    `claims` is a list of {"start", "end", "subject", "target", "claimant", "claimant_is_outlet",
    "stance": {label: p}, "certainty": {value: p}, "score"}; offsets into the source text, like a
    Claim's. `label` is the best claim's most likely stance ("" when none), for counting by label.
    """

    sentence = models.ForeignKey(Sentence, on_delete=models.CASCADE, related_name="suggestions")
    model_version = models.ForeignKey(ModelVersion, on_delete=models.CASCADE, related_name="suggestions")
    has_claim = models.FloatField(default=0, db_default=0, help_text="Probability that the sentence holds a claim.")
    claims = models.JSONField(default=list, db_default=models.Value([], models.JSONField()))
    label = models.CharField(max_length=40, blank=True, default="", db_default="")
    # 1 - the smallest margin between the two likeliest answers of any head: the queue's
    # least-confident-first order reads it through suggestion_queue_order.
    uncertainty = models.FloatField(default=0, db_default=0)
    # The sentence's normalised mean-pooled embedding as float16 bytes (768 bytes for MiniLM):
    # kept so that grouping claims across sources needs no second pass of the encoder.
    embedding = models.BinaryField(null=True, blank=True)
    # An MD5 of what it was computed from besides the version (claims.suggest.freshness): when the
    # sentence's mentions, kind or bounds, or the scheme's labels change, it no longer matches and
    # the suggestion is stale; a fresh row is added beside it, never written over it.
    inputs = models.CharField(max_length=32, blank=True, default="", db_default="")
    created_at = models.DateTimeField(auto_now_add=True, db_default=models.functions.Now())

    objects = SuggestionQuerySet.as_manager()

    class Meta:
        constraints = [
            # One per sentence, version and inputs: a retried chunk writes nothing twice, and a stale
            # row (which an annotation may point at) stays beside the fresh one.
            models.UniqueConstraint(fields=["sentence", "model_version", "inputs"],
                                    name="suggestion_one_per_version_and_inputs"),
            models.CheckConstraint(condition=Q(has_claim__gte=0, has_claim__lte=1), name="suggestion_has_claim_p"),
        ]
        indexes = [models.Index("model_version", models.F("uncertainty").desc(), name="suggestion_queue_order")]


class SuggestionRun(Job):
    """A batch run that gives every body sentence lacking one a suggestion from the live version."""

    task_name = "claims.suggest_sentences"
    default_queue = "suggest"

    model_version = models.ForeignKey(ModelVersion, null=True, blank=True, on_delete=models.SET_NULL,
                                      related_name="+", help_text="The live version when it last wrote.")
    reason = models.CharField(max_length=40, blank=True, help_text="import, new live version, request…")

    class Meta(Job.Meta):
        constraints = [
            *Job.Meta.constraints,
            # A second request while one waits or runs joins it: the run picks up whatever lacks a suggestion.
            models.UniqueConstraint(fields=["project"], condition=Q(status__in=["queued", "running"]),
                                    name="one_active_suggestion_run_per_project"),
        ]


class TrainingRun(Job):
    """Training of a new model version on the project's labels; it records the version it made."""

    task_name = "claims.train_suggester"
    default_queue = "suggest"

    model_version = models.ForeignKey(ModelVersion, null=True, blank=True, on_delete=models.SET_NULL,
                                      related_name="+")
    reason = models.CharField(max_length=40, blank=True, help_text="new labels, request…")
    # Annotations with a higher id are the new labels that count toward the next automatic run.
    label_mark = models.BigIntegerField(default=0, db_default=0, help_text="Newest annotation id when queued.")

    class Meta(Job.Meta):
        constraints = [
            *Job.Meta.constraints,
            models.UniqueConstraint(fields=["project"], condition=Q(status__in=["queued", "running"]),
                                    name="one_active_training_run_per_project"),
        ]
