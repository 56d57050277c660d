"""The annotation form's page, editing my own annotation, My work; untrusted text stays inert on every page."""

import json

import pytest
from django.urls import reverse

from claims.models import Actor, Annotation, Claim, User
from claims.projects import add_member, create_project, update_settings

PAYLOAD = '<script>alert(1)</script> <img src=x onerror=alert(2)> <a href="javascript:alert(3)">x</a>'
ARTICLE = f"Talks stall\n\nVeloria said {PAYLOAD} in Dunmere. Kastran denied it.\n"


@pytest.fixture
def sentence(project, add_source):
    source = add_source(ARTICLE, title="Talks <script>alert(4)</script>", outlet="Wire <b>")
    return source.sentences.filter(kind="body").order_by("index").first()


@pytest.fixture
def mine(project, annotator, sentence):
    actor = Actor.objects.create(project=project, name="<img src=x onerror=alert(5)>", aliases=["javascript:alert(6)"])
    annotation = Annotation.objects.create(project=project, sentence=sentence, annotator=annotator,
                                           comment="<script>alert(7)</script>", seconds_spent=12)
    Claim.objects.create(sentence=sentence, annotation=annotation, start=sentence.start, end=sentence.end,
                         text=sentence.text, subject=actor, target=actor, stance="oppose", certainty="hedged")
    return annotation


def config_of(response) -> dict:
    content = response.content.decode()
    start = content.index('<script id="annotate-config" type="application/json">') + len(
        '<script id="annotate-config" type="application/json">')
    return json.loads(content[start:content.index("</script>", start)])


def assert_inert(content: str):
    """No payload reaches the page as markup: every < of untrusted text is escaped."""
    for raw in ("<script>alert", "<img src=x", '<a href="javascript', "<b>"):
        assert raw not in content, raw


def test_the_form_page_carries_its_configuration(login, annotator, project):
    update_settings(project=project, changed_by=None, suggestion_threshold=0.7,
                    guidelines="Mark **claims**. <script>alert(8)</script> [x](javascript:alert(9))")
    Actor.objects.create(project=project, name="Veloria", kind="state", aliases=["Dunmere"])
    # Merged and rejected proposals are offered nowhere; a proposed one is, at once.
    Actor.objects.create(project=project, name="Kremlin", status="proposed")
    Actor.objects.create(project=project, name="Gone", status="rejected")
    response = login(annotator).get(reverse("annotate", args=[project.id]))
    config = config_of(response)
    assert config["mode"] == "queue" and config["item"] is None and config["threshold"] == 0.7
    assert config["urls"]["api"] == f"/api/projects/{project.id}/"
    assert [(a["name"], a["status"]) for a in config["actors"]] == [("Kremlin", "proposed"), ("Veloria", "confirmed")]
    assert config["actors"][1]["aliases"] == ["Dunmere"]
    assert {"action": "whole", "key": "w", "help": "take the whole sentence as a claim"} in config["keys"]
    # An annotator's sentence is reserved when the form asks for it; nobody's page lists the actors twice.
    assert config["peek"] is False and config["user"] == annotator.id
    content = response.content.decode()
    assert "<strong>claims</strong>" in content
    assert_inert(content)
    assert 'href="javascript' not in content
    assert '<script type="module" src="/static/js/annotate/main.js">' in content
    # The page has no inline script to run: only the JSON data block and the static file.
    assert content.count("<script") == 2


def test_managers_and_editors_only_look_until_they_start(login, editor, manager, project):
    assert config_of(login(editor).get(reverse("annotate", args=[project.id])))["peek"] is True
    assert config_of(login(manager).get(reverse("annotate", args=[project.id])))["peek"] is True


def test_retired_labels_are_hidden_from_the_form(login, annotator, project):
    scheme = project.label_scheme
    scheme["stance"][2]["retired"] = True
    update_settings(project=project, changed_by=None, label_scheme=scheme)
    content = login(annotator).get(reverse("annotate", args=[project.id])).content.decode()
    assert 'data-stance="neutral" title="The subject deals with the target without taking a side (meets, mediates, ' \
           'reports)." data-retired hidden' in content
    assert "stance: Neutral" not in content


