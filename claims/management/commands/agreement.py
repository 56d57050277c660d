"""python manage.py agreement --project SLUG [--json]"""

import json

from django.core.management.base import BaseCommand

from claims.management.lookup import project_by_slug
from claims.review.agreement import project_agreement


def _shown(value) -> str:
    return "-" if value is None else f"{value:.3f}"


class Command(BaseCommand):
    """Print a project's agreement per field (the agreement page's figures)."""

    help = "Print agreement per field: Krippendorff's alpha, Fleiss' kappa, Cohen's kappa per pair (or --json)."

    def add_arguments(self, parser):
        parser.add_argument("--project", required=True, help="project slug")
        parser.add_argument("--json", action="store_true", dest="as_json",
                            help="print JSON, as GET /api/projects/{id}/agreement/")

    def handle(self, *args, project: str, as_json: bool = False, **options):
        target = project_by_slug(project)
        report = project_agreement(project=target)
        if as_json:
            self.stdout.write(json.dumps(report, indent=2, default=str))
            return
        names = report["annotators"]
        self.stdout.write(f"{'field':<10} {'items':>6} {'alpha':>7} {'fleiss':>7}  pairs (cohen's kappa, items)")
        for field, f in report["fields"].items():
            pairs = ", ".join(f"{names[str(p['annotators'][0])]}/{names[str(p['annotators'][1])]} "
                              f"{_shown(p['cohen_kappa'])} ({p['items']})" for p in f["pairs"])
            self.stdout.write(f"{field:<10} {f['items']:>6} {_shown(f['krippendorff_alpha']):>7} "
                              f"{_shown(f['fleiss_kappa']):>7}  {pairs}")
