"""The import API with a real Celery worker: upload, poll the job, read what was stored."""

import time

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from claims.models import ImportJob, Source

ARTICLE = b"Talks resume in Port Asmel\nVeloria and Kastran met on Tuesday. Both sides said little.\n"


def wait_for(api, url: str, seconds: float = 30) -> dict:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        body = api.get(url).json()
        if body["status"] in ("succeeded", "failed"):
            return body
        time.sleep(0.2)
    raise AssertionError(f"job did not finish: {body}")


@pytest.mark.worker
@pytest.mark.django_db(transaction=True)
def test_upload_runs_in_worker_and_reports_counts(project, manager, as_user, celery_worker):
    api = as_user(manager)
    url = f"/api/projects/{project.id}/imports/"
    response = api.post(url, {"files": [SimpleUploadedFile("a.txt", ARTICLE),
                                        SimpleUploadedFile("b.jsonl", b'{"text": "Another one. Short."}\n')]},
                        format="multipart")
    assert response.status_code == 201, response.content
    assert response.json()["status"] == "queued"
    job = wait_for(api, f"{url}{response.json()['id']}/")
    assert job["status"] == "succeeded", job
    assert job["progress"] == 100
    assert {k: job["counts"][k] for k in ("sources", "sentences", "duplicates")} == {
        "sources": 2, "sentences": 5, "duplicates": 0}
    assert job["files"] == ["a.txt", "b.jsonl"]
    assert Source.objects.filter(project=project, import_job_id=job["id"]).count() == 2


@pytest.mark.worker
@pytest.mark.django_db(transaction=True)
def test_bad_file_fails_the_job_with_line_number_and_stores_nothing(project, manager, as_user, celery_worker):
    api = as_user(manager)
    url = f"/api/projects/{project.id}/imports/"
    files = [SimpleUploadedFile("good.txt", ARTICLE), SimpleUploadedFile("bad.jsonl", b'{"text": "ok"}\n{nope\n')]
    created = api.post(url, {"files": files}, format="multipart").json()
    job = wait_for(api, f"{url}{created['id']}/")
    assert job["status"] == "failed"
    assert job["errors"][0]["file"] == "bad.jsonl"
    assert job["errors"][0]["line"] == 2
    assert "malformed JSON" in job["errors"][0]["message"]
    assert Source.objects.filter(project=project).count() == 0


def test_unknown_format_is_refused_before_queueing(project, manager, as_user):
    response = as_user(manager).post(f"/api/projects/{project.id}/imports/",
                                     {"files": [SimpleUploadedFile("a.pdf", b"%PDF")]}, format="multipart")
    assert response.status_code == 400
    assert response.json()["errors"][0]["file"] == "a.pdf"
    assert "unknown format" in response.json()["errors"][0]["message"]
    assert ImportJob.objects.count() == 0


def test_no_file_is_a_clear_error(project, manager, as_user):
    response = as_user(manager).post(f"/api/projects/{project.id}/imports/", {}, format="multipart")
    assert response.status_code == 400
    assert response.json()["errors"][0]["message"] == "no file was sent"


def test_annotator_may_not_import_and_outsider_sees_nothing(project, annotator, outsider, as_user):
    upload = {"files": [SimpleUploadedFile("a.txt", ARTICLE)]}
    url = f"/api/projects/{project.id}/imports/"
    assert as_user(annotator).post(url, upload, format="multipart").status_code == 403
    assert as_user(outsider).post(url, upload, format="multipart").status_code == 404
    assert as_user(outsider).get(url).status_code == 404
    assert ImportJob.objects.count() == 0


def test_job_of_another_project_is_not_found(project, manager, as_user):
    from claims.projects import create_project

    other = create_project(name="Other", slug="other")
    job = ImportJob.objects.create(project=other)
    assert as_user(manager).get(f"/api/projects/{project.id}/imports/{job.id}/").status_code == 404


@pytest.mark.django_db(transaction=True)
def test_job_is_run_once_and_its_upload_removed(project, manager, tmp_path, settings):
    from claims.ingest.jobs import run_import_job

    settings.MEDIA_ROOT = tmp_path
    (tmp_path / "imports" / "first").mkdir(parents=True)
    (tmp_path / "imports" / "first" / "0.txt").write_bytes(ARTICLE)
    job = ImportJob.objects.create(project=project, files=[{"name": "a.txt", "path": "imports/first/0.txt"}])
    assert run_import_job(job_id=job.id) is not None
    assert not (tmp_path / "imports" / "first").exists()  # the upload is removed once the job has finished
    assert run_import_job(job_id=job.id) is None  # a second delivery of the message does nothing
    assert Source.objects.filter(project=project).count() == 1
    job.refresh_from_db()
    assert job.status == "succeeded" and job.attempts == 1 and job.message == ""


def test_job_json_says_the_worker_was_lost(project, manager, as_user):
    import datetime

    from django.utils import timezone

    an_hour_ago = timezone.now() - datetime.timedelta(hours=1)
    job = ImportJob.objects.create(project=project, status="running", attempts=1, progress=40,
                                   started_at=an_hour_ago, heartbeat_at=an_hour_ago)
    body = as_user(manager).get(f"/api/projects/{project.id}/imports/{job.id}/").json()
    assert (body["status"], body["progress"], body["attempts"]) == ("running", 40, 1)
    assert body["message"] == "worker lost, retrying as soon as a worker is running"
