"""Creating projects, changing their settings and label scheme, and managing their team.

Every change is recorded as a ProjectChange (who, when, before and after). Changes to one project
lock its row first, so two managers saving at once cannot interleave (and the last manager cannot
be removed by two requests that each see another manager).
"""

import logging
import math
import re

from django.db import IntegrityError, transaction
from django.db.models import Count
from django.utils.text import slugify

from claims.accounts import AccountError, create_account
from claims.annotation.queue import request_rerank
from claims.errors import Problem, ServiceError
from claims.models import Claim, Membership, Project, ProjectChange, Role, User
from claims.models.project import ChangeKind, QueueOrder
from claims.scheme import GROUPS, SchemeError, check_scheme
from claims.suggest.runs import inputs_changed

SLUG_PATTERN = re.compile(r"[a-z0-9][a-z0-9-]{0,99}")
# Bounds of the numeric settings: (smallest, largest). The web form shows the same bounds.
BOUNDS = {
    "overlap": (1, 20),
    "reservation_minutes": (1, 24 * 60),
    "queue_seed": (-(2**31), 2**31 - 1),
    "suggestion_threshold": (0.0, 1.0),
}
SETTINGS = ("name", "guidelines", "label_scheme", "overlap", "blind", "queue_order", "queue_seed",
            "reservation_minutes", "suggestion_threshold")
MAX_GUIDELINES = 100_000
logger = logging.getLogger(__name__)


class ProjectError(ServiceError):
    """Settings or a team change that cannot be made: {field: message}; nothing was changed."""

    detail = "nothing was changed"

    def __init__(self, errors: dict[str, str | list[str]]):
        self.errors = {name: [message] if isinstance(message, str) else message for name, message in errors.items()}
        super().__init__([Problem(name, message) for name, messages in self.errors.items() for message in messages])

    def __str__(self) -> str:
        return "; ".join(f"{name}: {' '.join(messages)}" for name, messages in self.errors.items())

    def as_response_body(self) -> dict:
        """The common answer, but `errors` as {field: [messages]}: the shape this API gave from the start."""
        return super().as_response_body() | {"errors": self.errors}


def _check_name(value: object) -> str:
    if not isinstance(value, str) or not value.strip() or len(value.strip()) > 200:
        raise ValueError("a project needs a name of 1-200 characters")
    return " ".join(value.split())


def _check_guidelines(value: object) -> str:
    if not isinstance(value, str) or len(value) > MAX_GUIDELINES:
        raise ValueError(f"guidelines must be Markdown text of at most {MAX_GUIDELINES} characters")
    return value


def _check_blind(value: object) -> bool:
    if not isinstance(value, bool):
        raise ValueError("blind must be true or false")
    return value


def _check_queue_order(value: object) -> str:
    if value not in QueueOrder.values:
        raise ValueError(f"queue order must be one of {', '.join(QueueOrder.values)}")
    return value


def _check_number(name: str):
    low, high = BOUNDS[name]
    integer = isinstance(low, int)

    def check(value: object):
        if isinstance(value, bool) or not isinstance(value, int | float) or (integer and not isinstance(value, int)):
            raise ValueError(f"must be {'a whole number' if integer else 'a number'} from {low} to {high}")
        if not math.isfinite(value) or not low <= value <= high:
            raise ValueError(f"must be from {low} to {high}")
        return value

    return check


# One check per setting: each returns the clean value or raises ValueError with the message.
CHECKS = {
    "name": _check_name,
    "guidelines": _check_guidelines,
    "blind": _check_blind,
    "queue_order": _check_queue_order,
    **{name: _check_number(name) for name in BOUNDS},
}


def labels_in_use(project: Project) -> dict[str, dict[str, int]]:
    """How many of the project's claims (annotators' and gold) hold each stance and certainty value."""
    claims = Claim.objects.filter(sentence__project=project).order_by()
    return {
        group: dict(claims.exclude(**{group: ""}).values_list(group).annotate(n=Count("id")))
        for group in GROUPS
    }


@transaction.atomic
def create_project(*, name: str, slug: str = "", manager: User | None = None, **settings) -> Project:
    """Create a project with valid settings; the creator (if any) becomes its manager."""
    errors = {}
    try:
        name = _check_name(name)
    except ValueError as error:
        errors["name"] = str(error)
    slug = slug or slugify(name)[:100]
    # The API passes what the JSON held: a list or a number is as wrong as a bad string, not a 500.
    if not isinstance(slug, str) or not SLUG_PATTERN.fullmatch(slug):
        errors["slug"] = "the short name must be lower-case letters, digits and '-' (at most 100)"
    elif Project.objects.filter(slug=slug).exists():
        errors["slug"] = f"a project called {slug!r} already exists; choose another short name"
    scheme = settings.pop("label_scheme", None)
    values = _checked_settings(settings, errors)
    if scheme is not None:
        try:
            values["label_scheme"] = check_scheme(current={}, proposed=scheme, in_use={}).scheme
        except SchemeError as error:
            errors["label_scheme"] = error.problems
    if errors:
        raise ProjectError(errors)
    try:
        # The savepoint lets a slug taken by a concurrent request end as a clear error, not a 500.
        with transaction.atomic():
            project = Project.objects.create(name=name, slug=slug, **values)
    except IntegrityError:
        raise ProjectError({"slug": f"a project called {slug!r} already exists; choose another short name"}) from None
    ProjectChange.objects.create(project=project, kind=ChangeKind.CREATED, changed_by=manager,
                                 data={"name": name, "slug": slug})
    if manager is not None:
        add_member(project=project, user=manager, role=Role.MANAGER, changed_by=manager)
    return project


