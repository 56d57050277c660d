"""python manage.py train_suggester --project SLUG [--enqueue] [--no-wait]"""

from django.core.management.base import BaseCommand

from claims.management.lookup import project_by_slug
from claims.models import ModelVersion, TrainingRun
from claims.suggest.command import add_run_arguments, run_with_bar
from claims.suggest.runs import request_training
from claims.suggest.worker import train_now


class Command(BaseCommand):
    """Train a new model version on the project's labels; it goes live only if it beats the live one."""

    help = ("Train the suggestion model on the project's labels (here with a progress bar, or --enqueue); "
            "a training run already going is waited for (--no-wait refuses).")

    def add_arguments(self, parser):
        add_run_arguments(parser)

    def handle(self, *args, project: str, enqueue: bool, no_wait: bool, **options):
        run = run_with_bar(self, enqueue=enqueue and request_training, now=train_now, model=TrainingRun,
                           what="training", wait=not no_wait, project=project_by_slug(project))
        if not enqueue:
            version = ModelVersion.objects.get(id=run.counts["model_version"])
            self.stdout.write(self.style.SUCCESS(
                f"model version {version.id}: held-out score {version.metrics['score']:.3f} "
                f"(majority baseline {version.metrics['baseline_score']:.3f}) in {version.duration_seconds:.1f} s; "
                f"{version.note}"))
