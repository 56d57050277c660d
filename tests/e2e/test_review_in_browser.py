"""End to end in headless Chromium: an editor settles a disagreement from the Review tab, then opens the
conflicts between sources side by side and the other review pages; no script error, no payload runs. The
pages' screenshots are written to TEST_ARTIFACTS (default var/test-artifacts/)."""

import os
from pathlib import Path

import pytest

from claims.annotation.saving import AnnotationInput, ClaimInput, create_annotation
from claims.ingest.readers import RawArticle
from claims.ingest.service import import_articles
from claims.models import Actor, Adjudication, Proposition, Sentence
from claims.projects import add_member
from claims.review.proposing import propose
from claims.review.propositions import update_proposition
from tests.conftest import make_user
from tests.e2e.conftest import log_in_as
from tests.review.test_conflicts import corpus  # noqa: F401 - the fixture: three sources, two conflicts, one agreement

ARTIFACTS = Path(os.environ.get("TEST_ARTIFACTS", Path(__file__).resolve().parents[2] / "var" / "test-artifacts"))
pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PAYLOAD = "<script>alert(1)</script><img src=x onerror=alert(2)>"


@pytest.fixture
def review(corpus, editor, annotator):  # noqa: F811
    """The conflict corpus with its propositions accepted, and one new sentence two annotators disagree on."""
    propose(project=corpus)
    for proposition in Proposition.objects.filter(project=corpus):
        update_proposition(project=corpus, editor=editor, proposition_id=proposition.pk, status="accepted")
    import_articles(project=corpus, articles=[RawArticle(text="Aid\n\nRussia keeps supplying the Taliban with fuel.",
                                                         origin="aid.txt", title="Aid", outlet="Post")])
    sentence = Sentence.objects.get(project=corpus, text__startswith="Russia keeps")
    second = make_user("second")
    add_member(project=corpus, user=second, role="annotator")
    russia, taliban = (Actor.objects.get(project=corpus, name=n).pk for n in ("Russia", "Taliban"))
    for who, stance, comment in ((annotator, "neutral", ""), (second, "support", f"clearly {PAYLOAD}")):
        create_annotation(project=corpus, annotator=who, sentence_id=sentence.pk, data=AnnotationInput(
            claims=(ClaimInput(start=sentence.start, end=sentence.end, subject=russia, target=taliban,
                               stance=stance),), comment=comment))
    return sentence


def test_an_editor_adjudicates_a_disagreement_and_opens_a_conflict(live_server, corpus, review, browser):  # noqa: F811
    page = browser.new_context(viewport={"width": 1366, "height": 900}).new_page()
    errors = []
    page.on("dialog", lambda dialog: (errors.append(f"a script ran: {dialog.message}"), dialog.dismiss()))
    page.on("pageerror", lambda error: errors.append(str(error)))
    log_in_as(page, live_server, "editor")
    ARTIFACTS.mkdir(parents=True, exist_ok=True)

    page.goto(f"{live_server.url}/projects/{corpus.id}/")
    page.click("nav.project-tabs >> text=Review")
    assert page.locator(".data-table caption").inner_text() == "1 sentence to decide"
    page.screenshot(path=str(ARTIFACTS / "review-queue.png"), full_page=True)
    page.click("a.button:has-text('Decide')")
    page.wait_for_selector(".side-by-side")
    assert page.locator(".side").count() == 2
    assert "clearly <script>" in page.locator(".side").nth(1).inner_text()  # shown as text, not run
    page.fill("#id_note", "supplying fuel is support")
    page.screenshot(path=str(ARTIFACTS / "review-sentence.png"), full_page=True)
    page.click("button:has-text('Use second’s version')")
    page.wait_for_selector(".message-success")
    assert "Gold saved" in page.locator(".messages").inner_text()
    assert "No open disagreement" in page.content()
    gold = Adjudication.objects.get(sentence=review)
    assert (gold.resolution, gold.editor.username, gold.note) == ("adjudicated", "editor", "supplying fuel is support")
    assert [c.stance for c in gold.claims.all()] == ["support"]

    page.click("nav.review-tabs >> text=Conflicts")
    page.wait_for_selector(".conflict")
    year = page.locator(".conflict", has_text="Year")
    sides = year.locator(".side")
    assert sides.count() == 2
    marked = sorted(sides.nth(n).locator("mark.claim-mark").inner_text() for n in range(2))
    assert marked == ["Russia began supplying weapons to the Taliban in 2015.",
                      "Russia started arming the Taliban in 2017."]
    page.screenshot(path=str(ARTIFACTS / "review-conflicts.png"), full_page=True)

    for tab, name in (("Agreement", "agreement"), ("Propositions", "propositions"), ("Stance map", "stance-map"),
                      ("Outlet record", "outlets")):
        page.click(f'nav.review-tabs >> text="{tab}"')
        page.wait_for_url(f"**/review/{name}/")
        page.screenshot(path=str(ARTIFACTS / f"review-{name}.png"), full_page=True)
        if name == "stance-map":
            assert page.locator("svg.network path").count() >= 2
    assert errors == []
