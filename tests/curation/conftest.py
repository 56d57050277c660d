"""Fixtures for the curation tests: an imported article with actors, and an annotator's work on a sentence."""

import pytest

from claims.actors.service import save_actor
from claims.ingest.readers import RawArticle
from claims.ingest.service import import_articles
from claims.models import Annotation, Source

ARTICLE = (
    "Dam talks resume in Dunmere\n\n"
    "By Mara Ostrova\n\n"
    "Veloria said on Monday that it would join talks with Kastran. Kastran welcomed the offer.\n\n"
    "Officials in Bravik declined to comment. The bloc called for calm."
)


@pytest.fixture
def source(project) -> Source:
    """The article, imported through the import service, with Veloria and Kastran (alias Bravik) as actors."""
    save_actor(project=project, name="Veloria", kind="state", aliases=["Dunmere"])
    save_actor(project=project, name="Kastran", kind="state", aliases=["Bravik"])
    import_articles(project=project, articles=[RawArticle(text=ARTICLE, origin="talks.txt")])
    return Source.objects.get(project=project)


@pytest.fixture
def annotate(annotator):
    """annotate(sentence): the annotator's annotation on it."""

    def on(sentence) -> Annotation:
        return Annotation.objects.create(project_id=sentence.project_id, sentence=sentence, annotator=annotator)

    return on
