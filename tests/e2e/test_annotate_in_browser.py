"""End to end in headless Chromium: an annotator labels with the keyboard (and once with the mouse), reloads and
finds everything saved; a second annotator never sees the first's labels; nothing typed is lost to a network error;
untrusted text stays inert. The form's screenshot is written to TEST_ARTIFACTS (default var/test-artifacts/)."""

import os
from pathlib import Path

import pytest

from claims.actors.rematch import rematch_mentions
from claims.actors.service import save_actor
from claims.ingest.readers import RawArticle
from claims.ingest.service import import_articles
from claims.models import Annotation, User
from claims.projects import add_member, update_settings
from tests.e2e.conftest import log_in_as

ARTIFACTS = Path(os.environ.get("TEST_ARTIFACTS", Path(__file__).resolve().parents[2] / "var" / "test-artifacts"))
pytestmark = pytest.mark.browser

PAYLOAD = "<script>alert(1)</script><img src=x onerror=alert(2)>"
ARTICLE = (
    "Water talks stall in Dunmere\n\n"
    "Veloria said on Monday that it would fund the new dam in the Halvik valley. "
    "Kastran rejected the plan and accused Veloria of ignoring farmers downstream. "
    f"Bravik called the report {PAYLOAD} a fabrication. "
    "The Riverlands Cooperation Bloc called for talks between Veloria and Kastran. "
    "Officials in Dunmere declined to comment on the report. "
    "Kastran denied that it had sent troops to the border with Veloria. "
    "Veloria welcomed the decision of the Riverlands Cooperation Bloc.\n"
)
# (subject, target, stance key, certainty key, claimant typed or "e" for the outlet)
LABELS = [
    ("Veloria", "Kastran", "n", "1", "e"),
    ("Kastran", "Veloria", "o", "2", "Kastran"),
    ("Bravik", "Veloria", "o", "2", "Maria Ostrova"),
    ("Riverlands Cooperation Bloc", "Kastran", "n", "1", "e"),
    ("Dunmere", "Kastran", "s", "3", "e"),
]
STANCE = {"s": "support", "o": "oppose", "n": "neutral"}
ALIAS = {"Dunmere": "Veloria", "Bravik": "Kastran"}
CERTAINTY = {"1": "asserted", "2": "reported", "3": "hedged"}


@pytest.fixture
def team(project, annotator):
    update_settings(project=project, changed_by=None, guidelines=f"Mark claims. {PAYLOAD} [x](javascript:alert(3))")
    import_articles(project=project, articles=[RawArticle(text=ARTICLE, origin="t.txt", title="Water talks",
                                                          outlet="Northwind <b>Wire</b>")])
    save_actor(project=project, name="Veloria", kind="state", aliases=["Dunmere"])
    save_actor(project=project, name="Kastran", kind="state", aliases=["Bravik"])
    save_actor(project=project, name="Riverlands Cooperation Bloc", kind="organisation")
    save_actor(project=project, name=f"Front {PAYLOAD}", kind="armed_group", aliases=["javascript:alert(4)"])
    rematch_mentions(project=project)  # what the re-match job would do, here without a worker
    second = User.objects.create_user(username="annotator2", password="pw-annotator2")
    add_member(project=project, user=second, role="annotator")
    return annotator, second


def open_form(browser, live_server, project, username: str):
    """A fresh browser context, logged in, on the annotation form; page.errors collects script errors and alerts."""
    page = browser.new_context(viewport={"width": 1366, "height": 1000}).new_page()
    errors = []
    page.on("dialog", lambda dialog: (errors.append(f"a script ran: {dialog.message}"), dialog.dismiss()))
    page.on("pageerror", lambda error: errors.append(str(error)))
    log_in_as(page, live_server, username)
    page.goto(f"{live_server.url}/projects/{project.id}/annotate/")
    page.wait_for_selector("#annotate[data-state=ready]")
    page.errors = errors
    return page


def current_sentence(page) -> int:
    return int(page.get_attribute("#annotate", "data-sentence"))


def press(page, *keys: str):
    for key in keys:
        page.keyboard.press(key)


def pick(page, key: str, name: str):
    press(page, key)
    page.keyboard.type(name)
    press(page, "Enter")


def submit_and_wait(page) -> int:
    before = current_sentence(page)
    press(page, "Enter")
    page.wait_for_function(
        "id => ['ready', 'done'].includes(document.getElementById('annotate').dataset.state)"
        " && document.getElementById('annotate').dataset.sentence !== String(id)", arg=before)
    return before


def select_words(page, words: str):
    """Drag the mouse across the words in the sentence being annotated."""
    box = page.evaluate(
        """words => {
            const root = document.querySelector('[data-field=sentence]');
            const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
            let text = '', nodes = [];
            while (walker.nextNode()) {
                nodes.push([walker.currentNode, text.length]);
                text += walker.currentNode.data;
            }
            const at = text.indexOf(words);
            const point = (offset) => {
                for (let i = nodes.length - 1; i >= 0; i--) {
                    if (nodes[i][1] <= offset) return [nodes[i][0], offset - nodes[i][1]];
                }
            };
            const range = document.createRange();
            range.setStart(...point(at));
            range.setEnd(...point(at + words.length));
            const rects = range.getClientRects();
            const first = rects[0], last = rects[rects.length - 1];
            return {x1: first.left + 1, y1: first.top + first.height / 2,
                    x2: last.right - 1, y2: last.top + last.height / 2};
        }""",
        words,
    )
    page.mouse.move(box["x1"], box["y1"])
    page.mouse.down()
    page.mouse.move(box["x2"], box["y2"], steps=5)
    page.mouse.up()


