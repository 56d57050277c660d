"""End to end in headless Chromium, the form at the speed of thought and never wrong by accident: bench/keystrokes.py
held to the issue's targets, type-ahead pickers, an unknown name kept and proposed, keys that set and never toggle,
spans by keyboard, a double-click that marks nothing, and a manager who only looks reserving nothing."""

import sys
import uuid
from pathlib import Path

import pytest

from claims.models import Actor, Annotation, QueueItem
from tests.e2e.test_annotate_in_browser import ARTIFACTS, current_sentence, open_form, press, submit_and_wait, team

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "bench"))
import keystrokes  # noqa: E402

pytestmark = pytest.mark.browser
__all__ = ["team"]  # the fixture, shared with the other form tests


@pytest.mark.django_db(transaction=True)
def test_a_fluent_annotator_needs_about_ten_keys_a_claim_and_stores_only_what_they_set(live_server, browser):
    project, username = keystrokes.prepare(tag=uuid.uuid4().hex[:8])
    figures = keystrokes.run(base_url=live_server.url, project=project, username=username,
                             password=f"pw-{username}", sentences=48, form="after", browser=browser)
    assert figures["sentences"] == 48 and figures["claims"] >= 40
    # The targets: about ten keys for a claim whose actors the sentence names, three for no claim.
    assert figures["named_claims"] >= 3 and figures["keys_per_named_claim"] <= 10 and figures["keys_no_claim"] <= 3
    assert figures["wrong"] == [] and figures["script_errors"] == []


@pytest.mark.django_db(transaction=True)
def test_type_ahead_an_unknown_name_kept_then_proposed_and_keys_that_set(live_server, project, team, browser):
    page = open_form(browser, live_server, project, "annotator")
    first = current_sentence(page)
    press(page, "w", "b")
    page.keyboard.type("Zorbia")
    press(page, "Escape")
    # Never emptied: the name stays, with a warning, and saving waits.
    assert page.input_value("[data-picker=subject]") == "Zorbia"
    assert "not an actor of this project" in page.inner_text("[data-hint=subject]")
    press(page, "t")
    page.keyboard.type("vel")  # a prefix: the list puts Veloria on top
    assert page.inner_text("[data-picker=target] ~ [data-options] .highlighted").startswith("1 Veloria")
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "annotate-type-ahead.png"), full_page=True)
    press(page, "Enter", "o", "o")  # a label key sets: twice is still oppose
    press(page, "Enter")
    assert "“Zorbia” (subject) is not an actor of this project" in page.inner_text("[data-field=errors]")
    assert not Annotation.objects.exists()
    press(page, "b", "Enter")  # the highlighted option for an unknown name: propose it
    page.wait_for_selector(".new-actor:not([hidden])")
    press(page, "Enter")
    page.wait_for_function("() => document.querySelector('[data-picker=subject]').value === 'Zorbia'"
                           " && !document.querySelector('[data-hint=subject]').classList.contains('hint-warn')")
    proposed = Actor.objects.get(name="Zorbia")
    assert (proposed.status, proposed.proposed_by.username) == ("proposed", "annotator")
    assert page.get_attribute("[data-stance=oppose]", "aria-pressed") == "true"
    submit_and_wait(page)
    (claim,) = Annotation.objects.get(sentence_id=first).claims.all()
    assert (claim.subject_id, claim.target.name, claim.stance) == (proposed.id, "Veloria", "oppose")
    assert page.errors == []


@pytest.mark.django_db(transaction=True)
def test_spans_by_keyboard_and_a_double_click_marks_nothing(live_server, project, team, browser):
    page = open_form(browser, live_server, project, "annotator")
    sentence = page.inner_text("[data-field=sentence]")
    words = sentence.rstrip(".").split()
    # A double-click puts the cursor on the word; it makes no claim.
    page.dblclick("[data-field=sentence] .seg >> nth=0")
    assert page.locator(".claim-card").count() == 0 and page.locator(".seg.word-cursor").count() == 1
    press(page, "Escape", "ArrowRight", "ArrowRight", "Shift+ArrowRight", "Space")
    assert page.inner_text(".claim-card .claim-text") == " ".join(words[1:3])
    press(page, "ArrowRight", "ArrowRight", "Shift+End", "Space")
    assert page.inner_text(".claim-card[data-index='1'] .claim-text") == " ".join(words[1:])
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "annotate-keyboard-spans.png"), full_page=True)
    assert page.errors == []


@pytest.mark.django_db(transaction=True)
def test_a_manager_who_only_looks_reserves_nothing_until_the_first_key(live_server, project, team, browser):
    page = open_form(browser, live_server, project, "manager")
    looked = current_sentence(page)
    assert "not reserved" in page.inner_text("[data-field=reserved]")
    assert all(not item.holders for item in QueueItem.objects.filter(project=project))
    press(page, "w")
    page.wait_for_function("() => document.querySelector('[data-field=reserved]').textContent"
                           ".includes('reserved for you until')")
    assert QueueItem.objects.get(sentence_id=looked).holders == [project.memberships.get(role="manager").user_id]
    assert page.locator(".claim-card").count() == 1  # the key that started also did what it says
