"""Correcting a source from its page: the forms, who may post them, refusals, furniture and the history."""

import re
from pathlib import Path

import pytest
from django.contrib.staticfiles import finders
from django.urls import reverse

from claims.curation import service
from claims.models import Annotation, Sentence, SourceCorrection

pytestmark = pytest.mark.django_db

SCRIPT = "<script>alert(1)</script>"
TEXT = (
    "Editor in Chief: Jane Roe Monday, March 4th, 2024\n\n"
    "Veloria and Kastran agree to talks\n\n"
    "Veloria said on Monday that it would join talks with Kastran. Kastran welcomed the offer.\n\n"
    "The opinions expressed are the authors' own and not those of Northwind Wire."
)


@pytest.fixture
def source(add_source):
    return add_source(TEXT)


def page(project, source, mode: str = "") -> str:
    return reverse("source-detail", args=[project.id, source.id]) + (f"?mode={mode}" if mode else "")


def post_url(name: str, project, obj) -> str:
    return reverse(name, args=[project.id, obj.id])


def state(source) -> tuple:
    source.refresh_from_db()
    rows = list(source.sentences.order_by("index").values_list("id", "start", "end", "kind"))
    return source.title, source.url, source.published, rows, SourceCorrection.objects.count()


@pytest.mark.parametrize("persona", ["manager", "editor"])
def test_curators_correct_metadata_kinds_splits_and_merges_from_the_page(login, project, source, persona, request):
    client = login(request.getfixturevalue(persona))
    response = client.post(post_url("source-metadata", project, source), {
        "title": "Veloria and Kastran agree to talks", "outlet": "Northwind Wire", "author": "",
        "published": "2024-03-04", "url": "https://nw.example/talks"})
    assert response.status_code == 302 and response["Location"].endswith("?mode=correct")
    source.refresh_from_db()
    assert (source.outlet, str(source.published)) == ("Northwind Wire", "2024-03-04")

    masthead, headline = source.sentences.get(index=0), source.sentences.get(index=1)
    response = client.post(post_url("sentence-kind", project, masthead), {"kind": "furniture"})
    assert response.status_code == 302 and response["Location"].endswith(f"#segment-{masthead.id}")
    client.post(post_url("sentence-kind", project, headline), {"kind": "heading"})
    assert [s.kind for s in source.sentences.order_by("index")][:2] == ["furniture", "heading"]

    body = source.sentences.get(index=2)
    at = body.start + body.text.index("that")
    assert client.post(post_url("sentence-split", project, body), {"at": str(at)}).status_code == 302
    assert source.sentences.get(index=2).text == "Veloria said on Monday"
    assert client.post(post_url("sentence-merge", project, source.sentences.get(index=2))).status_code == 302
    assert source.sentences.get(index=2).text == body.text

    history = client.get(page(project, source)).content.decode()
    assert f'<span class="who">{persona}</span>' in history
    assert "outlet: (empty) → Northwind Wire" in history
    assert f"split “Veloria said on Monday” from “that it would join talks with…” at {at}" in history
    assert f"“Veloria and Kastran agree to talks” [{headline.start}:{headline.end}]: title → heading" in history
    assert "merged “Veloria said on Monday” with “that it would join talks with…”" in history


def test_annotators_get_403_and_outsiders_404_and_nothing_changes(login, project, source, annotator, outsider):
    sentence = source.sentences.get(index=2)
    before = state(source)
    for user, status in ((annotator, 403), (outsider, 404)):
        client = login(user)
        assert client.post(post_url("source-metadata", project, source), {"title": "x"}).status_code == status
        assert client.post(post_url("sentence-kind", project, sentence), {"kind": "title"}).status_code == status
        assert client.post(post_url("sentence-split", project, sentence), {"at": "200"}).status_code == status
        assert client.post(post_url("sentence-merge", project, sentence)).status_code == status
        assert client.post(post_url("source-reparse", project, source)).status_code == status
    assert state(source) == before
    # An annotator asking for the correction mode just reads the article.
    html = login(annotator).get(page(project, source, "correct")).content.decode()
    assert 'name="kind"' not in html and "Correct this source" not in html
    assert 'title="Body, ' not in html  # the deciding rule is for editors


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"url": "javascript:alert(1)"}, "url must be a full http:// or https:// address"),
        ({"published": "2024-02-30"}, "Enter a valid date."),
        ({"title": "a\x00b"}, "contains a NUL character, which is not allowed"),
    ],
)
def test_bad_metadata_rerenders_the_form_with_400_and_writes_nothing(login, project, editor, source, data, message):
    before = state(source)
    response = login(editor).post(post_url("source-metadata", project, source), {"title": "New", **data})
    assert response.status_code == 400
    assert message in response.content.decode()
    assert state(source) == before


