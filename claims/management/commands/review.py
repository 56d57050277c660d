"""python manage.py review --project SLUG [--accept-unanimous] [--accept-majority --editor USERNAME] [--propose]"""

from django.core.management.base import BaseCommand, CommandError

from claims.management.lookup import project_by_slug
from claims.models import User
from claims.models.annotation import Resolution
from claims.review.disagreements import disagreements
from claims.review.errors import ReviewRejected
from claims.review.gold import accept_gold
from claims.review.proposing import propose as propose_propositions


class Command(BaseCommand):
    """Batch review: accept agreeing sentences as gold, propose propositions, count what is left to review."""

    help = "Accept unanimous / majority decisions as gold, propose propositions, and print the disagreement count."

    def add_arguments(self, parser):
        parser.add_argument("--project", required=True, help="project slug")
        parser.add_argument("--accept-unanimous", action="store_true", help="gold where all k annotators agree")
        parser.add_argument("--accept-majority", action="store_true", help="gold where a majority decides")
        parser.add_argument("--editor", default="", help="username recorded as accepting majority decisions")
        parser.add_argument("--propose", action="store_true", help="propose propositions here (no worker needed)")

    def handle(self, *args, project: str, accept_unanimous: bool, accept_majority: bool, editor: str,
               propose: bool, **options):
        target = project_by_slug(project)
        who = User.objects.filter(username=editor).first() if editor else None
        if editor and who is None:
            raise CommandError(f"no user {editor!r}")
        try:
            if accept_unanimous:
                made = accept_gold(project=target, resolution=Resolution.UNANIMOUS, editor=who)
                self.stdout.write(f"unanimous: {made} sentences became gold")
            if accept_majority:
                made = accept_gold(project=target, resolution=Resolution.MAJORITY, editor=who)
                self.stdout.write(f"majority: {made} sentences became gold")
        except ReviewRejected as refused:
            raise CommandError(str(refused)) from None
        if propose:
            counts = propose_propositions(project=target)
            self.stdout.write(f"propositions: {counts['proposed']} proposed from {counts['claims']} claims")
        self.stdout.write(f"disagreements left: {len(disagreements(project=target))}")

