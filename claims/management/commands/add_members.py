"""python manage.py add_members --project SLUG --role ROLE [--create] USERNAME..."""

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from claims.management.lookup import project_by_slug
from claims.models import Role
from claims.projects import ProjectError, invite_member


class Command(BaseCommand):
    """Add people to a project's team in one role, opening missing accounts when asked (passwords printed once)."""

    help = "Add users to a project in a role; with --create, open missing accounts and print their passwords."

    def add_arguments(self, parser):
        parser.add_argument("--project", required=True, help="project slug")
        parser.add_argument("--role", choices=Role.values, default=Role.ANNOTATOR)
        parser.add_argument("--create", action="store_true", help="open an account for a name nobody has")
        parser.add_argument("usernames", nargs="+")

    def handle(self, *args, project: str, role: str, create: bool, usernames: list[str], **options):
        target = project_by_slug(project)
        opened = []
        try:
            # All or nothing: one unknown name adds nobody.
            with transaction.atomic():
                for username in usernames:
                    membership, password = invite_member(project=target, username=username, role=role,
                                                         open_account=create, changed_by=None)
                    opened.append((membership.user.username, password))
        except ProjectError as error:
            raise CommandError(f"nobody was added: {error}") from None
        for username, password in opened:
            note = f"  new account, password {password}" if password else ""
            self.stdout.write(f"{username}: {role} of {target.slug}{note}")
