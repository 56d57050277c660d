"""The actors page: list, add, edit, delete and list upload, each refused to annotators and outsiders."""

import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from claims.actors.service import save_actor
from claims.models import Actor, ActorMention
from claims.projects import create_project


def snapshot(project) -> list[tuple]:
    return list(
        Actor.objects.filter(project=project).order_by("id").values_list("id", "name", "kind", "aliases", "parent_id")
    )


@pytest.fixture
def russia(project):
    return save_actor(project=project, name="Russia", kind="state", aliases=["Moscow"])


def actors_url(project) -> str:
    return reverse("project-actors", args=[project.id])


def test_actors_table_shows_aliases_parent_and_mentions(login, annotator, project, russia, add_source):
    save_actor(project=project, name="Maria Zakharova", kind="person", parent=russia)
    add_source("Talks in Moscow\n\nRussia said Moscow would host the talks.\n", title="Talks in Moscow")
    response = login(annotator).get(actors_url(project))
    rows = {actor.name: actor for actor in response.context["actors"]}
    assert rows["Russia"].mention_count == 3 and rows["Maria Zakharova"].parent == russia
    html = response.content.decode()
    assert "Moscow" in html and "Maria Zakharova" in html
    # Annotators read the list but get no forms.
    assert response.context["form"] is None and 'name="name"' not in html
    assert reverse("actor-edit", args=[project.id, russia.id]) not in html


def test_curator_page_has_labelled_forms(login, editor, project, russia):
    html = login(editor).get(actors_url(project)).content.decode()
    for field in ("id_name", "id_kind", "id_aliases", "id_parent", "id_file"):
        assert f'<label for="{field}">' in html
    assert reverse("actor-edit", args=[project.id, russia.id]) in html


def test_add_actor_with_aliases_and_parent(login, manager, project, russia, add_source, run_rematch):
    source = add_source("Talks\n\nThe foreign ministry spokeswoman spoke; the MFA agreed.\n", title="Talks")
    response = login(manager).post(
        actors_url(project),
        {
            "name": "Russian foreign ministry",
            "kind": "organisation",
            "aliases": "the foreign ministry, MFA\nSmolenskaya Square",
            "parent": russia.id,
        },
    )
    assert response.status_code == 302 and response.url == actors_url(project)
    actor = Actor.objects.get(name="Russian foreign ministry")
    assert actor.aliases == ["the foreign ministry", "MFA", "Smolenskaya Square"]
    assert actor.kind == "organisation" and actor.parent == russia
    # Not in the request: a queued job finds the new actor's mentions in existing sources.
    assert not ActorMention.objects.filter(actor=actor).exists()
    html = login(manager).get(actors_url(project)).content.decode()
    assert "Mentions are being matched again" in html and 'data-status="queued"' in html
    assert "/static/js/actor-match.js" in html  # polls the job's API until it finishes
    job = run_rematch(project)
    assert ActorMention.objects.filter(actor=actor, sentence__source=source).count() == 2
    html = login(manager).get(actors_url(project)).content.decode()
    assert f"Mentions matched {job.finished_at:%Y-%m-%d}" in html and "(2 added, 0 removed)" in html


def test_add_duplicate_name_shows_error(login, manager, project, russia):
    before = snapshot(project)
    response = login(manager).post(actors_url(project), {"name": "russia", "kind": "state"})
    assert response.status_code == 400
    assert "already has an actor named" in response.content.decode()
    assert snapshot(project) == before


def test_add_with_a_parent_from_another_project_is_refused(login, manager, project):
    other = create_project(name="Other", slug="other", manager=manager)
    foreign = save_actor(project=other, name="Foreign", kind="state")
    response = login(manager).post(actors_url(project), {"name": "Envoy", "kind": "person", "parent": foreign.id})
    assert response.status_code == 400
    assert response.context["form"].errors["parent"]
    assert not Actor.objects.filter(project=project).exists()


def test_edit_actor(login, editor, project, russia):
    parent = save_actor(project=project, name="CSTO", kind="organisation")
    url = reverse("actor-edit", args=[project.id, russia.id])
    client = login(editor)
    form = client.get(url).context["form"]
    assert form.initial["aliases"] == "Moscow"
    # An actor cannot be its own parent: it is not offered.
    assert list(form.fields["parent"].queryset) == [parent]
    response = client.post(
        url, {"name": "Russian Federation", "kind": "state", "aliases": "Russia\nMoscow", "parent": parent.id}
    )
    assert response.status_code == 302
    russia.refresh_from_db()
    assert (russia.name, russia.aliases, russia.parent) == ("Russian Federation", ["Russia", "Moscow"], parent)


