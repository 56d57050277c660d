"""End to end in headless Chromium: log in, upload articles, watch the job finish, read a source."""

import pytest

from claims.actors.service import save_actor
from tests.e2e.conftest import log_in_as_manager

pytestmark = [pytest.mark.browser, pytest.mark.worker]

ARTICLE = (
    "Dam talks stall in Port Asmel\n"
    "by Mara Ostrova on 14 Mar 2026 0 Comment\n"
    "Kastran said the U.S. observers were not invited. Bravik denied any <b>troop</b> build-up.\n"
    "Back to Top\n"
)


@pytest.mark.django_db(transaction=True)
def test_upload_progress_and_reading(live_server, celery_worker, project, manager, logged_in, tmp_path):
    save_actor(project=project, name="Kastran", kind="state", aliases=["Bravik"])
    page = logged_in("manager")
    assert "Border talks" in page.content()

    upload = tmp_path / "talks.txt"
    upload.write_text(ARTICLE)
    page.goto(f"{live_server.url}/projects/{project.id}/import/")
    page.set_input_files("input[name=files]", str(upload))
    page.click("form.stacked-form button[type=submit]")

    # The job page polls the API until the worker is done; no reload.
    page.wait_for_selector("[data-field=status]:has-text('Succeeded')", timeout=30_000)
    assert page.locator("progress").get_attribute("value") == "100"
    assert page.locator("[data-count=sources]").inner_text() == "1"
    # Four of text, and the comment counter and "Back to Top" kept as furniture segments.
    assert page.locator("[data-count=sentences]").inner_text() == "6"
    # The links to the stored sources appear once it has succeeded.
    assert page.locator("[data-field=sources] >> text=All sources of this import").is_visible()
    # ... with a link to each, without a reload (the page was served before they existed).
    page.wait_for_selector("[data-field=source-links] a:has-text('Dam talks stall in Port Asmel')")

    page.goto(f"{live_server.url}/projects/{project.id}/")
    page.click("text=Dam talks stall in Port Asmel")
    marks = page.locator("[data-sentence-id] mark.actor")
    assert marks.count() == 2
    assert [marks.nth(i).inner_text() for i in range(2)] == ["Kastran", "Bravik"]
    # Article text is shown as text: the <b> in it is escaped, not rendered.
    assert "<b>troop</b>" in page.locator("body").inner_text()
    # Page furniture is never shown as article text.
    assert page.locator("[data-kind=body]:has-text('Back to Top')").count() == 0


@pytest.fixture
def end_other_sessions():
    """End the live server's database sessions afterwards (once the browser is closed), so that the test database
    can be dropped."""
    yield
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                       "WHERE datname = current_database() AND pid <> pg_backend_pid()")


@pytest.mark.django_db(transaction=True)
def test_job_page_shows_a_lost_worker_instead_of_a_frozen_bar(live_server, end_other_sessions, project, manager,
                                                              browser_page):
    import datetime

    from django.db import connection
    from django.utils import timezone

    from claims.jobs import sweep_lost_jobs
    from claims.models import ImportJob

    # A previous test's worker fixture may have ended this thread's database session; start a fresh one.
    connection.close()
    job = ImportJob.objects.create(project=project, created_by=manager, status="running", attempts=1, progress=40,
                                   started_at=timezone.now(), heartbeat_at=timezone.now(), queue="nobody-listens")
    page = browser_page
    log_in_as_manager(page, live_server)
    page.goto(f"{live_server.url}/projects/{project.id}/imports/{job.id}/")
    assert page.is_hidden("[data-field=message]")

    an_hour_ago = timezone.now() - datetime.timedelta(hours=1)
    ImportJob.objects.filter(id=job.id).update(heartbeat_at=an_hour_ago)  # the worker died
    page.wait_for_selector("[data-field=message]:has-text('worker lost, retrying as soon as a worker is running')",
                           timeout=10_000)
    sweep_lost_jobs()
    page.wait_for_selector("[data-field=message]:has-text('worker lost, retrying (attempt 2 of 3)')", timeout=10_000)
    assert page.text_content("[data-field=status]") == "Queued"
