"""The export page: the form, a queued export followed to its download, bad options, who may see it."""

import pytest
from django.test import Client

from claims.export.jobs import run_export_job
from claims.models import ExportJob

pytestmark = pytest.mark.django_db


def browser(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_an_editor_exports_from_the_page_and_gets_a_download_link(labelled):
    client = browser(labelled.editor)
    page = client.get(f"/projects/{labelled.project.pk}/exports/")
    assert page.status_code == 200 and b'name="labels"' in page.content and b"Gold: the editor" in page.content
    answer = client.post(f"/projects/{labelled.project.pk}/exports/",
                         {"format": "jsonl", "labels": "majority", "split": "train=0.8,dev=0.1,test=0.1", "seed": "2",
                          "min_agreement": "0", "keep_ties": "true"})
    job = ExportJob.objects.get()
    assert answer.status_code == 302 and answer["Location"] == f"/projects/{labelled.project.pk}/exports/{job.id}/"
    assert job.options["keep_ties"] is True and job.options["with_suggestions"] is False and job.options["seed"] == 2
    run_export_job(job_id=job.id)
    page = client.get(answer["Location"])
    assert f'/api/projects/{labelled.project.pk}/exports/{job.id}/download/"'.encode() in page.content
    assert client.get(f"/api/projects/{labelled.project.pk}/exports/{job.id}/download/").status_code == 200


def test_bad_options_show_the_problems_and_queue_nothing(labelled):
    answer = browser(labelled.editor).post(f"/projects/{labelled.project.pk}/exports/",
                                           {"format": "<script>", "split": "train=2"})
    assert answer.status_code == 400 and b"&lt;script&gt;" in answer.content and b"<script>'" not in answer.content
    assert b"split" in answer.content and not ExportJob.objects.exists()


def test_annotators_are_refused_and_outsiders_see_nothing(labelled, annotator, outsider):
    assert browser(annotator).get(f"/projects/{labelled.project.pk}/exports/").status_code == 403
    assert browser(outsider).get(f"/projects/{labelled.project.pk}/exports/").status_code == 404
    assert browser(outsider).post(f"/projects/{labelled.project.pk}/exports/", {}).status_code == 404
    assert not ExportJob.objects.exists()
