"""python manage.py configure_project --project SLUG [SETTINGS.json] [--show] [--create --name NAME --manager USER]"""

import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from claims.models import Project, User
from claims.projects import SETTINGS, ProjectError, create_project, update_settings


class Command(BaseCommand):
    """Change a project's settings and label scheme from a JSON file shaped like PATCH /api/projects/{id}/."""

    help = ("Apply settings (name, guidelines, label_scheme, overlap, blind, queue_order, queue_seed, "
            "reservation_minutes, suggestion_threshold) from a JSON file; --show prints them.")

    def add_arguments(self, parser):
        parser.add_argument("--project", required=True, help="project slug")
        parser.add_argument("path", type=Path, nargs="?", help="JSON object of settings to change")
        parser.add_argument("--show", action="store_true", help="print the settings as JSON (to edit and apply)")
        parser.add_argument("--create", action="store_true", help="create the project first")
        parser.add_argument("--name", help="name of the project to create")
        parser.add_argument("--manager", help="username of the new project's manager")

    def handle(self, *args, project: str, path: Path | None, show: bool, create: bool, name: str | None,
               manager: str | None, **options):
        changes = self._read(path) if path else {}
        try:
            if create:
                owner = User.objects.filter(username=manager).first() if manager else None
                if manager and owner is None:
                    raise CommandError(f"no user {manager!r}")
                target = create_project(name=name or project, slug=project, manager=owner, **changes)
                self.stdout.write(self.style.SUCCESS(f"created {target.slug}"))
            else:
                target = Project.objects.filter(slug=project).first()
                if target is None:
                    raise CommandError(f"no project {project!r} (add --create to make it)")
                if changes:
                    target = update_settings(project=target, changed_by=None, **changes)
                    self.stdout.write(self.style.SUCCESS(f"{target.slug}: settings saved"))
        except ProjectError as error:
            problems = [f"  {name}: {message}" for name, messages in error.errors.items() for message in messages]
            raise CommandError("nothing was changed:\n" + "\n".join(problems)) from None
        if show:
            self.stdout.write(json.dumps({name: getattr(target, name) for name in SETTINGS}, indent=2))

    def _read(self, path: Path) -> dict:
        if not path.is_file():
            raise CommandError(f"{path}: no such file")
        try:
            changes = json.loads(path.read_text(encoding="utf-8"))
        except (UnicodeDecodeError, json.JSONDecodeError) as error:
            raise CommandError(f"{path}: not a JSON file ({error})") from None
        if not isinstance(changes, dict):
            raise CommandError(f"{path}: must hold one JSON object of settings")
        return changes
