"""Fixtures for the suggestion engine: the labelled fixture loaded into a project, one thread for torch."""

import pytest

from claims.ingest.readers import RawArticle
from claims.ingest.service import import_articles
from tests.suggest.fixture import load_fixture


@pytest.fixture(autouse=True)
def _one_torch_thread(settings):
    # Tests share a busy machine: one thread encodes several times faster than two there.
    settings.SUGGEST_TORCH_THREADS = 1


@pytest.fixture
def labelled_project(project, annotator):
    """The border-talks project with the whole labelled fixture imported and labelled by the annotator."""
    load_fixture(project=project, annotator=annotator)
    return project


@pytest.fixture
def add_article(project):
    """add_article(text) imports one article (one paragraph per line) through the import service."""

    def add(text: str, *, title: str = "Report") -> None:
        import_articles(project=project, articles=[RawArticle(text=text, origin="t.txt", title=title)])

    return add
