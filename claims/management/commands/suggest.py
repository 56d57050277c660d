"""python manage.py suggest --project SLUG [--stale | --all] [--enqueue] [--no-wait]"""

from django.core.management.base import BaseCommand

from claims.management.lookup import project_by_slug
from claims.models import SuggestionRun
from claims.suggest.command import add_run_arguments, run_with_bar
from claims.suggest.runs import forget_live_suggestions, request_suggestions, stale_count
from claims.suggest.worker import run_suggestions_now


class Command(BaseCommand):
    """Give every body sentence lacking an up-to-date suggestion one from the project's live model version."""

    help = ("Suggest for every body sentence without an up-to-date suggestion from the live model: new sentences "
            "and stale ones (here, or --enqueue); --all recomputes every one. A run already going is waited for "
            "(--no-wait refuses).")

    def add_arguments(self, parser):
        add_run_arguments(parser)
        which = parser.add_mutually_exclusive_group()
        which.add_argument("--stale", action="store_true",
                           help="say how many are stale (computed before their actors, bounds or labels changed) "
                                "and recompute them with the missing ones (what a plain run does)")
        which.add_argument("--all", action="store_true",
                           help="forget the live version's suggestions (except those an annotation points at) and "
                                "compute them all again")

    def handle(self, *args, project: str, enqueue: bool, no_wait: bool, stale: bool, all: bool, **options):
        project = project_by_slug(project)
        if stale:
            self.stdout.write(f"{stale_count(project=project)} body sentences have only a stale suggestion")
        if all:
            self.stdout.write(f"{forget_live_suggestions(project=project)} suggestions forgotten")
        run = run_with_bar(self, enqueue=enqueue and request_suggestions, now=run_suggestions_now,
                           model=SuggestionRun, what="suggestion", wait=not no_wait, project=project)
        if not enqueue:
            counts = run.counts
            self.stdout.write(self.style.SUCCESS(
                f"{counts['sentences']} sentences scored by model version {counts['model_version']}; "
                f"{counts['written']} suggestions stored"))
