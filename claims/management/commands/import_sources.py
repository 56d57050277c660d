"""python manage.py import_sources --project SLUG [--create] PATH [PATH ...]"""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from claims.ingest.errors import IngestError
from claims.ingest.jobs import run_import_now
from claims.ingest.service import InputFile
from claims.models import Project
from claims.projects import create_project


class Command(BaseCommand):
    """Import articles (txt, jsonl, json, csv, html, zip) into a project, all or nothing."""

    help = "Import articles into a project: one transaction, nothing stored on any error."

    def add_arguments(self, parser):
        parser.add_argument("--project", required=True, help="project slug")
        parser.add_argument("--create", action="store_true", help="create the project if it does not exist")
        parser.add_argument("paths", nargs="+", type=Path, help="files or folders to import")

    def handle(self, *args, project: str, create: bool, paths: list[Path], **options):
        if not create and not Project.objects.filter(slug=project).exists():
            raise CommandError(f"no project {project!r}; pass --create to create it")
        files = []
        for path in paths:
            if path.is_dir():
                files.extend(InputFile(str(p), p) for p in sorted(path.rglob("*")) if p.is_file())
            elif path.is_file():
                files.append(InputFile(str(path), path))
            else:
                raise CommandError(f"{path}: no such file or folder")
        try:
            # One transaction: a project made by --create disappears again if the import fails.
            with transaction.atomic():
                target = Project.objects.filter(slug=project).first() or create_project(name=project, slug=project)
                job, summary = run_import_now(project=target, files=files)
        except IngestError as error:
            problems = "\n  ".join(map(str, error.problems))
            raise CommandError(f"import failed, nothing was stored:\n  {problems}") from None
        for note in summary.notes:
            self.stdout.write(f"note: {note}")
        self.stdout.write(self.style.SUCCESS(f"{target.slug}: {summary} (import job {job.id})"))
