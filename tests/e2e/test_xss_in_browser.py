"""In headless Chromium: article text full of script payloads, a javascript: URL, and the
Content-Security-Policy. No dialog may open on any page, and the policy is on every response."""

import json

import pytest

from claims.actors.service import save_actor
from claims.ingest.errors import IngestError
from claims.ingest.readers import RawArticle
from claims.ingest.service import InputFile, current_limits, import_articles, read_inputs
from claims.models import ImportJob, JobStatus, Source
from tests.e2e.conftest import log_in_as_manager

pytestmark = pytest.mark.browser  # skipped by tests/e2e/conftest.py where Chromium is missing

PAYLOADS = ['<script>alert("script")</script>', '<img src=x onerror=alert("img")>', '"><svg onload=alert("svg")>',
            "javascript:alert('text')"]
HOSTILE = " ".join(PAYLOADS)


@pytest.fixture
def hostile_corpus(project):
    """An article with payloads in every field it may hold, and one stored before imports refused javascript: URLs.

    The browser tests make no query once the browser runs: Playwright's event loop changes which
    database connection Django's connection handler hands out in the test's body.
    """
    save_actor(project=project, name='Kastran<img src=x onerror=alert("actor")>', aliases=["<script>alert(1)</script>"])
    import_articles(project=project, articles=[RawArticle(
        text=f"Talks {HOSTILE} resumed.\nKastran said {HOSTILE} nothing.", origin=f"{HOSTILE}.jsonl:1",
        title=f"Title {PAYLOADS[0]}", outlet=PAYLOADS[1], author=PAYLOADS[2], url="https://example.org/a?<script>",
        meta={"x": HOSTILE},
    )])
    old = Source.objects.create(project=project, title="Old row", text="Old text.", content_hash="0" * 64,
                                url="javascript:alert('stored url')")
    return Source.objects.filter(project=project).exclude(pk=old.pk).get(), old


@pytest.fixture
def refused_job(project, manager, tmp_path):
    """A failed import of a file with a javascript: URL and a payload for a name, its errors from the real reader."""
    upload = tmp_path / "xss<img src=x onerror=alert(9)>.jsonl"
    upload.write_text(json.dumps({"text": "Talks resumed.", "url": "javascript:alert(document.cookie)"}) + "\n")
    with pytest.raises(IngestError) as refusal:
        read_inputs([InputFile(upload.name, upload)], limits=current_limits())
    return ImportJob.objects.create(project=project, created_by=manager, status=JobStatus.FAILED, progress=100,
                                    files=[{"name": upload.name, "path": ""}],
                                    errors=[problem.as_dict() for problem in refusal.value.problems])


@pytest.mark.django_db(transaction=True)
def test_no_payload_runs_and_every_page_has_the_csp(live_server, project, hostile_corpus, refused_job, browser_page):
    page = browser_page
    dialogs, violations = [], []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    page.on("console", lambda message: violations.append(message.text)
            if "Content Security Policy" in message.text else None)
    source, old = hostile_corpus
    log_in_as_manager(page, live_server)

    # The refused import with a javascript: URL: its errors, file name included, are shown as text.
    page.goto(f"{live_server.url}/projects/{project.id}/imports/{refused_job.id}/")
    page.wait_for_selector("[data-field=status]:has-text('Failed')")
    text = page.locator("body").inner_text()
    assert "'javascript:alert(document.cookie)' is not a valid http or https URL" in text
    assert "xss<img src=x onerror=alert(9)>.jsonl" in text

    pages = ["/", f"/projects/{project.id}/", f"/projects/{project.id}/sources/{source.id}/",
             f"/projects/{project.id}/sources/{old.id}/", f"/projects/{project.id}/actors/",
             f"/projects/{project.id}/import/", f"/projects/{project.id}/imports/{refused_job.id}/",
             f"/api/projects/{project.id}/sources/{source.id}/"]
    for path in pages:
        response = page.goto(live_server.url + path)
        policy = response.headers.get("content-security-policy", "")
        assert "script-src 'self'" in policy and "object-src 'none'" in policy, (path, policy)
        page.wait_for_load_state("load")
        assert page.locator("a[href^='javascript:'], a[href^='data:']").count() == 0, path

    # The payloads are shown as text on the source page, never as markup.
    page.goto(f"{live_server.url}/projects/{project.id}/sources/{source.id}/")
    body = page.locator("body").inner_text()
    assert all(payload in body for payload in PAYLOADS[:3])
    assert page.locator("main img, main svg, main script").count() == 0
    # The stored javascript: URL is shown as text, not as a link.
    page.goto(f"{live_server.url}/projects/{project.id}/sources/{old.id}/")
    assert page.locator("a[href^='javascript:']").count() == 0
    assert "javascript:alert('stored url')" in page.locator(".source-meta").inner_text()

    # Even markup that did reach the page could not run: the policy blocks inline handlers and
    # javascript: links. (page.evaluate itself is the test's, not the page's, so it may insert them.)
    page.evaluate("""() => document.querySelector('main').insertAdjacentHTML('beforeend',
        '<img src="x" onerror="alert(`img`)"><a id="js-link" href="javascript:alert(`link`)">x</a>')""")
    page.click("#js-link", no_wait_after=True)
    page.wait_for_timeout(500)
    assert dialogs == []
    assert any("inline event handler" in v or "script-src" in v for v in violations), violations


@pytest.mark.django_db(transaction=True)
def test_api_docs_work_under_the_csp(live_server, project, manager, browser_page):
    page = browser_page
    violations = []
    page.on("console", lambda message: violations.append(message.text)
            if "Content Security Policy" in message.text else None)
    response = page.goto(f"{live_server.url}/api/docs/")
    assert "/login/" in page.url  # the docs are for signed-in users
    log_in_as_manager(page, live_server)
    response = page.goto(f"{live_server.url}/api/docs/")
    assert "script-src 'self'" in response.headers["content-security-policy"]
    page.wait_for_selector(".opblock", timeout=30_000)  # Swagger UI loaded the schema and drew the operations
    assert page.locator(".opblock").count() > 5
    assert violations == []
