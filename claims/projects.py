"""Creating projects and managing their members."""

from django.db import transaction
from django.utils.text import slugify

from claims.models import Membership, Project, Role, User


@transaction.atomic
def create_project(*, name: str, slug: str = "", manager: User | None = None, **settings) -> Project:
    """Create a project; the creator (if any) becomes its manager."""
    project = Project.objects.create(name=name, slug=slug or slugify(name), **settings)
    if manager is not None:
        Membership.objects.create(project=project, user=manager, role=Role.MANAGER)
    return project


def add_member(*, project: Project, user: User, role: str) -> Membership:
    """Give the user this role in the project (changing it if they already belong)."""
    if role not in Role.values:
        raise ValueError(f"role must be one of {', '.join(Role.values)}")
    membership, _ = Membership.objects.update_or_create(project=project, user=user, defaults={"role": role})
    return membership
