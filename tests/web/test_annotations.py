"""Editors' Annotations pages: the list and its filters, each annotation's history, the source page's counts."""

import re

import pytest
from django.urls import reverse

from claims.annotation.saving import AnnotationChanges, AnnotationInput, ClaimInput, create_annotation, edit_annotation
from claims.models import Annotation, ModelVersion, Role, Suggestion
from claims.projects import add_member, create_project, update_settings
from tests.conftest import make_user

PAYLOAD = '<script>alert(1)</script><img src=x onerror=alert(2)><a href="javascript:alert(3)">x</a>'


@pytest.fixture
def corpus(annotation_corpus):
    return annotation_corpus


def whole(sentence, corpus, **fields) -> ClaimInput:
    """The whole sentence: Kastran opposes Veloria, asserted, in the outlet's voice (or as given)."""
    return ClaimInput(**{"start": sentence.start, "end": sentence.end, "claimant_is_outlet": True,
                         "subject": corpus.actors["Kastran"].pk, "target": corpus.actors["Veloria"].pk,
                         "stance": "oppose", "certainty": "asserted"} | fields)


@pytest.fixture
def work(corpus, annotator, editor, manager):
    """The annotator's two annotations (the first changed by the editor later), and one of the editor's."""
    first, second = corpus.sentences[1], corpus.sentences[4]
    project = corpus.project
    mine = create_annotation(project=project, annotator=annotator, sentence_id=first.pk, data=AnnotationInput(
        claims=(whole(first, corpus),), comment=f"unsure {PAYLOAD}", seconds_spent=42))
    edit_annotation(project=project, annotation_id=mine.pk, editor=editor, changes=AnnotationChanges(
        claims=(whole(first, corpus, stance="support", claimant_is_outlet=False, claimant_name="Ana Ruiz"),
                ClaimInput(start=first.start, end=first.start + 7)),
        comment="checked"))
    other = create_annotation(project=project, annotator=annotator, sentence_id=second.pk, data=AnnotationInput())
    theirs = create_annotation(project=project, annotator=editor, sentence_id=first.pk, data=AnnotationInput(
        claims=(whole(first, corpus, certainty="hedged", claimant_is_outlet=False,
                      claimant=corpus.actors["Estravia"].pk),), seconds_spent=75))
    return {"mine": mine, "other": other, "theirs": theirs, "first": first, "second": second}


def list_url(project, query: str = "") -> str:
    return reverse("project-annotations", args=[project.id]) + (f"?{query}" if query else "")


def detail_url(project, annotation) -> str:
    return reverse("annotation-detail", args=[project.id, annotation.pk])


def row_ids(response) -> list[int]:
    return [int(n) for n in re.findall(r'/annotations/(\d+)/history/" title="History', response.content.decode())]


# ---- who may see them ----------------------------------------------------------------------


@pytest.mark.parametrize("persona, status", [("manager", 200), ("editor", 200), ("annotator", 403),
                                             ("stranger", 404)])
@pytest.mark.parametrize("page", ["list", "detail"])
def test_only_editors_and_managers_reach_the_pages(request, login, corpus, work, persona, status, page, stranger):
    user = request.getfixturevalue(persona)
    url = list_url(corpus.project) if page == "list" else detail_url(corpus.project, work["mine"])
    assert login(user).get(url).status_code == status


@pytest.mark.parametrize("blind", [True, False])
def test_annotators_never_reach_them_blind_or_not(login, corpus, work, annotator, blind):
    update_settings(project=corpus.project, changed_by=None, blind=blind)
    client = login(annotator)
    assert client.get(list_url(corpus.project)).status_code == 403
    assert client.get(detail_url(corpus.project, work["theirs"])).status_code == 403
    assert client.get(detail_url(corpus.project, work["mine"])).status_code == 403


def test_anonymous_visitors_are_sent_to_log_in(client, corpus, work):
    for url in (list_url(corpus.project), detail_url(corpus.project, work["mine"])):
        response = client.get(url)
        assert response.status_code == 302 and response["Location"].startswith("/login/")


def test_another_projects_annotation_is_404_here(login, corpus, work, manager):
    elsewhere = create_project(name="Elsewhere", slug="elsewhere", manager=manager)
    assert login(manager).get(reverse("annotation-detail", args=[elsewhere.id, work["mine"].pk])).status_code == 404


def test_the_tab_shows_for_curators_only(login, corpus, editor, annotator):
    tab = f'<a href="{list_url(corpus.project)}">Annotations</a>'
    assert tab in login(editor).get(reverse("project-dashboard", args=[corpus.project.id])).content.decode()
    assert "Annotations</a>" not in login(annotator).get(reverse("my-work", args=[corpus.project.id])).content.decode()


