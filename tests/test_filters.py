"""Bad query parameters answer 400 and name the parameter, on the API (JSON) and the web pages; never a 500."""

import pytest
from django.urls import reverse

from claims.actors.service import save_actor
from claims.ingest.readers import RawArticle
from claims.ingest.service import import_articles
from claims.models import Sentence

pytestmark = pytest.mark.django_db


@pytest.fixture
def corpus(project):
    kastran = save_actor(project=project, name="Kastran", kind="state", aliases=["Bravik"])
    import_articles(project=project, articles=[
        RawArticle(text="Kastran moved troops. Bravik denied it. Kastran, Kastran.", origin="a.txt", outlet="Wire"),
        RawArticle(text="The bloc met. Nothing was agreed.", origin="b.txt", outlet="Ledger"),
    ])
    return kastran


BAD_SENTENCE_FILTERS = [
    ({"source": "abc"}, "source", "Enter a whole number."),
    ({"source": "1.5"}, "source", "Enter a whole number."),
    ({"source": "0"}, "source", "greater than or equal to 1"),
    ({"source": str(2**70)}, "source", "less than or equal to"),
    ({"actor": "abc"}, "actor", "Enter a whole number."),
    ({"actor": "-3"}, "actor", "greater than or equal to 1"),
    ({"kind": "poem"}, "kind", "Select a valid choice."),
    ({"kind": "\x00"}, "kind", "NUL"),
]


@pytest.mark.parametrize(("params", "name", "message"), BAD_SENTENCE_FILTERS,
                         ids=[f"{next(iter(p))}={next(iter(p.values()))!r}" for p, _, _ in BAD_SENTENCE_FILTERS])
def test_bad_sentence_filter_is_a_json_400(project, corpus, annotator, as_user, params, name, message):
    response = as_user(annotator).get(f"/api/projects/{project.id}/sentences/", params)
    assert response.status_code == 400
    assert response["Content-Type"].startswith("application/json")
    body = response.json()
    assert message in (" ".join(body[name]) if name in body else body["detail"])


@pytest.mark.parametrize("params", [{"outlet": "\x00"}, {"outlet": "Wire\x00"}, {"page": "\x00"}, {"\x00": "1"}])
def test_nul_in_a_source_query_is_a_json_400(project, corpus, annotator, as_user, params):
    response = as_user(annotator).get(f"/api/projects/{project.id}/sources/", params)
    assert response.status_code == 400
    assert "contains a NUL character" in response.json()["detail"]


def test_good_filters_still_filter(project, corpus, annotator, as_user):
    api = as_user(annotator)
    source_id = Sentence.objects.filter(project=project).order_by("id").first().source_id
    url = f"/api/projects/{project.id}/sentences/"
    assert api.get(url, {"source": source_id}).json()["count"] == 3
    assert api.get(url, {"source": "99999"}).json()["count"] == 0
    # A sentence naming Kastran three times is listed once.
    assert [s["text"] for s in api.get(url, {"actor": corpus.id}).json()["results"]] == [
        "Kastran moved troops.", "Bravik denied it.", "Kastran, Kastran."]
    assert api.get(url, {"kind": "body", "source": source_id}).json()["count"] == 3
    assert [s["outlet"] for s in api.get(f"/api/projects/{project.id}/sources/", {"outlet": "Ledger"}).json()[
        "results"]] == ["Ledger"]


@pytest.mark.parametrize(
    ("query", "message"),
    [("?outlet=%00", "contains a NUL character"), ("?outlet=Wire%00x", "contains a NUL character"),
     ("?page=%00", "contains a NUL character")],
)
def test_web_source_list_answers_400_page_on_bad_parameters(project, corpus, annotator, client, query, message):
    client.force_login(annotator)
    response = client.get(reverse("project-sources", args=[project.id]) + query)
    assert response.status_code == 400
    assert response["Content-Type"].startswith("text/html")
    assert message in response.content.decode()


def test_filters_refuse_nul_even_without_the_middleware(project, corpus, annotator, client, as_user, settings):
    settings.MIDDLEWARE = [m for m in settings.MIDDLEWARE if m != "claims.middleware.RefuseNulMiddleware"]
    client.force_login(annotator)
    page = client.get(reverse("project-sources", args=[project.id]), {"outlet": "x\x00"})
    assert page.status_code == 400 and "outlet: Null characters are not allowed." in page.content.decode()
    response = as_user(annotator).get(f"/api/projects/{project.id}/sources/", {"outlet": "x\x00"})
    assert response.status_code == 400 and response.json()["outlet"] == ["Null characters are not allowed."]


def test_web_source_list_filters_by_outlet(project, corpus, annotator, client):
    client.force_login(annotator)
    response = client.get(reverse("project-sources", args=[project.id]), {"outlet": "Ledger"})
    assert response.status_code == 200
    assert [source.outlet for source in response.context["page"]] == ["Ledger"]
