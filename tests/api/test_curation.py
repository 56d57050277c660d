"""Corrections through the REST API: who may make them, what bad input answers, and what is recorded."""

import pytest

from claims.actors.service import save_actor
from claims.ingest.readers import RawArticle
from claims.ingest.service import import_articles
from claims.models import Annotation, Sentence, Source, SourceCorrection
from claims.projects import create_project

pytestmark = pytest.mark.django_db

TEXT = (
    "Dam talks resume in Dunmere\n\n"
    "Veloria said on Monday that it would join talks with Kastran. Kastran welcomed the offer.\n\n"
    "The views expressed are the author's own."
)


@pytest.fixture
def source(project) -> Source:
    save_actor(project=project, name="Kastran", kind="state")
    import_articles(project=project, articles=[RawArticle(text=TEXT, origin="talks.txt")])
    return Source.objects.get(project=project)


def url(source: Source, *rest: str) -> str:
    return "/".join([f"/api/projects/{source.project_id}/sources/{source.id}", *rest, ""])


def sentence_url(sentence: Sentence, *rest: str) -> str:
    return "/".join([f"/api/projects/{sentence.project_id}/sentences/{sentence.id}", *rest, ""])


def snapshot(source: Source) -> tuple:
    source = Source.objects.get(pk=source.pk)
    rows = list(source.sentences.order_by("index").values_list("id", "start", "end", "kind", "rule"))
    return source.title, source.url, source.published, rows, SourceCorrection.objects.count()


@pytest.mark.parametrize("persona", ["manager", "editor"])
def test_managers_and_editors_correct_a_source(source, as_user, persona, request):
    user = request.getfixturevalue(persona)
    response = as_user(user).patch(url(source), {"title": "Dam talks", "published": "2024-03-04",
                                                  "url": "https://nw.example/dam"}, format="json")
    assert response.status_code == 200
    body = response.json()
    assert (body["title"], body["published"], body["url"], body["sentence_count"]) == (
        "Dam talks", "2024-03-04", "https://nw.example/dam", 4)
    log = as_user(user).get(url(source, "corrections")).json()["results"]
    assert [(c["field"], c["user"], c["after"]["value"]) for c in log] == [
        ("title", persona, "Dam talks"), ("published", persona, "2024-03-04"), ("url", persona, "https://nw.example/dam")
    ]


def test_annotators_cannot_correct_and_outsiders_do_not_see_the_project(source, annotator, outsider, as_user):
    before = snapshot(source)
    sentence = source.sentences.get(index=1)
    for user, status in ((annotator, 403), (outsider, 404)):
        client = as_user(user)
        assert client.patch(url(source), {"title": "x"}, format="json").status_code == status
        assert client.patch(sentence_url(sentence), {"kind": "title"}, format="json").status_code == status
        assert client.post(sentence_url(sentence, "split"), {"at": sentence.start + 5}, format="json").status_code \
            == status
        assert client.post(sentence_url(sentence, "merge"), format="json").status_code == status
        assert client.post(url(source, "reparse")).status_code == status
    assert snapshot(source) == before
    # Annotators may read the history; outsiders may not.
    assert as_user(annotator).get(url(source, "corrections")).status_code == 200
    assert as_user(outsider).get(url(source, "corrections")).status_code == 404


def test_a_source_of_another_project_is_not_found(source, editor, as_user):
    other = create_project(name="Other", slug="other", manager=editor)
    response = as_user(editor).patch(f"/api/projects/{other.id}/sources/{source.id}/", {"title": "x"}, format="json")
    assert response.status_code == 404
    sentence = source.sentences.first()
    assert as_user(editor).patch(f"/api/projects/{other.id}/sentences/{sentence.id}/", {"kind": "title"},
                                 format="json").status_code == 404


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"url": "javascript:alert(1)"}, "url"),
        ({"published": "2024-13-01"}, "published"),
        ({"published": "yesterday"}, "published"),
        # NUL is refused by the API's JSON parser for every endpoint, before any field is looked at.
        ({"title": "bad\x00title"}, None),
        ({"text": "rewritten"}, "text"),
        ({}, None),
        (["title"], None),
    ],
)
def test_bad_source_corrections_answer_400_json_and_write_nothing(source, editor, as_user, body, field):
    before = snapshot(source)
    response = as_user(editor).patch(url(source), body, format="json")
    assert response.status_code == 400
    assert response["Content-Type"].startswith("application/json")
    assert response.json()["detail"]
    assert response.json().get("field") == field
    assert snapshot(source) == before


