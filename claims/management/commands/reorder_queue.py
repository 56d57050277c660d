"""python manage.py reorder_queue --project SLUG"""

from django.core.management.base import BaseCommand, CommandError

from claims.annotation.queue import rerank_now
from claims.management.lookup import project_by_slug


class Command(BaseCommand):
    """Re-rank a project's work queue for its queue order and seed."""

    help = "Re-rank a project's work queue after its queue order or seed changed (or its suggestions did)."

    def add_arguments(self, parser):
        parser.add_argument("--project", required=True, help="project slug")

    def handle(self, *args, project: str, **options):
        target = project_by_slug(project)
        job = rerank_now(project=target)
        if job.status != "succeeded":
            raise CommandError(f"{target.slug}: the re-rank failed: {job.message or job.errors}")
        moved = job.counts["moved"]
        self.stdout.write(self.style.SUCCESS(
            f"{target.slug}: queue in {target.get_queue_order_display().lower()} order; {moved} sentences moved"))
