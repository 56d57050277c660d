"""Fixtures for the web UI tests: a logged-in client per persona and sources made by the import service."""

import pytest

from claims.ingest.readers import RawArticle
from claims.ingest.service import import_articles
from claims.models import Source


@pytest.fixture
def login(client):
    """login(user) -> the test client, logged in as user."""

    def as_user(user):
        client.force_login(user)
        return client

    return as_user


@pytest.fixture
def add_source(project):
    """add_source(text, title=...) imports one article through the service and returns its Source."""

    def add(text: str, *, title: str = "", outlet: str = "", target=None) -> Source:
        target = target or project
        before = set(Source.objects.filter(project=target).values_list("id", flat=True))
        import_articles(project=target, articles=[RawArticle(text=text, origin="t.txt", title=title, outlet=outlet)])
        return Source.objects.filter(project=target).exclude(id__in=before).get()

    return add
