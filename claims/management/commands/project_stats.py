"""python manage.py project_stats --project SLUG [--json]"""

import json

from django.core.management.base import BaseCommand

from claims.dashboard import project_stats
from claims.management.lookup import project_by_slug


class Command(BaseCommand):
    """Print a project's progress, per-annotator work and label counts (the dashboard's figures)."""

    help = "Print the dashboard's figures for a project (as a table, or the stats API's JSON with --json)."

    def add_arguments(self, parser):
        parser.add_argument("--project", required=True, help="project slug")
        parser.add_argument("--json", action="store_true", dest="as_json",
                            help="print JSON, as GET /api/projects/{id}/stats/")

    def handle(self, *args, project: str, as_json: bool = False, **options):
        target = project_by_slug(project)
        stats = project_stats(project=target)
        if as_json:
            self.stdout.write(json.dumps(stats, indent=2))
            return
        write = self.stdout.write
        write(f"{target.slug}: {stats['sentences']} body sentences, {stats['complete']} complete "
              f"(k={stats['overlap']}), {stats['annotations']} of {stats['slots']} annotations")
        write("coverage: " + ", ".join(f"{b['annotations']}: {b['sentences']}" for b in stats["coverage"]))
        write(f"{'annotator':<20} {'items':>6} {'claims':>6} {'median s':>8} {'skips':>5} {'skip rate':>9}")
        for row in stats["annotators"]:
            median = "-" if row["median_seconds"] is None else f"{row['median_seconds']:g}"
            rate = "-" if row["skip_rate"] is None else f"{row['skip_rate']:.0%}"
            write(f"{row['username']:<20} {row['items']:>6} {row['claims']:>6} {median:>8} {row['skips']:>5} {rate:>9}")
        for group in ("stance", "certainty"):
            write(f"{group}: " + ", ".join(f"{r['label']} {r['claims']}" for r in stats["labels"][group]))
        write(f"no claim: {stats['labels']['no_claim']} annotations")