def test_editing_my_annotation_embeds_the_sentence_in_context(login, annotator, project, mine, sentence):
    response = login(annotator).get(reverse("annotation-edit", args=[project.id, mine.id]))
    assert response.status_code == 200
    config = config_of(response)
    assert config["mode"] == "edit" and config["annotation"] == mine.id
    item = config["item"]
    assert item["sentence"]["id"] == sentence.id and item["sentence"]["text"] == sentence.text
    assert [s["kind"] for s in item["before"]] == ["title"] and len(item["after"]) == 1
    assert item["source"]["title"] == "Talks <script>alert(4)</script>"
    assert_inert(response.content.decode())


def test_only_my_own_annotation_can_be_opened(login, editor, project, mine, manager):
    assert login(editor).get(reverse("annotation-edit", args=[project.id, mine.id])).status_code == 404
    other = create_project(name="Other", slug="other", manager=manager)
    assert login(manager).get(reverse("annotation-edit", args=[other.id, mine.id])).status_code == 404


def test_back_goes_to_my_previous_annotation(login, annotator, project, mine, add_source):
    later_sentence = add_source("Later\n\nA second body sentence.\n", title="Later").sentences.get(kind="body")
    later = Annotation.objects.create(project=project, sentence=later_sentence, annotator=annotator)
    client = login(annotator)
    queue = config_of(client.get(reverse("annotate", args=[project.id])))["urls"]
    assert queue["previous"] == reverse("annotation-edit", args=[project.id, later.id])
    edit = config_of(client.get(reverse("annotation-edit", args=[project.id, later.id])))["urls"]
    assert edit["previous"] == reverse("annotation-edit", args=[project.id, mine.id])
    assert edit["after_save"] == reverse("annotate", args=[project.id])
    oldest = config_of(client.get(reverse("annotation-edit", args=[project.id, mine.id])))["urls"]
    assert oldest["previous"] is None
    assert oldest["after_save"] == reverse("annotation-edit", args=[project.id, later.id])


def test_my_work_lists_only_my_annotations_with_their_claims(login, annotator, project, mine, sentence):
    colleague = User.objects.create_user(username="colleague", password="x")
    add_member(project=project, user=colleague, role="annotator")
    Annotation.objects.create(project=project, sentence=sentence, annotator=colleague, comment="colleague's view")
    response = login(annotator).get(reverse("my-work", args=[project.id]))
    assert [a.id for a in response.context["page"].object_list] == [mine.id]
    content = response.content.decode()
    assert "Oppose" in content and "Hedged" in content and "colleague&#x27;s view" not in content
    assert reverse("annotation-edit", args=[project.id, mine.id]) in content
    assert_inert(content)
    assert login(colleague).get(reverse("my-work", args=[project.id])).context["page"].paginator.count == 1


def test_my_work_queries_do_not_grow_with_the_page(login, annotator, project, mine, add_source,
                                                   django_assert_num_queries):
    for n in range(5):
        s = add_source(f"Story {n}\n\nBody sentence number {n}.\n", title=f"Story {n}").sentences.get(kind="body")
        a = Annotation.objects.create(project=project, sentence=s, annotator=annotator)
        Claim.objects.create(sentence=s, annotation=a, start=s.start, end=s.end, text=s.text, certainty="asserted")
    client = login(annotator)
    # Session, user, project with my role, count, page, claims with their actors: whatever the number of rows.
    with django_assert_num_queries(6):
        response = client.get(reverse("my-work", args=[project.id]))
    assert len(response.context["page"].object_list) == 6


def test_the_dashboard_escapes_names(login, manager, project, mine):
    User.objects.filter(pk=mine.annotator_id).update(username="<script>alert(10)</script>")
    content = login(manager).get(reverse("project-dashboard", args=[project.id])).content.decode()
    assert_inert(content)
    assert "&lt;script&gt;alert(10)&lt;/script&gt;" in content
