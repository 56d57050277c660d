"""Errors outside DRF's reach are JSON for the API too, with the status that means what happened (issue 17)."""

import pytest
from django.db import connection
from django.test import Client

from claims.models import Project

pytestmark = pytest.mark.django_db


@pytest.fixture
def client(manager) -> Client:
    client = Client(raise_request_exception=False)
    client.force_login(manager)
    return client


def assert_json_refusal(response, status: int) -> dict:
    assert response.status_code == status, response.content[:300]
    assert response["Content-Type"] == "application/json"
    body = response.json()
    assert body["detail"] and body["errors"] == []
    return body


@pytest.mark.parametrize("path", ["annotations/abc/", "annotations/x/history/", "sources/1.5/", "actors/-3/",
                                  "members/me/", "models/runs/x/", "no-such-thing/"])
def test_a_malformed_id_or_an_unknown_address_is_a_json_404(client, project, path):
    assert_json_refusal(client.get(f"/api/projects/{project.id}/{path}"), 404)
    assert_json_refusal(client.patch(f"/api/projects/{project.id}/{path}", "{}", content_type="application/json"), 404)


def test_a_web_page_that_does_not_exist_is_still_a_page(client):
    response = client.get("/projects/abc/nothing/")
    assert response.status_code == 404 and response["Content-Type"].startswith("text/html")


def test_a_body_over_the_limit_is_a_413_before_it_is_read(client, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1_000
    body = '{"name": "%s"}' % ("x" * 2_000)
    body = assert_json_refusal(client.post("/api/projects/", body, content_type="application/json"), 413)
    assert "over the limit" in body["detail"]
    assert not Project.objects.filter(name__startswith="xxx").exists()


def test_an_upload_over_the_request_limit_is_a_413(client, project, settings):
    settings.REQUEST_MAX_BYTES = 1_000
    from django.core.files.uploadedfile import SimpleUploadedFile

    upload = SimpleUploadedFile("big.txt", b"Veloria met Kastran. " * 100)
    assert_json_refusal(client.post(f"/api/projects/{project.id}/imports/", {"files": [upload]}), 413)


def test_a_chunked_body_without_a_length_is_refused_with_411_not_read_as_empty(client, project):
    response = client.generic("PATCH", f"/api/projects/{project.id}/", b"", content_type="application/json",
                              HTTP_TRANSFER_ENCODING="chunked")
    assert_json_refusal(response, 411)
    project.refresh_from_db()
    assert project.name == "Border talks"


@pytest.mark.django_db(transaction=True)
def test_while_the_database_is_unreachable_the_api_answers_503_with_retry_after(client, project):
    # A real refused connection, as while PostgreSQL is down: this process's connection is pointed at a
    # port of this machine where nothing listens (not at the shared server, which other tests use).
    saved, options = dict(connection.settings_dict), dict(connection.settings_dict["OPTIONS"])
    connection.close()
    connection.settings_dict.update(HOST="127.0.0.1", PORT="1")
    connection.settings_dict["OPTIONS"] = {k: v for k, v in options.items() if k != "host"}
    try:
        response = client.get(f"/api/projects/{project.id}/sources/")
        page = client.get(f"/projects/{project.id}/")
    finally:
        connection.close()
        connection.settings_dict.update(saved)
        connection.settings_dict["OPTIONS"] = options
    body = assert_json_refusal(response, 503)
    assert response["Retry-After"] == "30" and "database cannot be reached" in body["detail"]
    assert page.status_code == 503 and page["Retry-After"] == "30" and b"Try again shortly" in page.content
    assert Project.objects.filter(id=project.id).exists()  # and the connection works again afterwards


def test_drfs_own_refusals_carry_detail_and_errors_beside_the_fields(client, project):
    response = client.get(f"/api/projects/{project.id}/sentences/", {"source": "abc"})
    body = response.json()
    assert response.status_code == 400 and body["source"] == ["Enter a whole number."]
    assert body["detail"] == "source: Enter a whole number."
    assert body["errors"] == [{"field": "source", "message": "Enter a whole number."}]
