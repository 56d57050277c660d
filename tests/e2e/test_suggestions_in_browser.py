"""End to end in headless Chromium: the annotation form says why there is no suggestion, then, once the
suggestion run has been, shows the suggestion and pre-fills what the model is confident about."""

import pytest

from claims.actors.rematch import rematch_mentions
from claims.actors.service import save_actor
from claims.ingest.readers import RawArticle
from claims.ingest.service import import_articles
from claims.suggest.worker import run_suggestions_now
from tests.e2e.test_annotate_in_browser import open_form

pytestmark = pytest.mark.browser

ARTICLE = ("Dam talks\n\nVeloria said on Monday that it would fund the new dam in the Halvik valley. "
           "The river floods every spring.\n")


@pytest.mark.django_db(transaction=True)
def test_the_form_explains_a_missing_suggestion_then_prefills_one(live_server, project, annotator, browser,
                                                                  settings):
    settings.SUGGEST_TORCH_THREADS = 1
    import_articles(project=project, articles=[RawArticle(text=ARTICLE, origin="t.txt", title="Dam talks")])
    save_actor(project=project, name="Veloria", kind="state")
    rematch_mentions(project=project)
    page = open_form(browser, live_server, project, "annotator")
    banner = page.locator("[data-field=suggestion]")
    # No worker has taken the run the import queued: annotation goes on, and the form says so.
    assert banner.inner_text() == "Suggestions are being prepared."
    assert page.locator(".claim-card").count() == 0
    page.close()

    run_suggestions_now(project=project)  # what the worker on the suggest queue does
    page = open_form(browser, live_server, project, "annotator")
    text = page.locator("[data-field=suggestion]").inner_text()
    assert text.startswith("Suggestion (model") and "1 claim" in text
    assert page.locator(".claim-card").count() == 1  # pre-filled above the project's threshold
    assert page.errors == []


@pytest.mark.django_db(transaction=True)
def test_a_guess_below_the_threshold_is_shown_but_not_prefilled(live_server, project, annotator, browser, settings):
    settings.SUGGEST_TORCH_THREADS = 1
    project.suggestion_threshold = 0.99  # nothing the model says is that sure
    project.save()
    import_articles(project=project, articles=[RawArticle(text=ARTICLE, origin="t.txt", title="Dam talks")])
    save_actor(project=project, name="Veloria", kind="state")
    save_actor(project=project, name="Halvik", kind="other")
    rematch_mentions(project=project)
    run_suggestions_now(project=project)
    page = open_form(browser, live_server, project, "annotator")
    text = page.locator("[data-field=suggestion]").inner_text()
    assert text.startswith("The model's guess, below the project's 99% threshold")
    assert "Veloria" in text or "Halvik" in text  # the best candidate's subject, by name
    assert text.endswith("Not pre-filled.")
    assert page.locator(".claim-card").count() == 0
    assert page.errors == []
