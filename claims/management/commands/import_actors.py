"""python manage.py import_actors --project SLUG FILE (.json or .csv)"""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from claims.actors.rematch import rematch_now
from claims.actors.service import ActorImportError, import_actors, read_actor_file
from claims.management.lookup import project_by_slug


class Command(BaseCommand):
    """Create or update a project's actors and aliases from a file, then re-match mentions."""

    help = "Import an actor list (JSON list or CSV name,kind,aliases,parent; aliases separated by |)."

    def add_arguments(self, parser):
        parser.add_argument("--project", required=True, help="project slug")
        parser.add_argument("path", type=Path)

    def handle(self, *args, project: str, path: Path, **options):
        target = project_by_slug(project)
        if not path.is_file():
            raise CommandError(f"{path}: no such file")
        try:
            result = import_actors(project=target, specs=read_actor_file(path.name, path.read_bytes()))
        except ActorImportError as error:
            raise CommandError(f"nothing was changed: {error}") from None
        self.stdout.write(f"{target.slug}: {result['created']} actors created, {result['updated']} updated")
        # Batch work: the re-match runs here rather than waiting for a worker.
        job = rematch_now(project=target)
        if job.status == "succeeded":
            counts = job.counts
            self.stdout.write(self.style.SUCCESS(
                f"{counts['mentions']} mentions in {counts['sentences']} sentences "
                f"({counts['added']} added, {counts['removed']} removed; re-match job {job.id})"))
        elif job.status == "failed":
            raise CommandError(f"the actors were saved, but matching mentions failed (re-match job {job.id}): "
                               + "; ".join(error["message"] for error in job.errors))
        else:
            self.stdout.write(f"a worker is matching mentions (re-match job {job.id})")
