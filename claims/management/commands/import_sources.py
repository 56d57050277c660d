"""python manage.py import_sources --project SLUG [--create [--manager USERNAME]] PATH [PATH ...]"""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from claims.ingest.errors import IngestError
from claims.ingest.jobs import run_import_now
from claims.ingest.service import InputFile
from claims.models import Project, Role, User
from claims.projects import add_member, create_project


def input_files(paths: list[Path]) -> list[InputFile]:
    """The files to import, each named as the user knows it: a file by its name, a folder's files by their path
    from the folder (the folder's name first), never by where they sit on the server."""
    files = []
    for path in paths:
        if path.is_dir():
            top = path.resolve()
            files.extend(InputFile(str(Path(top.name) / p.relative_to(top)), p)
                         for p in sorted(top.rglob("*")) if p.is_file())
        elif path.is_file():
            files.append(InputFile(path.name, path))
        else:
            raise CommandError(f"{path}: no such file or folder")
    return files


class Command(BaseCommand):
    """Import articles (txt, jsonl, json, csv, html, zip) into a project, all or nothing."""

    help = "Import articles into a project: one transaction, nothing stored on any error."
    # The system checks would import the URLconf and every view on each run (0.15 s of CPU, a tenth
    # of a 20,000-item import); the import needs neither. The server and `manage.py check` run them.
    requires_system_checks = []

    def add_arguments(self, parser):
        parser.add_argument("--project", required=True, help="project slug")
        parser.add_argument("--create", action="store_true", help="create the project if it does not exist")
        parser.add_argument("--manager", metavar="USERNAME", help="give this user the manager role in the project")
        parser.add_argument("paths", nargs="+", type=Path, help="files or folders to import")

    def handle(self, *args, project: str, create: bool, manager: str | None, paths: list[Path], **options):
        if not create and not Project.objects.filter(slug=project).exists():
            raise CommandError(f"no project {project!r}; pass --create to create it")
        user = None
        if manager is not None and (user := User.objects.filter(username=manager).first()) is None:
            raise CommandError(f"no user {manager!r}; create it first (python manage.py createsuperuser "
                               "or the admin)")
        files = input_files(paths)
        try:
            # One transaction: a project made by --create disappears again if the import fails.
            with transaction.atomic():
                target = Project.objects.filter(slug=project).first() or create_project(name=project, slug=project)
                if user is not None:
                    add_member(project=target, user=user, role=Role.MANAGER)
                job, summary = run_import_now(project=target, files=files, user=user)
        except IngestError as error:
            problems = "\n  ".join(map(str, error.problems))
            raise CommandError(f"import failed, nothing was stored:\n  {problems}") from None
        for note in summary.notes:
            self.stdout.write(f"note: {note}")
        if user is not None:
            self.stdout.write(f"{user.username} is a manager of {target.slug}")
        self.stdout.write(self.style.SUCCESS(f"{target.slug}: {summary} (import job {job.id})"))
