"""python manage.py export_model --project SLUG [--version N] --out DIR"""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from claims.export.errors import ExportError
from claims.export.model import export_model
from claims.management.lookup import project_by_slug


class Command(BaseCommand):
    """Write a project's suggestion model (the live version, or --version N) as a folder transformers loads."""

    help = ("Export the suggestion model: the encoder (save_pretrained), heads.safetensors, labels.json, "
            "training.json and the model card README.md in DIR.")
    requires_system_checks = []

    def add_base_argument(self, parser, *args, **kwargs):
        if "--version" not in args:  # here --version is the model version, not Django's
            super().add_base_argument(parser, *args, **kwargs)

    def add_arguments(self, parser):
        parser.add_argument("--project", required=True, help="project slug")
        parser.add_argument("--version", type=int, help="model version id (default: the live version)")
        parser.add_argument("--out", required=True, type=Path, help="an empty or new folder")

    def handle(self, *args, project: str, version: int | None, out: Path, **options):
        target = project_by_slug(project)
        try:
            training = export_model(project=target, version=version, out=out)
        except ExportError as error:
            problems = "\n  ".join(map(str, error.problems))
            raise CommandError(f"model export failed, nothing was written:\n  {problems}") from None
        self.stdout.write(self.style.SUCCESS(
            f"{target.slug}: model version {training['version']} ({training['kind']}) written to {out}"))
