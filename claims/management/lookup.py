"""What the management commands share: finding the project a --project SLUG names."""

from django.core.management.base import CommandError

from claims.models import Project


def project_by_slug(slug: str) -> Project:
    """The project with this slug; CommandError naming it if there is none."""
    project = Project.objects.filter(slug=slug).first()
    if project is None:
        raise CommandError(f"no project {slug!r}")
    return project
