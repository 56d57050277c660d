"""python manage.py annotations --project SLUG [--annotator NAME] [--source ID] [--sentence ID] [--history]"""

import json

from django.core.management.base import BaseCommand, CommandError
from django.core.serializers.json import DjangoJSONEncoder

from claims.annotation.history import history
from claims.annotation.saving import annotation_data
from claims.filters import AnnotationFilter
from claims.management.lookup import project_by_slug
from claims.models import Annotation, User

CHUNK = 500


class Command(BaseCommand):
    """Print a project's annotations, one JSON object a line, as the API gives them; with --history, every version."""

    help = ("Print a project's annotations as JSON lines (the API's shape), filtered by annotator, source or "
            "sentence; --history adds every revision with what it changed.")

    def add_arguments(self, parser):
        parser.add_argument("--project", required=True, help="project slug")
        parser.add_argument("--annotator", help="username")
        parser.add_argument("--source", help="source id")
        parser.add_argument("--sentence", help="sentence id")
        parser.add_argument("--history", action="store_true", dest="with_history",
                            help="add each annotation's revisions")

    def handle(self, *args, project: str, annotator: str | None, source: str | None, sentence: str | None,
               with_history: bool, **options):
        target = project_by_slug(project)
        query = {"source": source, "sentence": sentence}
        if annotator:
            user = User.objects.filter(username__iexact=annotator).first()
            if user is None:
                raise CommandError(f"no user {annotator!r}")
            query["annotator"] = str(user.pk)
        chosen = AnnotationFilter({k: v for k, v in query.items() if v is not None},
                                  queryset=Annotation.objects.filter(project=target).with_claims())
        if not chosen.is_valid():
            raise CommandError("; ".join(f"--{name}: {' '.join(errors)}" for name, errors in chosen.errors.items()))
        for annotation in chosen.qs.order_by("id").iterator(chunk_size=CHUNK):
            row = annotation_data(annotation)
            if with_history:
                row["history"] = history(annotation=annotation)
            self.stdout.write(json.dumps(row, cls=DjangoJSONEncoder, ensure_ascii=False))

