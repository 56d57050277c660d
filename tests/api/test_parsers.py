"""Request bodies the database could not store are refused by the API's parsers with a JSON 400."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from claims.models import Actor, ImportJob

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ('{"name": "Kas\\ud800tran"}', "JSON body: value 'Kas\\ud800tran' contains a lone surrogate (U+D800)"),
        ('{"name": "Kastran", "aliases": ["Bra\\u0000vik"]}', "contains a NUL character (U+0000) at position 3"),
        ('{"name\\u0000": "Kastran"}', "JSON body: key 'name\\x00' contains a NUL character"),
        ('{"name": "Kastran", "x": ' + "[" * 100_000 + "]" * 100_000 + "}", "nested too deeply"),
        ('{"name": "Kastran", "x": ' + "[" * 40 + "]" * 40 + "}", "is nested more than 32 levels deep"),
        ('{"name": "Kastran", "x": NaN}', "JSON parse error"),
    ],
    ids=["surrogate", "nul-value", "nul-key", "deep", "deeper-than-32", "nan"],
)
def test_unstorable_json_body_is_a_400(project, manager, as_user, body, message):
    response = as_user(manager).post(f"/api/projects/{project.id}/actors/", body, content_type="application/json")
    assert response.status_code == 400
    assert message in response.json()["detail"]
    assert Actor.objects.count() == 0


@pytest.mark.parametrize("content_type", ["multipart/form-data", "application/x-www-form-urlencoded"])
def test_nul_in_a_form_field_is_a_400(project, manager, as_user, content_type):
    api = as_user(manager)
    url = f"/api/projects/{project.id}/actors/"
    if content_type.startswith("multipart"):
        response = api.post(url, {"name": "Kas\x00tran", "kind": "state"}, format="multipart")
    else:
        response = api.post(url, "name=Kas%00tran&kind=state", content_type=content_type)
    assert response.status_code == 400
    assert "field 'name' contains a NUL character" in response.json()["detail"]
    assert Actor.objects.count() == 0


def test_nul_in_a_form_field_beside_an_upload_is_a_400(project, manager, as_user):
    upload = SimpleUploadedFile("a.txt", b"Talks resumed in Port Asmel.")
    response = as_user(manager).post(f"/api/projects/{project.id}/imports/", {"files": [upload], "note": "\x00"},
                                     format="multipart")
    assert response.status_code == 400 and "field 'note' contains a NUL character" in response.json()["detail"]
    assert ImportJob.objects.count() == 0