def test_a_segment_kind_is_changed_with_patch(source, editor, as_user):
    title = source.sentences.get(index=0)
    response = as_user(editor).patch(sentence_url(title), {"kind": "furniture"}, format="json")
    assert response.status_code == 200
    assert (response.json()["kind"], response.json()["id"]) == ("furniture", title.id)
    for body in ({"kind": "Body"}, {"kind": "\x00"}, {"text": "x"}, {"kind": "body", "start": 0}):
        bad = as_user(editor).patch(sentence_url(title), body, format="json")
        assert bad.status_code == 400 and bad.json()["detail"]
    assert SourceCorrection.objects.filter(action="kind").count() == 1


def test_split_and_merge_through_the_api(source, editor, as_user):
    sentence = source.sentences.get(index=1)
    at = sentence.start + sentence.text.index("that")
    response = as_user(editor).post(sentence_url(sentence, "split"), {"at": at}, format="json")
    assert response.status_code == 200
    parts = response.json()
    assert [p["text"] for p in parts] == ["Veloria said on Monday", "that it would join talks with Kastran."]
    assert [source.text[p["start"] : p["end"]] for p in parts] == [p["text"] for p in parts]
    assert [m["actor_name"] for m in parts[1]["mentions"]] == ["Kastran"]

    merged = as_user(editor).post(f"/api/projects/{source.project_id}/sentences/{parts[0]['id']}/merge/")
    assert merged.status_code == 200
    assert merged.json()["text"] == sentence.text
    assert list(SourceCorrection.objects.values_list("action", flat=True)) == ["split", "merge"]


def test_bad_splits_and_merges_answer_clearly_and_write_nothing(source, editor, annotator, as_user):
    client = as_user(editor)
    sentence, last = source.sentences.get(index=1), source.sentences.order_by("index").last()
    before = snapshot(source)
    for body in ({"at": sentence.end + 3}, {"at": sentence.start}, {"at": "12"}, {}, {"at": 50, "kind": "x"}):
        response = client.post(sentence_url(sentence, "split"), body, format="json")
        assert response.status_code == 400, body
        assert response["Content-Type"].startswith("application/json")
    response = client.post(sentence_url(last, "merge"))
    assert (response.status_code, response.json()["detail"]) == (
        400, "this is the source's last segment: there is no next one to merge it with")
    assert snapshot(source) == before

    Annotation.objects.create(project=source.project, sentence=sentence, annotator=annotator)
    before = snapshot(source)
    response = client.post(sentence_url(sentence, "split"), {"at": sentence.start + 10}, format="json")
    assert response.status_code == 409
    assert "annotations rest on segment 2" in response.json()["detail"]
    assert client.post(sentence_url(sentence, "merge")).status_code == 409
    assert client.post(url(source, "reparse")).status_code == 409
    assert snapshot(source) == before


def test_reparse_action_reports_what_changed(source, editor, as_user):
    Sentence.objects.filter(source=source, index=0).update(kind="body")
    response = as_user(editor).post(url(source, "reparse"))
    assert response.status_code == 200
    report = response.json()
    assert (report["outcome"], report["kinds_changed"], report["added"], report["removed"]) == ("reparsed", 1, 0, 0)
    assert source.sentences.get(index=0).kind == "title"
    log = as_user(editor).get(url(source, "corrections")).json()["results"]
    assert (log[-1]["action"], log[-1]["user"]) == ("reparse", "editor")


def test_corrections_list_has_a_fixed_number_of_queries(source, editor, as_user, django_assert_num_queries):
    client = as_user(editor)
    for title in ("One", "Two", "Three"):
        client.patch(url(source), {"title": title}, format="json")
    with django_assert_num_queries(4):  # project, source, count, page with users
        response = client.get(url(source, "corrections"))
    assert len(response.json()["results"]) == 3
