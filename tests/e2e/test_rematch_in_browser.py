"""End to end in headless Chromium: add an actor, watch the re-match finish on the actors page."""

import pytest

from claims.ingest.readers import RawArticle
from claims.ingest.service import import_articles

pytestmark = [pytest.mark.browser, pytest.mark.worker]


@pytest.mark.django_db(transaction=True)
def test_adding_an_actor_shows_the_rematch_until_it_is_done(live_server, celery_worker, project, manager,
                                                            logged_in):
    import_articles(project=project, articles=[RawArticle(
        text="Dam talks\n\nVeloria said the dam was safe. Dunmere denied it.", origin="a.txt")])
    page = logged_in("manager")
    page.goto(f"{live_server.url}/projects/{project.id}/actors/")
    page.fill("input[name=name]", "Veloria")
    page.select_option("select[name=kind]", "state")
    page.fill("textarea[name=aliases]", "Dunmere")
    page.click("text=Add actor")
    assert "being matched again in the background" in page.locator(".messages").inner_text()
    # The page polls the job's API until the worker is done; no reload.
    page.wait_for_selector("#actor-match [data-field=done]:visible", timeout=30_000)
    assert page.locator("#actor-match [data-field=status]").inner_text() == "Succeeded"
    page.click("#actor-match >> text=Reload the page")
    assert "2 in 3 sentences (2 added, 0 removed)" in page.locator("#actor-match").inner_text()
    assert page.locator("tbody td.num").first.inner_text() == "2"
