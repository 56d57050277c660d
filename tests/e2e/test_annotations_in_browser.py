"""End to end in headless Chromium: an editor finds annotations by annotator from the Annotations tab, opens one's
history, and follows a sentence's count from the source page; an annotator is refused; no payload runs. The
pages' screenshots are written to TEST_ARTIFACTS (default var/test-artifacts/)."""

import os
from pathlib import Path

import pytest

from claims.actors.rematch import rematch_mentions
from claims.actors.service import save_actor
from claims.annotation.saving import AnnotationChanges, AnnotationInput, ClaimInput, create_annotation, edit_annotation
from claims.ingest.readers import RawArticle
from claims.ingest.service import import_articles
from claims.models import Sentence
from claims.projects import add_member
from tests.conftest import make_user
from tests.e2e.conftest import log_in_as

ARTIFACTS = Path(os.environ.get("TEST_ARTIFACTS", Path(__file__).resolve().parents[2] / "var" / "test-artifacts"))
pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PAYLOAD = "<script>alert(1)</script><img src=x onerror=alert(2)>"
ARTICLE = (
    "Water talks stall in Dunmere\n\n"
    "Veloria said on Monday that it would fund the new dam in the Halvik valley. "
    "Kastran rejected the plan and accused Veloria of ignoring farmers downstream. "
    f"Bravik called the report {PAYLOAD} a fabrication.\n\n"
    "Officials in Dunmere declined to comment on the report.\n"
)


@pytest.fixture
def reviewed(project, annotator, editor):
    """Two annotators' work on an article: one annotation changed twice, one with a payload in its comment."""
    actors = {name: save_actor(project=project, name=name, kind="state") for name in ("Veloria", "Kastran", "Bravik")}
    import_articles(project=project, articles=[RawArticle(text=ARTICLE, origin="a.txt", title=f"Talks {PAYLOAD}",
                                                          outlet="Northwind Wire")])
    rematch_mentions(project=project)
    body = list(Sentence.objects.filter(project=project, kind="body").order_by("index"))
    second = make_user("second")
    add_member(project=project, user=second, role="annotator")

    def claim(sentence, subject, target, stance, **more):
        return ClaimInput(start=sentence.start, end=sentence.end, subject=actors[subject].pk,
                          target=actors[target].pk, stance=stance, **more)

    kastran = body[1]
    first = create_annotation(project=project, annotator=annotator, sentence_id=kastran.pk, data=AnnotationInput(
        claims=(claim(kastran, "Kastran", "Veloria", "oppose", claimant_is_outlet=True),), seconds_spent=31))
    edit_annotation(project=project, annotation_id=first.pk, editor=annotator, changes=AnnotationChanges(
        claims=(claim(kastran, "Kastran", "Veloria", "oppose", certainty="reported", claimant=actors["Kastran"].pk),
                ClaimInput(start=kastran.start, end=kastran.start + 7)), comment="the second span is the actor"))
    edit_annotation(project=project, annotation_id=first.pk, editor=editor, changes=AnnotationChanges(
        claims=(claim(kastran, "Kastran", "Veloria", "support", certainty="reported", claimant=actors["Kastran"].pk),),
        comment="stance checked against the source"))
    create_annotation(project=project, annotator=second, sentence_id=kastran.pk, data=AnnotationInput(
        claims=(claim(kastran, "Kastran", "Veloria", "oppose", certainty="hedged"),), comment=f"odd {PAYLOAD}",
        seconds_spent=54))
    create_annotation(project=project, annotator=annotator, sentence_id=body[0].pk, data=AnnotationInput(
        claims=(claim(body[0], "Veloria", "Bravik", "neutral", claimant_name="Ana Ruiz"),), seconds_spent=12))
    create_annotation(project=project, annotator=second, sentence_id=body[2].pk, data=AnnotationInput())
    return {"first": first, "kastran": kastran}


def open_page(browser, live_server, username: str):
    page = browser.new_context(viewport={"width": 1366, "height": 900}).new_page()
    errors = []
    page.on("dialog", lambda dialog: (errors.append(f"a script ran: {dialog.message}"), dialog.dismiss()))
    page.on("pageerror", lambda error: errors.append(str(error)))
    log_in_as(page, live_server, username)
    page.errors = errors
    return page


def test_an_editor_reviews_annotations_and_their_history(live_server, project, annotator, reviewed, browser):
    page = open_page(browser, live_server, "editor")
    page.goto(f"{live_server.url}/projects/{project.id}/dashboard/")
    page.click("nav.project-tabs >> text=Annotations")
    assert page.locator(".annotation-table caption").inner_text().startswith("4 annotations")
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "annotations-list.png"), full_page=True)

    page.select_option("#annotator-filter", label="annotator")
    page.click(".filter-form button[type=submit]")
    page.wait_for_url(f"**/annotations/?annotator={annotator.pk}**")
    assert page.locator(".annotation-table tbody tr").count() == 2

    page.click(f"a[href$='/annotations/{reviewed['first'].pk}/history/'][title='History of this annotation']")
    page.wait_for_selector(".revision-list")
    assert page.locator(".revision").count() == 3
    latest = page.locator("#v3").inner_text()
    assert "editor" in latest and "Stance: Oppose → Support" in latest
    middle = page.locator("#v2").inner_text()
    assert "Claims added" in middle and "Certainty: Asserted → Reported" in middle
    assert "Claimant: the outlet → Kastran" in middle
    page.screenshot(path=str(ARTIFACTS / "annotation-history.png"), full_page=True)

    page.goto(f"{live_server.url}/projects/{project.id}/sources/{reviewed['kastran'].source_id}/")
    page.screenshot(path=str(ARTIFACTS / "source-annotation-counts.png"), full_page=True)
    page.click(f"#s{reviewed['kastran'].pk} a.annotation-count")
    page.wait_for_url(f"**/annotations/?sentence={reviewed['kastran'].pk}")
    assert page.locator(".annotation-table tbody tr").count() == 2
    assert page.errors == []


def test_an_annotator_is_refused_and_sees_no_counts(live_server, project, reviewed, browser):
    page = open_page(browser, live_server, "annotator")
    response = page.goto(f"{live_server.url}/projects/{project.id}/annotations/")
    assert response.status == 403
    page.goto(f"{live_server.url}/projects/{project.id}/sources/{reviewed['kastran'].source_id}/")
    assert page.locator(".annotation-count").count() == 0
    assert "Annotations" not in page.locator("nav.project-tabs").inner_text()
    assert page.errors == []
