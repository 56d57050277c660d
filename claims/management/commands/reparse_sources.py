"""python manage.py reparse_sources --project SLUG [--source ID] [--force] [--user USERNAME]"""

from django.core.management.base import BaseCommand, CommandError

from claims.curation.reparse import reparse_source, stale_sources
from claims.ingest.article.version import PARSER_VERSION
from claims.management.lookup import project_by_slug
from claims.models import User


class Command(BaseCommand):
    """Re-read sources with the current parser, keeping editors' corrections; annotated sources are skipped."""

    help = (
        "Re-read a project's sources with the current article parser (those read by an older version, "
        "or all with --force), one transaction per source; sources with annotations are left as they are."
    )

    def add_arguments(self, parser):
        parser.add_argument("--project", required=True, help="project slug")
        parser.add_argument("--source", type=int, help="only this source (id)")
        parser.add_argument("--force", action="store_true", help="also re-read sources of the current version")
        parser.add_argument("--user", help="record the re-parse as done by this user")

    def handle(self, *args, project: str, source: int | None, force: bool, user: str | None, **options):
        target = project_by_slug(project)
        if source is not None and not target.sources.filter(pk=source).exists():
            raise CommandError(f"project {project!r} has no source {source}")
        by = None
        if user is not None and (by := User.objects.filter(username=user).first()) is None:
            raise CommandError(f"no user {user!r}")
        counts = {"reparsed": 0, "unchanged": 0, "skipped": 0}
        ids = list(stale_sources(project=target, source_id=source, force=force))
        for pk in ids:
            report = reparse_source(source_id=pk, user=by)
            counts[report.outcome] += 1
            self.stdout.write(str(report))
        if not ids:
            self.stdout.write(f"every source is already read by parser version {PARSER_VERSION}; --force re-reads")
        self.stdout.write(
            self.style.SUCCESS(
                f"{target.slug}: parser version {PARSER_VERSION}; {counts['reparsed']} sources changed, "
                f"{counts['unchanged']} unchanged, {counts['skipped']} skipped"
            )
        )
