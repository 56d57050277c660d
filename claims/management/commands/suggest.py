"""python manage.py suggest --project SLUG [--enqueue]"""

from django.core.management.base import BaseCommand

from claims.suggest.command import project_by_slug, run_with_bar
from claims.suggest.runs import request_suggestions
from claims.suggest.worker import run_suggestions_now


class Command(BaseCommand):
    """Give every body sentence lacking one a suggestion from the project's live model version."""

    help = "Suggest for every body sentence that lacks a suggestion from the live model (here, or --enqueue)."

    def add_arguments(self, parser):
        parser.add_argument("--project", required=True, help="project slug")
        parser.add_argument("--enqueue", action="store_true", help="queue it for the suggest worker instead")

    def handle(self, *args, project: str, enqueue: bool, **options):
        run = run_with_bar(self, enqueue=enqueue and request_suggestions, now=run_suggestions_now,
                           what="suggestion", project=project_by_slug(project))
        if not enqueue:
            counts = run.counts
            self.stdout.write(self.style.SUCCESS(
                f"{counts['sentences']} sentences scored by model version {counts['model_version']}; "
                f"{counts['written']} suggestions stored"))