# ---- the list ------------------------------------------------------------------------------


def test_the_list_shows_every_annotation_with_its_labels(login, corpus, work, editor):
    response = login(editor).get(list_url(corpus.project))
    content = response.content.decode()
    assert row_ids(response) == [work["theirs"].pk, work["other"].pk, work["mine"].pk]  # newest first
    assert "3 annotations, newest first" in content
    # The stance by its name in the scheme, with its colour; actors by name; the claimant as given.
    assert re.search(r'fill="#2e7d32"></rect></svg>\s*Support</span>', content)
    assert "Kastran → Veloria" in content and "claimant: Ana Ruiz (named)" in content
    assert "Hedged; claimant: Estravia" in content and "no claim" in content
    assert "Asserted; claimant: —" in content  # the second claim of the edited annotation: no stance, no claimant
    assert "Kastran rejected the plan and accused Veloria of ignoring farmers." in content
    assert ">checked</div>" in content and "42 s" in content and "75 s" in content
    assert ">v2</a>" in content and ">v1</a>" in content
    assert "none shown" in content


def test_untrusted_text_is_inert_in_the_list_and_the_history(login, corpus, work, editor, manager):
    update_settings(project=corpus.project, changed_by=None, label_scheme={
        **corpus.project.label_scheme, "stance": [
            {**label, "label": f"Opp {PAYLOAD}"[:60]} if label["value"] == "oppose" else label
            for label in corpus.project.label_scheme["stance"]]})
    corpus.actors["Kastran"].name = f"K {PAYLOAD}"
    corpus.actors["Kastran"].save(update_fields=["name"])
    client = login(editor)
    for url in (list_url(corpus.project), detail_url(corpus.project, work["mine"])):
        content = client.get(url).content.decode()
        for raw in ("<script>alert", "<img src=x", '<a href="javascript'):
            assert raw not in content, (url, raw)
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in content


@pytest.mark.parametrize("query, expected", [
    ("annotator={annotator}", ["other", "mine"]),
    ("annotator={editor}", ["theirs"]),
    ("sentence={first}", ["theirs", "mine"]),
    ("source={second_source}", ["other"]),
    ("annotator={annotator}&source={first_source}", ["mine"]),
])
def test_filters(login, corpus, work, editor, annotator, query, expected):
    ids = {"annotator": annotator.pk, "editor": editor.pk, "first": work["first"].pk,
           "first_source": work["first"].source_id, "second_source": work["second"].source_id}
    response = login(editor).get(list_url(corpus.project, query.format(**ids)))
    assert response.status_code == 200
    assert row_ids(response) == [work[name].pk for name in expected]


def test_a_sentence_filter_quotes_the_sentence(login, corpus, work, editor):
    content = login(editor).get(list_url(corpus.project, f"sentence={work['first'].pk}")).content.decode()
    assert f'<blockquote class="sentence-excerpt quoted-sentence">{work["first"].text}' in content
    assert f"#s{work['first'].pk}\">Dam talks</a>" in content


@pytest.mark.parametrize("query", ["annotator=abc", "source=1.5", "sentence=0", "sentence=-3",
                                   f"annotator={2**63}", "source=%00"])
def test_bad_filter_values_are_a_400(login, corpus, work, editor, query):
    response = login(editor).get(list_url(corpus.project, query))
    assert response.status_code == 400
    assert query.split("=")[0] in response.content.decode()


def test_the_list_is_paginated_and_keeps_its_filters(login, corpus, work, editor, annotator, monkeypatch):
    monkeypatch.setattr("claims.web.annotations.ANNOTATIONS_PER_PAGE", 1)
    client = login(editor)
    first = client.get(list_url(corpus.project, f"annotator={annotator.pk}"))
    assert row_ids(first) == [work["other"].pk]
    assert f'href="?annotator={annotator.pk}&amp;page=2" rel="next"' in first.content.decode()
    assert row_ids(client.get(list_url(corpus.project, f"annotator={annotator.pk}&page=2"))) == [work["mine"].pk]


def test_the_list_query_count_does_not_grow_with_its_rows(
    login, corpus, work, editor, annotator, django_assert_num_queries
):
    client = login(editor)
    # Session, user, project and role, annotator choices, count, page (sentence, source, annotator
    # joined), claims, their actors' names.
    with django_assert_num_queries(8):
        client.get(list_url(corpus.project))
    for sentence in corpus.sentences[:4]:
        if not Annotation.objects.filter(sentence=sentence, annotator=editor).exists():
            create_annotation(project=corpus.project, annotator=editor, sentence_id=sentence.pk,
                              data=AnnotationInput(claims=(whole(sentence, corpus),)))
    with django_assert_num_queries(8):
        assert len(row_ids(client.get(list_url(corpus.project)))) == 6
    # Filtered by sentence and source: the sentence and the source's title are read for the caption.
    with django_assert_num_queries(10):
        client.get(list_url(corpus.project, f"sentence={work['first'].pk}&source={work['first'].source_id}"))


