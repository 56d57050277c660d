"""End to end in headless Chromium: log in, upload articles, watch the job finish, read a source."""

import pytest

from claims.actors import save_actor

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
    assert page.locator("[data-count=sentences]").inner_text() == "4"

    page.goto(f"{live_server.url}/projects/{project.id}/")
    page.click("text=Dam talks stall in Port Asmel")
    marks = page.locator("[data-sentence-id] mark.actor")
    assert marks.count() == 2
    assert [marks.nth(i).inner_text() for i in range(2)] == ["Kastran", "Bravik"]
    # Article text is shown as text: the <b> in it is escaped, not rendered.
    assert "<b>troop</b>" in page.locator("body").inner_text()
    assert "Back to Top" not in page.locator("body").inner_text()