@pytest.mark.django_db(transaction=True)
def test_keyboard_labelling_reload_and_blind(live_server, project, team, browser):
    first, second = team
    page = open_form(browser, live_server, project, "annotator")
    # Article text, outlet, actor names and guidelines are shown as text, never run.
    assert PAYLOAD in page.locator("[data-field=after]").inner_text()
    assert page.locator("[data-field=source-outlet]").inner_text() == "Northwind <b>Wire</b>"
    assert PAYLOAD in page.locator("#guidelines").inner_text()
    assert page.locator("#guidelines a[href^=javascript], #annotate img, #annotate b").count() == 0
    # The actors the sentence names are highlighted.
    mention = page.locator("[data-field=sentence] .seg.actor-state")
    assert mention.count() == 1 and mention.inner_text() == "Veloria" and mention.get_attribute("title") == "Veloria"
    done = []
    for number, (subject, target, stance, certainty, claimant) in enumerate(LABELS):
        if number == 2:
            select_words(page, "called the report")
            assert page.locator(".claim-card").count() == 1
        else:
            press(page, "w")
        pick(page, "b", subject)
        pick(page, "t", target)
        press(page, stance, certainty)
        if claimant == "e":
            press(page, "e")
        else:
            pick(page, "c", claimant)
        if number == 2:
            press(page, "m")
            page.keyboard.type(f"odd quote {PAYLOAD}")
            press(page, "Escape")
            ARTIFACTS.mkdir(parents=True, exist_ok=True)
            page.screenshot(path=str(ARTIFACTS / "annotate-form.png"), full_page=True)
        done.append(submit_and_wait(page))

    page.reload()
    page.wait_for_selector("#annotate[data-state=ready]")
    assert current_sentence(page) not in done
    saved = {a.sentence_id: a for a in Annotation.objects.filter(annotator=first).prefetch_related("claims")}
    assert sorted(saved) == sorted(done)
    for sentence_id, (subject, target, stance, certainty, claimant) in zip(done, LABELS, strict=True):
        (claim,) = saved[sentence_id].claims.all()
        assert (claim.subject.name, claim.target.name) == (ALIAS.get(subject, subject), ALIAS.get(target, target))
        assert (claim.stance, claim.certainty) == (STANCE[stance], CERTAINTY[certainty])
        assert claim.claimant_is_outlet == (claimant == "e")
        assert claim.claimant_name == ("Maria Ostrova" if claimant == "Maria Ostrova" else "")
        assert saved[sentence_id].seconds_spent >= 0
    mouse_claim = saved[done[2]].claims.get()
    assert mouse_claim.text == "called the report"
    assert saved[done[2]].comment == f"odd quote {PAYLOAD}"

    # My work lists the five, and the one marked with the mouse opens with its labels.
    page.goto(f"{live_server.url}/projects/{project.id}/my-work/")
    assert page.locator("table.my-work tbody tr").count() == 5
    assert f"odd quote {PAYLOAD}" in page.locator("table.my-work").inner_text()
    page.goto(f"{live_server.url}/projects/{project.id}/annotations/{saved[done[2]].id}/")
    page.wait_for_selector("#annotate[data-state=ready]")
    assert page.locator(".claim-card .claim-text").inner_text() == "called the report"
    assert page.input_value("[data-picker=claimant]") == "Maria Ostrova"
    assert page.get_attribute("[data-stance=oppose]", "aria-pressed") == "true"
    assert page.errors == []

    # The second annotator, in a browser of their own, gets the same sentences blind.
    other = open_form(browser, live_server, project, "annotator2")
    assert current_sentence(other) == done[0]
    assert other.locator(".claim-card").count() == 0
    assert other.evaluate("() => JSON.stringify(localStorage)") == "{}"
    listed = other.evaluate(
        f"() => fetch('/api/projects/{project.id}/annotations/?sentence={done[0]}').then(r => r.json())")
    rows = listed["results"] if isinstance(listed, dict) else listed
    assert rows == []
    assert other.goto(f"{live_server.url}/projects/{project.id}/annotations/{saved[done[0]].id}/").status == 404
    other.goto(f"{live_server.url}/projects/{project.id}/my-work/")
    assert "You have not annotated anything" in other.content()
    assert other.errors == []


@pytest.mark.django_db(transaction=True)
def test_nothing_is_lost_to_a_reload_or_a_network_error(live_server, project, team, browser):
    first, _ = team
    page = open_form(browser, live_server, project, "annotator")
    sentence = current_sentence(page)
    press(page, "w")
    pick(page, "b", "Veloria")
    pick(page, "t", "Kastran")
    press(page, "s")
    page.reload()
    page.wait_for_selector("#annotate[data-state=ready]")
    # The queue gives back the reserved sentence and the form its unsent draft.
    assert current_sentence(page) == sentence
    assert "Restored the work you had not sent yet." in page.locator("[data-field=status]").inner_text()
    assert page.input_value("[data-picker=target]") == "Kastran"

    # The server cannot be reached: the form says so, keeps the work and sends it when it can.
    page.route("**/annotations/", lambda route: route.abort())
    press(page, "Enter")
    page.wait_for_selector("[data-field=status].status-error")
    assert "Not saved yet" in page.locator("[data-field=status]").inner_text()
    assert not Annotation.objects.filter(annotator=first).exists()
    page.reload()  # even across a reload, the outbox is kept and retried
    page.unroute("**/annotations/")
    page.wait_for_function(
        "id => { const root = document.getElementById('annotate');"
        " return root.dataset.state === 'ready' && root.dataset.sentence && root.dataset.sentence !== String(id); }",
        arg=sentence, timeout=30_000)
    claim = Annotation.objects.get(annotator=first, sentence_id=sentence).claims.get()
    assert (claim.subject.name, claim.target.name, claim.stance) == ("Veloria", "Kastran", "support")
