"""python manage.py export_dataset --project SLUG --format F --labels L [--split ...] [--seed N] --out DIR"""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from claims.export.errors import ExportError
from claims.export.labels import LABEL_MODES
from claims.export.service import ExportOptions, export_dataset
from claims.export.splits import DEFAULT_SPLIT
from claims.export.writers import FORMATS
from claims.management.lookup import project_by_slug


class Command(BaseCommand):
    """Write a project's labelled data as a training set: one file per split, manifest.json and README.md."""

    help = ("Export a project's labels as a training set split by source: DIR/<split>.<ext> (or DIR/dataset "
            "for hf), DIR/manifest.json and the dataset card DIR/README.md.")
    requires_system_checks = []

    def add_arguments(self, parser):
        parser.add_argument("--project", required=True, help="project slug")
        parser.add_argument("--format", choices=FORMATS, default="jsonl")
        parser.add_argument("--labels", choices=list(LABEL_MODES), default="gold")
        parser.add_argument("--split", default=DEFAULT_SPLIT, help=f"name=share,... (default {DEFAULT_SPLIT})")
        parser.add_argument("--seed", default="0", help="the split's seed (default 0)")
        parser.add_argument("--min-agreement", default="0", help="leave out items whose annotators agreed less")
        parser.add_argument("--keep-ties", action="store_true", help="majority/soft: keep tied items, flagged")
        parser.add_argument("--with-suggestions", action="store_true", help="add the live model's suggestions")
        parser.add_argument("--out", required=True, type=Path, help="an empty or new folder")

    def handle(self, *args, project: str, out: Path, **given):
        from tqdm import tqdm

        target = project_by_slug(project)
        names = ("format", "labels", "split", "seed", "min_agreement", "keep_ties", "with_suggestions")
        try:
            options = ExportOptions.parse({name: given[name] for name in names})
            with tqdm(total=100, desc="export", unit="%", file=self.stderr) as bar:
                head = export_dataset(project=target, options=options, out=out,
                                      progress=lambda percent: bar.update(max(0, percent - bar.n)))
                bar.update(100 - bar.n)
        except ExportError as error:
            problems = "\n  ".join(map(str, error.problems))
            raise CommandError(f"export failed, nothing was written:\n  {problems}") from None
        rows = ", ".join(f"{name} {counts['rows']}" for name, counts in head["counts"].items())
        self.stdout.write(self.style.SUCCESS(f"{target.slug}: {rows} rows written to {out}"))
