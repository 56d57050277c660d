"""The exports endpoint: start, poll, download, expiry; who may do what; bad input as JSON 400."""

import io
import json
import time
import zipfile
from datetime import timedelta

import pytest
from django.utils import timezone

from claims.export.jobs import create_export_job, delete_expired_exports, run_export_job
from claims.models import ExportJob
from claims.projects import create_project

pytestmark = pytest.mark.django_db


def wait_for(api, address: str, seconds: float = 60) -> dict:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        body = api.get(address).json()
        if body["status"] in ("succeeded", "failed"):
            return body
        time.sleep(0.2)
    raise AssertionError(f"job did not finish: {body}")


def url(project, rest=""):
    return f"/api/projects/{project.pk}/exports/{rest}"


def run_queued(project) -> ExportJob:
    job = ExportJob.objects.filter(project=project, status="queued").get()
    return run_export_job(job_id=job.id)


def test_an_editor_exports_polls_and_downloads_a_zip(labelled, as_user, django_capture_on_commit_callbacks):
    api = as_user(labelled.editor)
    with django_capture_on_commit_callbacks():  # the message goes to the broker; the test runs the job itself
        answer = api.post(url(labelled.project), {"format": "csv", "labels": "majority"}, format="json")
    assert answer.status_code == 202 and answer.json()["status"] == "queued"
    assert answer.json()["download_url"] is None
    run_queued(labelled.project)
    job = api.get(url(labelled.project, f"{answer.json()['id']}/")).json()
    assert (job["status"], job["progress"], set(job["counts"])) == ("succeeded", 100, {"train", "dev", "test"})
    assert sum(job["counts"].values()) == 4 and job["expires_at"]  # s0, s1 (adjudicated), s2, s4
    download = api.get(job["download_url"])
    assert download.status_code == 200 and download["Content-Type"] == "application/zip"
    archive = zipfile.ZipFile(io.BytesIO(b"".join(download.streaming_content)))
    names = {name.split("/", 1)[1] for name in archive.namelist()}
    assert names == {"train.csv", "dev.csv", "test.csv", "manifest.json", "README.md"}
    manifest = json.loads(archive.read(next(n for n in archive.namelist() if n.endswith("manifest.json"))))
    assert manifest["options"]["labels"] == "majority"


@pytest.mark.parametrize("body", [{"format": "xml"}, {"labels": 3}, {"split": "train=2"}, {"seed": "x"},
                                  {"colour": "red"}, ["jsonl"], {"min_agreement": "1e999"}])
def test_bad_options_answer_a_json_400_and_create_nothing(labelled, as_user, body):
    answer = as_user(labelled.editor).post(url(labelled.project), body, format="json")
    assert answer.status_code == 400 and answer["Content-Type"] == "application/json"
    assert "detail" in answer.json()
    assert not ExportJob.objects.exists()


def test_annotators_cannot_export_or_list_and_outsiders_get_404(labelled, as_user, annotator, outsider):
    assert as_user(annotator).post(url(labelled.project), {}, format="json").status_code == 403
    assert as_user(annotator).get(url(labelled.project)).status_code == 403
    assert as_user(outsider).post(url(labelled.project), {}, format="json").status_code == 404
    assert as_user(outsider).get(url(labelled.project)).status_code == 404
    assert not ExportJob.objects.exists()


def test_another_projects_job_answers_404_through_this_project(labelled, as_user, manager, stranger):
    theirs = create_project(name="Theirs", slug="theirs", manager=manager)
    job = create_export_job(project=theirs, user=manager, options={})
    api = as_user(manager)  # manager of both projects
    assert api.get(url(labelled.project, f"{job.id}/")).status_code == 404
    assert api.get(url(labelled.project, f"{job.id}/download/")).status_code == 404


def test_a_job_not_finished_has_no_download_and_a_failed_one_says_why(annotation_corpus, as_user, manager):
    api = as_user(manager)
    job = api.post(url(annotation_corpus.project), {"labels": "gold"}, format="json").json()
    answer = api.get(url(annotation_corpus.project, f"{job['id']}/download/"))
    assert answer.status_code == 404 and "has not succeeded" in answer.json()["detail"]
    failed = run_queued(annotation_corpus.project)  # nothing labelled: nothing to export
    assert failed.status == "failed" and "nothing to export" in failed.errors[0]["message"]
    assert not failed.file_path


def test_expired_exports_are_deleted_and_answer_410(labelled, as_user, settings, tmp_path):
    job = create_export_job(project=labelled.project, user=labelled.editor, options={"labels": "all"})
    job = run_export_job(job_id=job.id)
    archive = settings.MEDIA_ROOT / job.file_path
    assert archive.is_file()
    assert delete_expired_exports() == 0 and archive.is_file()
    ExportJob.objects.filter(id=job.id).update(expires_at=timezone.now() - timedelta(seconds=1))
    assert delete_expired_exports() == 1
    assert not archive.exists() and not archive.parent.exists()
    answer = as_user(labelled.editor).get(url(labelled.project, f"{job.id}/download/"))
    assert answer.status_code == 410 and "expired" in answer.json()["detail"]
    assert ExportJob.objects.get(id=job.id).message == "expired: the file was deleted"


@pytest.mark.worker
@pytest.mark.django_db(transaction=True)
def test_the_worker_runs_an_export_job(labelled, as_user, celery_worker):
    api = as_user(labelled.editor)
    created = api.post(url(labelled.project), {"format": "parquet", "labels": "all"}, format="json").json()
    job = wait_for(api, url(labelled.project, f"{created['id']}/"))
    assert job["status"] == "succeeded" and sum(job["counts"].values()) == 13
    assert api.get(job["download_url"]).status_code == 200


def test_sweep_jobs_deletes_expired_exports(labelled, settings):
    from django.core.management import call_command

    job = run_export_job(job_id=create_export_job(project=labelled.project, user=labelled.editor, options={}).id)
    ExportJob.objects.filter(id=job.id).update(expires_at=timezone.now())
    out = io.StringIO()
    call_command("sweep_jobs", stdout=out)
    assert "1 expired export file(s) deleted." in out.getvalue()
    assert not (settings.MEDIA_ROOT / job.file_path).exists()
