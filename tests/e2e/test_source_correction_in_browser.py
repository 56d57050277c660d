"""End to end in headless Chromium: an editor fixes a misread page with the source page's own tools."""

import pytest

from claims.ingest.readers import RawArticle
from claims.ingest.service import import_articles
from claims.models import Source

pytestmark = pytest.mark.browser

ARTICLE = (
    "Editor in Chief: Jane Roe Monday, March 4th, 2024\n\n"
    "Veloria and Kastran agree to talks\n\n"
    "Veloria said on Monday that it would join talks with Kastran. Kastran welcomed the offer.\n"
)


@pytest.mark.django_db(transaction=True)
def test_editor_fixes_kinds_splits_and_reveals_furniture(live_server, project, editor, logged_in):
    import_articles(project=project, articles=[RawArticle(text=ARTICLE, origin="masthead.txt")])
    source = Source.objects.get(project=project)
    page = logged_in("editor")

    page.goto(f"{live_server.url}/projects/{project.id}/sources/{source.id}/")
    with page.expect_navigation():
        page.click("text=Correct this source")
    rows = page.locator("tr.segment")
    assert rows.first.locator(".kind-submit").is_hidden()  # the menu saves by itself
    # One pick per segment: the masthead is furniture, the headline below it the title.
    with page.expect_navigation():
        rows.nth(0).locator("select").select_option("furniture")
    with page.expect_navigation():
        page.locator("tr.segment").nth(1).locator("select").select_option("title")
    assert [s.kind for s in source.sentences.order_by("index")][:2] == ["furniture", "title"]
    source.refresh_from_db()
    assert source.title == "Veloria and Kastran agree to talks"

    # A click in the text chooses where to split.
    body = page.locator("tr.segment").nth(2)
    page.evaluate(
        """(cell) => { const node = cell.firstChild; const range = document.createRange();
           range.setStart(node, node.data.indexOf("that")); range.collapse(true);
           getSelection().removeAllRanges(); getSelection().addRange(range);
           cell.dispatchEvent(new MouseEvent("click", {bubbles: true})); }""",
        body.locator(".segment-text").element_handle(),
    )
    assert body.locator(".split-preview").inner_text() == "new sentence starts: that it would join talks…"
    with page.expect_navigation():
        body.locator("button:has-text('Split')").click()
    assert source.sentences.get(index=2).text == "Veloria said on Monday"
    assert page.locator(".history li", has_text="split “Veloria said on Monday”").count() == 1

    with page.expect_navigation():
        page.click("text=Back to reading")
    masthead = page.locator(".sentence.kind-furniture")
    assert masthead.is_hidden()
    page.click("label[for=show-furniture]")
    assert masthead.is_visible() and "Editor in Chief" in masthead.inner_text()