# ---- one annotation and its history ---------------------------------------------------------


def test_the_history_says_who_changed_what_and_when(login, corpus, work, manager, editor, annotator):
    content = login(manager).get(detail_url(corpus.project, work["mine"])).content.decode()
    assert f"Annotation {work['mine'].pk} <span class=\"muted\">by annotator</span>" in content
    version_two, version_one = content.split('<li class="revision" id="v2">')[1].split('<li class="revision" id="v1">')
    assert "· editor ·" in version_two and "· annotator ·" in version_one
    # Version 2: the whole-sentence claim changed stance and claimant; a claim on "Kastran" added.
    assert "Stance: <del>Oppose</del> → <ins>Support</ins>" in version_two
    assert "Claimant: <del>the outlet</del> → <ins>Ana Ruiz (named)</ins>" in version_two
    assert "Claims added" in version_two and "Kastran</q>" in version_two
    assert "Comment: <del>“unsure &lt;script&gt;" in version_two and "<ins>“checked”</ins>" in version_two
    assert "Target:" not in version_two and "Claims removed" not in version_two
    # Version 1: created with its claim, its comment and time.
    assert "Created." in version_one and "Oppose" in version_one and "<li>Time spent: 42 s</li>" in version_one


def test_removed_claims_and_a_save_with_no_change_are_shown(login, corpus, work, editor):
    edit_annotation(project=corpus.project, annotation_id=work["mine"].pk, editor=editor,
                    changes=AnnotationChanges(claims=()))
    edit_annotation(project=corpus.project, annotation_id=work["mine"].pk, editor=editor,
                    changes=AnnotationChanges(comment="checked"))
    content = login(editor).get(detail_url(corpus.project, work["mine"])).content.decode()
    assert content.count("Claims removed") == 1 and "Saved again with no change." in content
    assert '<li class="revision" id="v4">' in content


def test_the_suggestion_outcome_is_shown(login, corpus, editor, manager):
    sentence = corpus.sentences[0]  # it names Veloria: the model's "no claim" is shown as a guess
    version = ModelVersion.objects.create(project=corpus.project, base_model="m1")
    suggestion = Suggestion.objects.create(sentence=sentence, model_version=version, label="support")
    annotation = create_annotation(project=corpus.project, annotator=manager, sentence_id=sentence.pk,
                                   data=AnnotationInput(suggestion=suggestion.pk))
    shown = annotation.get_suggestion_outcome_display()
    assert annotation.suggestion_outcome == "guess" and shown == "Only a guess shown"
    assert f"<td>{shown}</td>" in login(editor).get(list_url(corpus.project)).content.decode()
    assert f"<dd>{shown}</dd>" in login(editor).get(detail_url(corpus.project, annotation)).content.decode()


def test_the_detail_query_count_is_pinned(login, corpus, work, editor, django_assert_num_queries):
    client = login(editor)
    # Session, user, project and role, the annotation (sentence, source, annotator), claims,
    # revisions with their authors, actors' names.
    with django_assert_num_queries(7):
        assert client.get(detail_url(corpus.project, work["mine"])).status_code == 200


# ---- the source page ------------------------------------------------------------------------


def source_url(corpus, sentence) -> str:
    return reverse("source-detail", args=[corpus.project.id, sentence.source_id])


def test_editors_see_each_sentences_annotation_count_on_the_source_page(login, corpus, work, editor):
    content = login(editor).get(source_url(corpus, work["first"])).content.decode()
    link = f'<a class="annotation-count" href="{list_url(corpus.project)}?sentence={work["first"].pk}"'
    assert link + ' title="2 annotations: show them">2</a>' in content
    assert content.count('<span class="annotation-count none" title="no annotation yet">0</span>') == 3


@pytest.mark.parametrize("blind", [True, False])
def test_annotators_see_nothing_of_others_labels_on_the_source_page(login, corpus, work, annotator, editor, blind):
    update_settings(project=corpus.project, changed_by=None, blind=blind)
    content = login(annotator).get(source_url(corpus, work["first"])).content.decode()
    assert "annotation-count" not in content and list_url(corpus.project) not in content
    for label in ("Oppose", "Support", "Hedged", "checked", "unsure", "Ana Ruiz"):
        assert label not in content


def test_a_new_annotator_from_another_team_gets_nothing(login, corpus, work):
    newcomer = make_user("newcomer")
    add_member(project=corpus.project, user=newcomer, role=Role.ANNOTATOR)
    assert login(newcomer).get(list_url(corpus.project)).status_code == 403
