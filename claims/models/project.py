"""Users, projects and who may do what in them."""

from django.contrib.auth.models import AbstractUser
from django.db import models

from claims.scheme import Scheme


class User(AbstractUser):
    """A person who logs in: annotator, editor or manager depending on the project."""


def default_label_scheme() -> dict:
    """The default scheme: the stance of a claim's subject toward its target, and certainty.

    Written in the full form claims.scheme stores (every field of every label), so that saving it
    back unchanged is not a change.
    """

    def label(value: str, name: str, key: str, color: str, description: str) -> dict:
        return {"value": value, "label": name, "description": description, "color": color, "key": key,
                "retired": False}

    return {
        "stance": [
            label("support", "Support", "s", "#2e7d32", "The subject backs, helps, praises or agrees with the target."),
            label("oppose", "Oppose", "o", "#c62828", "The subject resists, attacks, criticises or rejects it."),
            label("neutral", "Neutral", "n", "#616161",
                  "The subject deals with the target without taking a side (meets, mediates, reports)."),
        ],
        "certainty": [
            label("asserted", "Asserted", "1", "#1f5fa8", "Stated as fact in the outlet's own voice."),
            label("reported", "Reported", "2", "#6a4c93", 'Attributed to someone: "X said", "according to Y".'),
            label("hedged", "Hedged", "3", "#b26a00", 'Uncertain or speculative: "could", "may", "reportedly".'),
            label("denied", "Denied", "4", "#5d6670", 'Stated in order to be rejected: "X denied that ...".'),
        ],
    }


class Role(models.TextChoices):
    MANAGER = "manager", "Manager"
    EDITOR = "editor", "Editor"
    ANNOTATOR = "annotator", "Annotator"


class QueueOrder(models.TextChoices):
    DOCUMENT = "document", "Document order"
    RANDOM = "random", "Random (seeded)"
    UNCERTAIN = "uncertain", "Least confident suggestion first"


class ProjectQuerySet(models.QuerySet):
    def visible_to(self, user) -> "ProjectQuerySet":
        """Projects the user is a member of (staff see all)."""
        if not user.is_authenticated:
            return self.none()
        if user.is_staff:
            return self
        return self.filter(memberships__user=user)


class Project(models.Model):
    """An annotation project: its corpus, label scheme, team and settings."""

    name = models.CharField(max_length=200)
    slug = models.SlugField(max_length=100, unique=True)
    guidelines = models.TextField(blank=True, help_text="Markdown shown to annotators.")
    label_scheme = models.JSONField(default=default_label_scheme)
    overlap = models.PositiveSmallIntegerField(default=2, help_text="Annotators per item.")
    blind = models.BooleanField(default=True, help_text="Annotators never see each other's labels.")
    suggestion_settings = models.JSONField(default=dict, blank=True)
    queue_order = models.CharField(
        max_length=20, choices=QueueOrder.choices, default=QueueOrder.DOCUMENT, db_default=QueueOrder.DOCUMENT
    )
    queue_seed = models.IntegerField(default=0, db_default=0, help_text="Seed of the random queue order.")
    reservation_minutes = models.PositiveSmallIntegerField(
        default=15, db_default=15, help_text="How long a sentence handed to an annotator stays reserved for them."
    )
    suggestion_threshold = models.FloatField(
        default=0.6, db_default=0.6, help_text="The form pre-fills a suggestion only at or above this confidence."
    )
    retrain_every = models.PositiveIntegerField(
        default=50, db_default=50, help_text="Retrain after this many new human labels."
    )
    base_model = models.CharField(
        max_length=300, blank=True, default="", db_default="",
        help_text="Local path or hub id of the encoder; empty: the site default.",
    )
    members = models.ManyToManyField(User, through="Membership", related_name="projects")
    created_at = models.DateTimeField(auto_now_add=True)

    objects = ProjectQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(condition=models.Q(overlap__gte=1), name="project_overlap_positive"),
            models.CheckConstraint(
                condition=models.Q(queue_order__in=QueueOrder.values), name="project_queue_order_valid"
            ),
            models.CheckConstraint(
                condition=models.Q(reservation_minutes__gte=1), name="project_reservation_positive"
            ),
            models.CheckConstraint(
                condition=models.Q(suggestion_threshold__gte=0, suggestion_threshold__lte=1),
                name="project_suggestion_threshold_probability",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def scheme(self) -> Scheme:
        """The label scheme as a value, built once for the ``label_scheme`` this instance holds.

        Cached per instance, and built again when ``label_scheme`` is replaced (refresh_from_db, the
        saving service reading the scheme as committed, a settings change): a stale scheme would
        check labels against the wrong list.
        """
        built = self.__dict__.get("_scheme")
        if built is None or built[0] is not self.label_scheme:
            built = self.__dict__["_scheme"] = (self.label_scheme, Scheme.of(self.label_scheme))
        return built[1]

    def role_of(self, user) -> str | None:
        """The user's role in this project, or None for an outsider (looked up once per instance)."""
        roles = self.__dict__.setdefault("_roles", {})
        if user.pk not in roles:
            # values_list: a Membership fetched through self.memberships loads its project_id again.
            roles[user.pk] = self.memberships.filter(user=user).values_list("role", flat=True).first()
        return roles[user.pk]


class Membership(models.Model):
    """A user's role in one project."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="memberships")
    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="memberships")
    role = models.CharField(max_length=20, choices=Role.choices, default=Role.ANNOTATOR)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["project", "user"], name="membership_unique"),
            models.CheckConstraint(condition=models.Q(role__in=Role.values), name="membership_role_valid"),
        ]

    def __str__(self) -> str:
        return f"{self.user} ({self.role}) in {self.project}"


class ChangeKind(models.TextChoices):
    CREATED = "created", "Project created"
    SETTINGS = "settings", "Settings changed"
    MEMBER = "member", "Team changed"


class ProjectChange(models.Model):
    """One change to a project's settings, label scheme or team: who made it, when, and what changed."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="changes")
    kind = models.CharField(max_length=20, choices=ChangeKind.choices)
    changed_by = models.ForeignKey(User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    changed_at = models.DateTimeField(auto_now_add=True)
    # {"field": [before, after], ...}; scheme renames add {"renamed": {"stance": {"old": "new"}}, "claims": n}.
    data = models.JSONField(default=dict)

    class Meta:
        ordering = ["-changed_at", "-id"]
        indexes = [models.Index(fields=["project", "-changed_at"])]
        constraints = [
            models.CheckConstraint(condition=models.Q(kind__in=ChangeKind.values), name="project_change_kind_valid"),
        ]
