"""Hostile and broken import files through the REST API and a real worker: each job fails with a
message naming the file (member, line), and nothing is stored.

One worker serves every case (one job per file): starting a worker per case would cost a minute.
"""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from claims.ingest.errors import Problem
from claims.models import Sentence, Source
from tests.api.test_imports_api import wait_for
from tests.ingest.hostile import ARTICLE, HOSTILE


@pytest.mark.worker
@pytest.mark.django_db(transaction=True)
def test_each_hostile_file_fails_its_job_with_its_name_and_stores_nothing(project, manager, as_user, celery_worker):
    api = as_user(manager)
    url = f"/api/projects/{project.id}/imports/"
    jobs = {}
    for case, name, content, message in HOSTILE:
        files = [SimpleUploadedFile("good.txt", ARTICLE), SimpleUploadedFile(name, content)]
        created = api.post(url, {"files": files}, format="multipart")
        assert created.status_code == 201, (case, created.content)
        jobs[case] = (created.json()["id"], message)
    wrong = {}
    for case, (job_id, message) in jobs.items():
        job = wait_for(api, f"{url}{job_id}/")
        errors = [str(Problem(**error)) for error in job["errors"]]
        if job["status"] != "failed" or not errors or message not in errors[0]:
            wrong[case] = (job["status"], errors)
    assert not wrong, wrong
    assert Source.objects.filter(project=project).count() == 0
    assert Sentence.objects.filter(project=project).count() == 0