def _checked_settings(settings: dict, errors: dict) -> dict:
    values = {}
    for name, value in settings.items():
        if name not in CHECKS:
            errors[name] = "not a setting that can be changed here" if name in SETTINGS else "unknown setting"
            continue
        try:
            values[name] = CHECKS[name](value)
        except ValueError as error:
            errors[name] = str(error)
    return values


@transaction.atomic
def update_settings(*, project: Project, changed_by: User | None, **changes) -> Project:
    """Change settings and the label scheme together or not at all; renames rewrite claims; recorded."""
    # FOR UPDATE, not a no-key lock: it must conflict with the FOR KEY SHARE that saving an
    # annotation holds (claims.annotation.saving), so that no claim is stored with a renamed label.
    project = Project.objects.select_for_update().get(pk=project.pk)
    errors: dict[str, str | list[str]] = {}
    scheme = changes.pop("label_scheme", None)
    values = _checked_settings(changes, errors)
    scheme_change = None
    if scheme is not None:
        try:
            scheme_change = check_scheme(current=project.label_scheme, proposed=scheme, in_use=labels_in_use(project))
        except SchemeError as error:
            errors["label_scheme"] = error.problems
        else:
            values["label_scheme"] = scheme_change.scheme
    if errors:
        raise ProjectError(errors)
    record = {
        name: [getattr(project, name), value] for name, value in values.items() if getattr(project, name) != value
    }
    if "guidelines" in record:
        # The full text would bloat the log; its length says it changed.
        record["guidelines"] = [len(project.guidelines), len(values["guidelines"])]
    if scheme_change and scheme_change.renamed:
        rewritten = 0
        for group, renames in scheme_change.renamed.items():
            for old, new in renames.items():
                rewritten += Claim.objects.filter(sentence__project=project, **{group: old}).update(**{group: new})
        record["renamed"] = scheme_change.renamed
        record["claims_rewritten"] = rewritten
    if not record:
        return project
    for name, value in values.items():
        setattr(project, name, value)
    project.save(update_fields=list(values))
    ProjectChange.objects.create(project=project, kind=ChangeKind.SETTINGS, changed_by=changed_by, data=record)
    if "label_scheme" in record:
        # Suggestions read the stance labels and their descriptions: a change makes them stale.
        inputs_changed(project=project, reason="label scheme changed")
    if {"queue_order", "queue_seed"} & set(record):
        # Re-ranking touches every queued sentence: a worker does it, once this change is committed.
        request_rerank(project=project, user=changed_by)
    return project


def _managers_left(project: Project, without: User) -> int:
    return Membership.objects.filter(project=project, role=Role.MANAGER).exclude(user=without).count()


@transaction.atomic
def add_member(*, project: Project, user: User, role: str, changed_by: User | None = None) -> Membership:
    """Give the user this role in the project (changing it if they already belong); a project keeps a manager."""
    if role not in Role.values:
        raise ProjectError({"role": f"role must be one of {', '.join(Role.values)}"})
    Project.objects.select_for_update().filter(pk=project.pk).first()
    membership = Membership.objects.filter(project=project, user=user).first()
    before = membership.role if membership else None
    if before == role:
        return membership
    if before == Role.MANAGER and not _managers_left(project, user):
        raise ProjectError({"role": f"{user.username} is the project's only manager; make someone else manager first"})
    if membership is None:
        membership = Membership.objects.create(project=project, user=user, role=role)
    else:
        membership.role = role
        membership.save(update_fields=["role"])
    ProjectChange.objects.create(project=project, kind=ChangeKind.MEMBER, changed_by=changed_by,
                                 data={"user": user.username, "role": [before, role]})
    project.__dict__.pop("_roles", None)
    return membership


@transaction.atomic
def remove_member(*, project: Project, user: User, changed_by: User | None) -> None:
    """Take the user out of the project (their annotations stay); a project keeps a manager."""
    Project.objects.select_for_update().filter(pk=project.pk).first()
    membership = Membership.objects.filter(project=project, user=user).first()
    if membership is None:
        raise ProjectError({"user": f"{user.username} is not a member of this project"})
    if membership.role == Role.MANAGER and not _managers_left(project, user):
        raise ProjectError({"user": f"{user.username} is the project's only manager; make someone else manager first"})
    membership.delete()
    ProjectChange.objects.create(project=project, kind=ChangeKind.MEMBER, changed_by=changed_by,
                                 data={"user": user.username, "role": [membership.role, None]})
    project.__dict__.pop("_roles", None)


@transaction.atomic
def invite_member(
    *, project: Project, username: str, role: str, open_account: bool = False, changed_by: User | None
) -> tuple[Membership, str | None]:
    """Add the user with this name (any case) in this role; with open_account, create a missing account.

    Returns the membership and, when the account was opened now, its password (shown once, never stored).
    """
    username = username.strip()
    user, password = User.objects.filter(username__iexact=username).first(), None
    if user is None:
        if not open_account:
            raise ProjectError({"username": f"no user is called {username!r}; ask to open the account"})
        try:
            user, password = create_account(username=username)
        except AccountError as error:
            raise ProjectError({"username": str(error)}) from None
    return add_member(project=project, user=user, role=role, changed_by=changed_by), password