def test_edit_with_bad_kind_is_400(login, manager, project, russia):
    before = snapshot(project)
    response = login(manager).post(
        reverse("actor-edit", args=[project.id, russia.id]), {"name": "Russia", "kind": "planet"}
    )
    assert response.status_code == 400 and response.context["form"].errors["kind"]
    assert snapshot(project) == before


def test_delete_actor(login, manager, project, russia, add_source):
    add_source("Talks\n\nRussia spoke.\n", title="Talks")
    assert ActorMention.objects.filter(actor=russia).exists()
    response = login(manager).post(reverse("actor-delete", args=[project.id, russia.id]))
    assert response.status_code == 302
    assert not Actor.objects.filter(pk=russia.pk).exists()
    assert not ActorMention.objects.exists()


def test_delete_is_post_only(login, manager, project, russia):
    assert login(manager).get(reverse("actor-delete", args=[project.id, russia.id])).status_code == 405
    assert Actor.objects.filter(pk=russia.pk).exists()


@pytest.mark.parametrize("user, status", [("annotator", 403), ("outsider", 404)])
def test_non_curators_cannot_change_actors(login, request, project, russia, user, status):
    client = login(request.getfixturevalue(user))
    before = snapshot(project)
    upload = SimpleUploadedFile("a.json", json.dumps([{"name": "X"}]).encode())
    assert client.post(actors_url(project), {"name": "X", "kind": "state"}).status_code == status
    assert (
        client.post(reverse("actor-edit", args=[project.id, russia.id]), {"name": "X", "kind": "state"}).status_code
        == status
    )
    assert client.post(reverse("actor-delete", args=[project.id, russia.id])).status_code == status
    assert client.post(reverse("actors-upload", args=[project.id]), {"file": upload}).status_code == status
    assert snapshot(project) == before


def test_upload_json_actor_list(login, manager, project, russia):
    data = [
        {"name": "Russia", "kind": "state", "aliases": ["Moscow", "the Kremlin"]},
        {"name": "Taliban", "kind": "armed_group", "aliases": ["Islamic Emirate"]},
        {"name": "Zamir Kabulov", "kind": "person", "parent": "Russia"},
    ]
    upload = SimpleUploadedFile("actors.json", json.dumps(data).encode())
    response = login(manager).post(reverse("actors-upload", args=[project.id]), {"file": upload}, follow=True)
    assert response.status_code == 200
    assert "2 actors added, 1 updated" in response.content.decode()
    russia.refresh_from_db()
    assert russia.aliases == ["Moscow", "the Kremlin"]
    assert Actor.objects.get(name="Zamir Kabulov").parent == russia


def test_upload_csv_actor_list(login, editor, project):
    upload = SimpleUploadedFile("actors.csv", b"name,kind,aliases,parent\nRussia,state,Moscow|the Kremlin,\n")
    assert login(editor).post(reverse("actors-upload", args=[project.id]), {"file": upload}).status_code == 302
    assert Actor.objects.get(project=project).aliases == ["Moscow", "the Kremlin"]


@pytest.mark.parametrize(
    "name, content, message",
    [
        (
            "actors.json",
            b'[{"name": "Taliban", "kind": "armed_group"}, {"name": "X", "kind": "planet"}]',
            "actors.json, entry 2: kind &#x27;planet&#x27; is not one of",
        ),
        ("actors.json", b'[{"name": "Taliban"', "malformed JSON"),
        ("actors.txt", b"Russia", "actor lists must be .json or .csv"),
        # Read fine, refused half-way through saving: the transaction must undo the first actor's update.
        (
            "actors.json",
            b'[{"name": "Russia", "kind": "person"}, {"name": "Taliban", "parent": "Taliban"}]',
            "cannot be its own parent",
        ),
    ],
)
def test_bad_actor_file_changes_nothing(login, manager, project, russia, name, content, message):
    before = snapshot(project)
    response = login(manager).post(
        reverse("actors-upload", args=[project.id]), {"file": SimpleUploadedFile(name, content)}
    )
    assert response.status_code == 400
    assert message in response.content.decode()
    assert snapshot(project) == before
