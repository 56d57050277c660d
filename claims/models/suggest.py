"""Model suggestions and the model versions that made them."""

from django.db import models
from django.db.models import Q

from claims.models.corpus import Sentence
from claims.models.project import Project


class ModelStatus(models.TextChoices):
    TRAINING = "training", "Training"
    READY = "ready", "Ready"
    LIVE = "live", "Live"
    RETIRED = "retired", "Retired"
    FAILED = "failed", "Failed"


class ModelVersion(models.Model):
    """A suggestion model: what it was trained on, its held-out metrics, where its weights are."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="model_versions")
    base_model = models.CharField(max_length=300, help_text="Local path or hub name it started from.")
    status = models.CharField(max_length=20, choices=ModelStatus.choices, default=ModelStatus.TRAINING)
    trained_on = models.JSONField(default=dict, blank=True)
    metrics = models.JSONField(default=dict, blank=True)
    weights_path = models.CharField(max_length=1000, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["project"], condition=Q(status="live"), name="one_live_model_per_project"),
            models.CheckConstraint(condition=Q(status__in=ModelStatus.values), name="model_version_status_valid"),
        ]


class Suggestion(models.Model):
    """A model's proposed label for a sentence, with the probability of every label."""

    sentence = models.ForeignKey(Sentence, on_delete=models.CASCADE, related_name="suggestions")
    model_version = models.ForeignKey(ModelVersion, on_delete=models.CASCADE, related_name="suggestions")
    label = models.CharField(max_length=40)
    probabilities = models.JSONField(default=dict)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["sentence", "model_version"], name="suggestion_one_per_model_version")
        ]
