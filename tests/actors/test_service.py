"""Actor names and aliases the database cannot hold are clear errors everywhere (API, web, command), never
a 500, a traceback or a silently cut alias; nothing is changed."""

import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.urls import reverse

from claims.actors.service import ActorImportError, save_actor
from claims.models import Actor

pytestmark = pytest.mark.django_db

LONG = "K" * 201
LONG_NAME = f"name {'K' * 40!r}… is 201 characters long, over the limit of 200"
LONG_ALIAS = f"alias {'K' * 40!r}… is 201 characters long, over the limit of 200"

BAD_LISTS = [
    ("long-name.json", json.dumps([{"name": LONG}]).encode(), f"long-name.json, entry 1: {LONG_NAME}"),
    ("long-alias.json", json.dumps([{"name": "Kastran", "aliases": ["Bravik", LONG]}]).encode(),
     f"long-alias.json, entry 1: {LONG_ALIAS}"),
    ("long-name.csv", f"name,kind\nVeloria,state\n{LONG},state\n".encode(), f"long-name.csv, line 3: {LONG_NAME}"),
    ("long-alias.csv", f"name,aliases\nKastran,Bravik|{LONG}\n".encode(), f"long-alias.csv, line 2: {LONG_ALIAS}"),
    ("nul.json", b'[{"name": "Kas\\u0000tran"}]', "nul.json, entry 1: name 'Kas\\x00tran' contains a NUL character"),
    ("nul.csv", b"name\nKas\x00tran\n", "nul.csv is a binary file, not text (a NUL character at position 8)"),
    ("nan.json", b'[{"name": "Kastran", "kind": NaN}]', "nan.json: malformed JSON (NaN is not a JSON number)"),
    ("deep.json", b"[" * 100_000 + b"]" * 100_000, "deep.json: malformed JSON (nested too deeply to read)"),
    ("kind.json", b'[{"name": "Kastran", "kind": ["state"]}]', "kind.json, entry 1: kind \"['state']\" is not one of"),
]
IDS = [case[0] for case in BAD_LISTS]


def names(project) -> list[str]:
    return sorted(Actor.objects.filter(project=project).values_list("name", flat=True))


@pytest.fixture
def veloria(project):
    return save_actor(project=project, name="Veloria", kind="state")


@pytest.mark.parametrize(("name", "content", "message"), BAD_LISTS, ids=IDS)
def test_api_actor_list_refused_with_a_400(project, veloria, manager, as_user, name, content, message):
    response = as_user(manager).post(f"/api/projects/{project.id}/actors/import/",
                                     {"file": SimpleUploadedFile(name, content)}, format="multipart")
    assert response.status_code == 400
    assert message in response.json()["detail"]
    assert names(project) == ["Veloria"]


@pytest.mark.parametrize(("name", "content", "message"), BAD_LISTS, ids=IDS)
def test_web_actor_list_upload_refused_with_a_form_error(project, veloria, manager, client, name, content, message):
    client.force_login(manager)
    response = client.post(reverse("actors-upload", args=[project.id]), {"file": SimpleUploadedFile(name, content)})
    assert response.status_code == 400
    assert message in " ".join(response.context["file_form"].errors["file"])
    assert names(project) == ["Veloria"]


@pytest.mark.parametrize(("name", "content", "message"), BAD_LISTS, ids=IDS)
def test_command_actor_list_refused_with_a_message(project, veloria, tmp_path, name, content, message):
    (tmp_path / name).write_bytes(content)
    with pytest.raises(CommandError) as error:
        call_command("import_actors", "--project", project.slug, str(tmp_path / name))
    assert str(error.value).startswith("nothing was changed: ") and message in str(error.value)
    assert names(project) == ["Veloria"]


def test_web_form_over_long_alias_is_a_field_error_not_a_cut(project, veloria, manager, client):
    client.force_login(manager)
    url = reverse("actor-edit", args=[project.id, veloria.id])
    response = client.post(url, {"name": "Veloria", "kind": "state", "aliases": f"Dunmere\n{LONG}"})
    assert response.status_code == 400
    assert response.context["form"].errors["aliases"] == [
        f"An alias can have at most 200 characters: {'K' * 40 + '…'!r}."]
    veloria.refresh_from_db()
    assert veloria.aliases == []


def test_web_form_nul_in_a_field_is_a_400_page(project, manager, client):
    client.force_login(manager)
    response = client.post(reverse("project-actors", args=[project.id]), {"name": "Kas\x00tran", "kind": "state"})
    assert response.status_code == 400
    assert "form field &#x27;name&#x27; contains a NUL character" in response.content.decode()
    assert names(project) == []


def test_api_over_long_names_are_field_errors(project, manager, as_user):
    url = f"/api/projects/{project.id}/actors/"
    response = as_user(manager).post(url, {"name": "Kastran", "aliases": ["Bravik", LONG]}, format="json")
    assert response.status_code == 400 and "aliases" in response.json()
    response = as_user(manager).post(url, {"name": LONG}, format="json")
    assert response.status_code == 400 and "name" in response.json()
    assert names(project) == []


def test_service_refuses_what_the_columns_cannot_hold(project):
    with pytest.raises(ActorImportError, match="alias 'KKKK.*is 201 characters long"):
        save_actor(project=project, name="Kastran", aliases=[LONG])
    with pytest.raises(ActorImportError, match="name 'Kas\\\\ud800' contains a lone surrogate"):
        save_actor(project=project, name="Kas\ud800")
    assert names(project) == []