def test_refused_segment_corrections_say_why_with_400_or_409(login, project, editor, annotator, source):
    client = login(editor)
    sentence, last = source.sentences.get(index=2), source.sentences.order_by("index").last()
    before = state(source)
    cases = [
        (post_url("sentence-split", project, sentence), {"at": str(sentence.end + 5)}, 400, "not inside the sentence"),
        (post_url("sentence-split", project, sentence), {"at": "abc"}, 400, "choose where to split"),
        (post_url("sentence-merge", project, last), {}, 400, "last segment"),
        (post_url("sentence-kind", project, sentence), {"kind": "headline"}, 400, "kind must be one of"),
    ]
    Annotation.objects.create(project=project, sentence=sentence, annotator=annotator)
    cases += [
        (post_url("sentence-split", project, sentence), {"at": str(sentence.start + 8)}, 409, "annotations rest on"),
        (post_url("sentence-merge", project, sentence), {}, 409, "annotations rest on"),
        (post_url("source-reparse", project, source), {}, 409, "annotations rest on 1 of its segments"),
    ]
    for url, data, status, message in cases:
        response = client.post(url, data)
        assert response.status_code == status, url
        html = response.content.decode()
        assert '<div class="form-errors" role="alert"><strong>Nothing was changed.</strong>' in html
        assert message in html
    assert state(source) == before


def test_furniture_is_kept_hidden_and_shown_on_request(login, project, editor, source):
    service.set_sentence_kind(sentence=source.sentences.get(index=0), user=editor, kind="furniture")
    html = login(editor).get(page(project, source)).content.decode()
    # The toggle is a checkbox that CSS reads: it works with no script at all.
    assert '<input type="checkbox" id="show-furniture" class="furniture-toggle">' in html
    assert "Show page furniture (1 segment:" in html
    assert re.search(r'<span class="sentence kind-furniture"[^>]*>.*Editor in Chief', html)
    css = Path(finders.find("css/app.css")).read_text()
    assert ".sentence.kind-furniture { display: none; }" in css
    # Correcting, an editor sees every segment: a wrong furniture guess can be turned back into body.
    table = login(editor).get(page(project, source, "correct")).content.decode()
    assert re.search(r'<tr id="segment-\d+" class="segment segment-furniture">', table)
    assert "show-furniture" not in table
    assert ".furniture-toggle:checked ~ .article-text .sentence.kind-furniture" in css


def test_editors_see_the_rule_that_decided_each_kind_on_hover(login, project, editor, source):
    Sentence.objects.filter(source=source, index=3).update(rule="body.default")
    Sentence.objects.filter(source=source, index=2).update(rule="")  # as imported before rules were recorded
    service.set_sentence_kind(sentence=source.sentences.get(index=1), user=editor, kind="heading")
    html = login(editor).get(page(project, source)).content.decode()
    assert 'data-kind="body" title="Body, rule body.default"' in html
    assert 'data-kind="heading" title="Heading, set by an editor"' in html
    assert 'title="Body, no rule recorded"' in html
    table = login(editor).get(page(project, source, "correct")).content.decode()
    assert "<code>body.default</code>" in table


def test_correction_page_escapes_article_text_and_history(login, project, editor, add_source):
    source = add_source(f"Officials quoted {SCRIPT} in a statement about the talks.\n\nThe end of {SCRIPT}.")
    service.correct_source(source=source, user=editor, changes={"title": f"T {SCRIPT}", "url": "https://e.org/a"})
    for mode in ("", "correct"):
        html = login(editor).get(page(project, source, mode)).content.decode()
        assert "<script>alert" not in html
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "title: (empty) → T &lt;script&gt;alert(1)&lt;/script&gt;" in html
    # Scripts come from static files only: nothing inline for the coming Content-Security-Policy.
    assert re.findall(r"<script[^>]*>", html) == ['<script src="/static/js/source-correct.js" defer>']


def test_an_imported_javascript_url_is_not_a_link(login, project, editor, source):
    type(source).objects.filter(pk=source.pk).update(url="javascript:alert(1)")
    html = login(editor).get(page(project, source)).content.decode()
    assert 'href="javascript:' not in html and "javascript:alert(1)" in html


def test_correction_mode_query_count_does_not_grow_with_segments(
    login, project, editor, source, add_source, django_assert_max_num_queries
):
    long = add_source("Long story\n\n" + "\n\n".join(f"Kastran said {n}. Veloria replied {n}." for n in range(100)))
    service.set_sentence_kind(sentence=long.sentences.get(index=0), user=editor, kind="heading")
    client = login(editor)
    # Session, user, project, source, sentences, mentions, actor counts, role, history, previous/next.
    for target in (source, long):
        with django_assert_max_num_queries(10):
            assert client.get(page(project, target, "correct")).status_code == 200


def test_reparse_from_the_page_reports_what_changed(login, project, editor, source):
    Sentence.objects.filter(source=source, index=2).update(kind="heading")
    response = login(editor).post(post_url("source-reparse", project, source), follow=True)
    assert response.redirect_chain[0][1] == 302
    assert "Reparsed; 1 kinds changed, 0 segments added, 0 removed; 0 corrections re-applied" in (
        response.content.decode())
    assert source.sentences.get(index=2).kind == "body"
