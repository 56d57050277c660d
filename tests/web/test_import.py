"""The import page and the import job page: uploads, problems, progress and errors."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from claims.models import ImportJob, JobStatus


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def import_url(project) -> str:
    return reverse("source-import", args=[project.id])


def test_import_page_has_a_multiple_file_input_and_recent_imports(login, manager, project):
    job = ImportJob.objects.create(project=project, created_by=manager, files=[{"name": "old.jsonl", "path": "x"}])
    html = login(manager).get(import_url(project)).content.decode()
    assert '<input type="file" id="import-files" name="files" multiple' in html
    assert 'accept=".txt,.jsonl,.json,.csv,.html,.htm,.zip"' in html
    assert '<label for="import-files">' in html
    assert reverse("import-job", args=[project.id, job.id]) in html and "old.jsonl" in html


def test_upload_creates_a_job_and_redirects_to_it(login, editor, project, media_root):
    files = [SimpleUploadedFile("a.txt", b"Title\n\nRussia spoke."), SimpleUploadedFile("b.jsonl", b'{"text": "x"}\n')]
    response = login(editor).post(import_url(project), {"files": files})
    job = ImportJob.objects.get()
    assert response.status_code == 302
    assert response.url == reverse("import-job", args=[project.id, job.id])
    assert job.project == project and job.created_by == editor and job.status == JobStatus.QUEUED
    assert [f["name"] for f in job.files] == ["a.txt", "b.jsonl"]
    assert (media_root / job.files[0]["path"]).read_bytes() == b"Title\n\nRussia spoke."


def test_unknown_format_is_rejected_with_its_message_and_no_job(login, manager, project):
    bad = SimpleUploadedFile("notes.docx", b"PK\x03\x04 not an article")
    response = login(manager).post(import_url(project), {"files": [bad]})
    assert response.status_code == 400
    assert "notes.docx: unknown format" in response.content.decode()
    assert response.context["problems"] == [
        "notes.docx: unknown format; supported: .txt, .jsonl, .json, .csv, .html, .htm, .zip"
    ]
    assert not ImportJob.objects.exists()


def test_no_file_is_a_problem_too(login, manager, project):
    response = login(manager).post(import_url(project), {})
    assert response.status_code == 400
    assert "no file was sent" in response.content.decode()
    assert not ImportJob.objects.exists()


def test_annotator_cannot_upload(login, annotator, project):
    response = login(annotator).post(import_url(project), {"files": [SimpleUploadedFile("a.txt", b"Some text.")]})
    assert response.status_code == 403
    assert not ImportJob.objects.exists()


def test_outsider_cannot_upload(login, outsider, project):
    response = login(outsider).post(import_url(project), {"files": [SimpleUploadedFile("a.txt", b"Some text.")]})
    assert response.status_code == 404
    assert not ImportJob.objects.exists()


def test_job_page_polls_the_api_while_running(login, manager, project):
    job = ImportJob.objects.create(
        project=project,
        created_by=manager,
        status=JobStatus.RUNNING,
        progress=40,
        files=[{"name": "a.txt", "path": "x"}],
    )
    client = login(manager)
    html = client.get(reverse("import-job", args=[project.id, job.id])).content.decode()
    api_url = f"/api/projects/{project.id}/imports/{job.id}/"
    assert f'data-url="{api_url}"' in html
    assert 'data-status="running"' in html
    assert '<progress id="job-progress" max="100" value="40">' in html
    assert '<label for="job-progress">' in html
    assert "/static/js/import-progress.js" in html
    # What the script reads, with the session the page was served under.
    polled = client.get(api_url, HTTP_ACCEPT="application/json")
    assert polled.status_code == 200
    assert {"status": "running", "progress": 40, "counts": {}, "errors": []}.items() <= polled.json().items()


def test_job_page_lists_counts_and_escaped_errors(login, manager, project):
    job = ImportJob.objects.create(
        project=project,
        created_by=manager,
        status=JobStatus.FAILED,
        progress=100,
        files=[{"name": "<b>x</b>.csv", "path": "x"}],
        errors=[
            {"file": "<b>x</b>.csv", "line": 7, "field": "published", "message": "bad date <script>alert(1)</script>"}
        ],
    )
    html = login(manager).get(reverse("import-job", args=[project.id, job.id])).content.decode()
    assert "<td>&lt;b&gt;x&lt;/b&gt;.csv</td><td>7</td><td>published</td>" in html
    assert "bad date &lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "<script>alert" not in html


def test_job_page_shows_counts_of_a_finished_import(login, manager, project):
    job = ImportJob.objects.create(
        project=project,
        created_by=manager,
        status=JobStatus.SUCCEEDED,
        progress=100,
        counts={"sources": 3, "sentences": 41, "duplicates": 1, "mentions": 12, "notes": ["a.txt: decoded as cp1252"]},
    )
    html = login(manager).get(reverse("import-job", args=[project.id, job.id])).content.decode()
    assert '<dd data-count="sentences">41</dd>' in html and '<dd data-count="mentions">12</dd>' in html
    assert "decoded as cp1252" in html
    assert 'data-field="errors" hidden' in html


def test_job_of_another_project_is_404(login, manager, project):
    from claims.projects import create_project

    other = create_project(name="Other", slug="other", manager=manager)
    job = ImportJob.objects.create(project=other, created_by=manager)
    assert login(manager).get(reverse("import-job", args=[project.id, job.id])).status_code == 404


def test_job_page_says_the_worker_was_lost_and_it_is_retrying(login, manager, project):
    job = ImportJob.objects.create(project=project, created_by=manager, status=JobStatus.QUEUED, attempts=1,
                                   message="worker lost, retrying (attempt 2 of 3)")
    html = login(manager).get(reverse("import-job", args=[project.id, job.id])).content.decode()
    assert 'data-field="message" aria-live="polite">worker lost, retrying (attempt 2 of 3)</p>' in html


def test_job_page_links_to_the_sources_it_stored(login, annotator, project):
    from claims.ingest.readers import RawArticle
    from claims.ingest.service import import_articles

    job = ImportJob.objects.create(project=project, status=JobStatus.SUCCEEDED, progress=100)
    import_articles(project=project, job=job, articles=[
        RawArticle(text=f"Story {n}\n\nVeloria said {n}.", origin="a.jsonl", title=f"Story <{n}>") for n in range(3)])
    import_articles(project=project, articles=[RawArticle(text="Another import.", origin="b.txt", title="Other")])
    html = login(annotator).get(reverse("import-job", args=[project.id, job.id])).content.decode()
    sources = job.sources.order_by("id")
    for source in sources:
        assert f'<a href="{reverse("source-detail", args=[project.id, source.id])}?import_job={job.id}">' in html
    assert "Story &lt;0&gt;" in html and "Other" not in html
    listing = reverse("project-sources", args=[project.id]) + f"?import_job={job.id}"
    assert f'<a href="{listing}">All sources of this import</a>' in html
    assert '<div class="job-sources" data-field="sources" >' in html
    listed = login(annotator).get(listing).context["page"].object_list
    assert [s.id for s in listed] == [s.id for s in sources]


def test_job_page_hides_the_sources_until_the_import_succeeded(login, manager, project):
    job = ImportJob.objects.create(project=project, status=JobStatus.RUNNING, progress=30)
    html = login(manager).get(reverse("import-job", args=[project.id, job.id])).content.decode()
    assert '<div class="job-sources" data-field="sources" hidden>' in html


def test_an_import_is_numbered_among_its_projects_imports(login, manager, project):
    from claims.projects import create_project

    other = create_project(name="Other", slug="other-numbering")
    ImportJob.objects.create(project=other, status="succeeded")
    first = ImportJob.objects.create(project=project, status="succeeded")
    second = ImportJob.objects.create(project=project, status="succeeded")
    client = login(manager)
    assert "<h1>Import 1</h1>" in client.get(reverse("import-job", args=[project.id, first.id])).content.decode()
    assert "<h1>Import 2</h1>" in client.get(reverse("import-job", args=[project.id, second.id])).content.decode()
