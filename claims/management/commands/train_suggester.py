"""python manage.py train_suggester --project SLUG [--enqueue]"""

from django.core.management.base import BaseCommand

from claims.models import ModelVersion
from claims.suggest.command import project_by_slug, run_with_bar
from claims.suggest.runs import request_training
from claims.suggest.worker import train_now


class Command(BaseCommand):
    """Train a new model version on the project's labels; it goes live only if it beats the live one."""

    help = "Train the suggestion model on the project's labels (here with a progress bar, or --enqueue)."

    def add_arguments(self, parser):
        parser.add_argument("--project", required=True, help="project slug")
        parser.add_argument("--enqueue", action="store_true", help="queue it for the suggest worker instead")

    def handle(self, *args, project: str, enqueue: bool, **options):
        run = run_with_bar(self, enqueue=enqueue and request_training, now=train_now, what="training",
                           project=project_by_slug(project))
        if not enqueue:
            version = ModelVersion.objects.get(id=run.counts["model_version"])
            self.stdout.write(self.style.SUCCESS(
                f"model version {version.id}: held-out score {version.metrics['score']:.3f} "
                f"(majority baseline {version.metrics['baseline_score']:.3f}) in {version.duration_seconds:.1f} s; "
                f"{version.note}"))
