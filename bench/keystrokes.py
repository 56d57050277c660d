"""Keystrokes per claim on the annotation form (run by hand): a fluent annotator, keyboard only, in Chromium.

An annotator labels the first sentences the queue gives them from the labelled fixture
(tests/suggest/fixtures: invented news, gold claims with span, subject, target, claimant, stance
and certainty), pressing what a fluent person would: "x" for no claim, "y" where the pre-filled
suggestion is the gold (every fourth sentence with claims gets a live suggestion equal to its
gold), otherwise, per claim, the span ("w" for the whole sentence, else the word cursor: arrows,
Shift to extend, Space), the pickers (the fewest letters that put the actor on top of the list,
or its digit), the stance and certainty keys when they differ from what the form shows, then
Enter. It prints keys per claim and per sentence, seconds per sentence, and every stored claim
that differs from the gold (a field the annotator did not set):

    python bench/keystrokes.py                    # 48 sentences, this form
    python bench/keystrokes.py --form before      # as one had to on the datalist form (names in full,
                                                  # no keyboard spans): run it on a checkout of that form

Debian's Chromium (/usr/bin/chromium) through Playwright, headless. It creates a throw-away project
in the configured database and deletes it at the end. tests/e2e/test_form_keys_in_browser.py runs it
in the test database and holds it to the issue's targets.
"""

import argparse
import os
import re
import statistics
import sys
import time
import uuid
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "annotate.settings")

CHROMIUM = "/usr/bin/chromium"
ARTIFACTS = Path(os.environ.get("TEST_ARTIFACTS", Path(__file__).resolve().parent.parent / "var" / "test-artifacts"))
# Words as the form's word cursor reads them (static/js/annotate/selection.js).
WORD = re.compile(r"[^\W_]+(?:['’\-][^\W_]+)*")
EDGE = " \t\n.,;:!?\"“”'’()"


class Keyboard:
    """The page's keyboard, counting every key pressed (a typed letter is one key)."""

    def __init__(self, page):
        self.page, self.count = page, 0

    def press(self, *keys: str) -> None:
        for key in keys:
            self.page.keyboard.press(key)
            self.count += 1

    def type(self, text: str) -> None:
        for char in text:
            self.page.keyboard.type(char)
            self.count += 1


def highlighted(page) -> dict:
    return page.evaluate("""() => {
        const item = document.activeElement && document.activeElement.parentElement
            && document.activeElement.parentElement.querySelector('[data-options] .highlighted');
        const all = document.activeElement && document.activeElement.parentElement
            ? Array.from(document.activeElement.parentElement.querySelectorAll('[data-options] li')) : [];
        return {kind: item ? item.dataset.kind : null, actor: item ? Number(item.dataset.actor) : null,
                shown: all.map(li => [li.dataset.kind, Number(li.dataset.actor)]),
                value: document.activeElement ? document.activeElement.value : ''};
    }""")


def pick_after(keys: Keyboard, key: str, want: tuple[str, int | str]) -> None:
    """A fluent annotator with type-ahead: the digit or Enter when it is listed, else letters until it is on top."""
    kind, what = want
    keys.press(key)
    name = what if kind == "person" else ACTOR_NAMES[what]
    typed = 0
    while True:
        state = highlighted(keys.page)
        target = [kind, what if kind == "actor" else 0]
        if (state["kind"], state["actor"] or 0) == tuple(target) or (kind == "person" and state["kind"] == "person"
                                                                    and typed >= len(name)):
            keys.press("Enter")
            return
        shown = [[k, a or 0] for k, a in state["shown"]]
        if not state["value"] and target in shown[:9] and kind == "actor":
            keys.press(str(shown.index(target) + 1))
            return
        if typed < len(name):
            keys.type(name[typed])
            typed += 1
            continue
        # The whole name typed and still not on top: down to it.
        keys.press("ArrowDown")


def pick_before(keys: Keyboard, key: str, want: tuple[str, int | str]) -> None:
    """The datalist form: the name typed in full (↓ then Enter left the prefix in Chromium), then Enter."""
    kind, what = want
    keys.press(key)
    keys.type(what if kind == "person" else ACTOR_NAMES[what])
    keys.press("Enter")


ACTOR_NAMES: dict[int, str] = {}


def span_keys(keys: Keyboard, sentence_text: str, claim_text: str, form: str) -> None:
    if claim_text.strip(EDGE) == sentence_text.strip(EDGE) or form == "before":
        keys.press("w")  # the whole sentence (the datalist form had no other way by keyboard)
        return
    words = [(m.start(), m.end()) for m in WORD.finditer(sentence_text)]
    at = sentence_text.index(claim_text)
    first = next(n for n, (s, e) in enumerate(words) if e > at)
    last = max(n for n, (s, e) in enumerate(words) if s < at + len(claim_text))
    end = len(words) - 1
    if first + 1 <= end - first + 1:
        keys.press(*["ArrowRight"] * (first + 1))
    else:
        keys.press("End", *["ArrowLeft"] * (end - first))
    if last == end:
        keys.press("Shift+End")
    else:
        keys.press(*["Shift+ArrowRight"] * (last - first))
    keys.press("Space")


def label_sentence(page, keys: Keyboard, sentence_text: str, gold: list[dict], suggested: bool, form: str,
                   actors: dict, label_keys: dict) -> list[int]:
    """Label one sentence; returns the keys each claim cost (the sentence's own keys when it has none)."""
    pick = pick_after if form == "after" else pick_before
    if not gold:
        keys.press("x")
        return []
    if suggested and page.locator(".claim-card").count() == len(gold):
        keys.press("y")
        return [1] * len(gold)
    costs = []
    for number, claim in enumerate(gold):
        before = keys.count
        span_keys(keys, sentence_text, claim["text"], form)
        page.wait_for_selector(f'.claim-card[data-index="{number}"]')
        if claim["subject"]:
            pick(keys, "b", ("actor", actors[claim["subject"]]))
        if claim["target"]:
            pick(keys, "t", ("actor", actors[claim["target"]]))
        if claim["stance"]:
            keys.press(label_keys["stance", claim["stance"]])
        shown = page.get_attribute(f'.claim-card[data-index="{number}"] [aria-pressed=true][data-certainty]',
                                   "data-certainty")
        if claim["certainty"] != shown:
            keys.press(label_keys["certainty", claim["certainty"]])
        if claim["claimant_is_outlet"]:
            keys.press("e")
        elif claim["claimant"] in actors:
            pick(keys, "c", ("actor", actors[claim["claimant"]]))
        elif claim["claimant"]:
            pick(keys, "c", ("person", claim["claimant"]))
        costs.append(keys.count - before)
    return costs


def differences(stored, gold: list[dict], actors: dict) -> list[str]:
    """What the stored claims say that the gold does not (spans compared without edge punctuation; two claims
    on one span are paired with the stored claims that match them best)."""
    found = []
    key = lambda text: text.strip(EDGE)  # noqa: E731
    pool = list(stored)
    for claim in gold:
        want = {"subject_id": actors.get(claim["subject"]), "target_id": actors.get(claim["target"]),
                "stance": claim["stance"], "certainty": claim["certainty"],
                "claimant_is_outlet": claim["claimant_is_outlet"],
                "claimant_id": actors.get(claim["claimant"]) if claim["claimant"] in actors else None,
                "claimant_name": claim["claimant"] if claim["claimant"] and claim["claimant"] not in actors else ""}
        same_span = [c for c in pool if key(c.text) == key(claim["text"])]
        if not same_span:
            found.append(f"span {claim['text'][:40]!r} not stored as marked")
            continue
        got = max(same_span, key=lambda c: sum(getattr(c, name) == value for name, value in want.items()))
        pool.remove(got)
        found += [f"{name} {getattr(got, name)!r} != {value!r}" for name, value in want.items()
                  if getattr(got, name) != value]
    if len(stored) != len(gold):
        found.append(f"{len(stored)} claims stored, {len(gold)} in the gold")
    return found


def _names_only(claim: dict, actors: dict) -> set:
    """The actors a claim names; a claimant who is no actor (a person typed by name) counts as not named."""
    names = [claim["subject"], claim["target"], claim["claimant"]]
    return {actors.get(name, -1) for name in names if name}


def run(*, base_url: str, project, username: str, password: str, sentences: int, form: str, browser) -> dict:
    """Label `sentences` sentences of the project (loaded with the fixture) as `username`; the figures as a dict."""
    from claims.models import Actor, ActorMention, Annotation, Sentence
    from tests.suggest.fixture import fixture_items

    gold = {item.text: item.claims for item in fixture_items()}
    actors = {a.name: a.id for a in Actor.objects.filter(project=project)}
    ACTOR_NAMES.update({v: k for k, v in actors.items()})
    suggested = set(Sentence.objects.filter(project=project, suggestions__isnull=False).values_list("id", flat=True))
    page = browser.new_context(viewport={"width": 1366, "height": 1000}).new_page()
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.goto(f"{base_url}/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", password)
    page.click("button[type=submit]")
    page.wait_for_url(f"{base_url}/")
    page.goto(f"{base_url}/projects/{project.id}/annotate/")
    page.wait_for_selector("#annotate[data-state=ready]")
    config = page.evaluate("() => JSON.parse(document.getElementById('annotate-config').textContent)")
    label_keys = {(v["group"], v["value"]): k for k, v in config["scheme"]["keys"].items()}
    keys = Keyboard(page)
    costs_seen = []
    per_claim, per_named_claim, no_claim, accepted, per_sentence, seconds, done = [], [], [], [], [], [], []
    for _ in range(sentences):
        if page.get_attribute("#annotate", "data-state") == "done":
            break
        sentence_id = int(page.get_attribute("#annotate", "data-sentence"))
        text = Sentence.objects.get(pk=sentence_id).text
        claims = gold[text]
        started, before = time.perf_counter(), keys.count
        costs = label_sentence(page, keys, text, claims, sentence_id in suggested, form, actors, label_keys)
        if claims and costs != [1] * len(claims):
            keys.press("Enter")  # "x" and "y" submit by themselves
        try:
            page.wait_for_function(
                "id => ['ready', 'done'].includes(document.getElementById('annotate').dataset.state)"
                " && document.getElementById('annotate').dataset.sentence !== String(id)", arg=sentence_id,
                timeout=10_000)
        except Exception:
            ARTIFACTS.mkdir(parents=True, exist_ok=True)
            page.screenshot(path=str(ARTIFACTS / "keystrokes-stuck.png"), full_page=True)
            raise RuntimeError(f"sentence {sentence_id} ({text!r}) was not saved; the form says: "
                               f"{page.inner_text('[data-field=errors]')!r} {page.inner_text('[data-field=status]')!r}"
                               f" (screenshot in {ARTIFACTS})") from None
        spent = keys.count - before
        seconds.append(time.perf_counter() - started)
        per_sentence.append(spent)
        done.append((sentence_id, claims))
        if not claims:
            no_claim.append(spent)
        elif costs == [1] * len(claims):
            accepted.append(spent)
        else:
            # The sentence's Enter shared among its claims.
            per_claim += [cost + 1 / len(claims) for cost in costs]
            named = set(ActorMention.objects.filter(sentence_id=sentence_id).values_list("actor_id", flat=True))
            costs_seen += [f"{cost + 1 / len(claims):5.1f} keys  {claim['text'][:60]!r} "
                           f"({claim['subject']} → {claim['target']}, claimant {claim['claimant'] or 'outlet'})"
                           for cost, claim in zip(costs, claims, strict=True)]
            per_named_claim += [cost + 1 / len(claims) for cost, claim in zip(costs, claims, strict=True)
                                if _names_only(claim, actors) <= named]
    wrong = []
    for sentence_id, claims in done:
        annotation = Annotation.objects.filter(sentence_id=sentence_id).prefetch_related("claims").get()
        wrong += [f"sentence {sentence_id}: {problem}" for problem in differences(list(annotation.claims.all()),
                                                                                 claims, actors)]
    return {"form": form, "sentences": len(done), "claims": sum(len(c) for _, c in done), "keys": keys.count,
            "keys_per_claim": statistics.median(per_claim) if per_claim else None,
            "keys_per_claim_mean": statistics.mean(per_claim) if per_claim else None,
            "keys_per_named_claim": statistics.median(per_named_claim) if per_named_claim else None,
            "named_claims": len(per_named_claim),
            "keys_per_sentence": statistics.mean(per_sentence) if per_sentence else None,
            "keys_no_claim": statistics.median(no_claim) if no_claim else None,
            "keys_accepted": statistics.median(accepted) if accepted else None,
            "seconds_per_sentence": statistics.mean(seconds) if seconds else None,
            "wrong": wrong, "script_errors": errors, "costs": costs_seen}


def prepare(*, tag: str, with_suggestions: bool = True):
    """A throw-away project with the fixture loaded, an annotator (password pw-NAME) and, for every fourth
    sentence with claims, a live suggestion equal to its gold. Returns (project, username)."""
    from claims.models import Actor, ModelVersion, Role, Sentence, Suggestion, User
    from claims.projects import add_member, create_project
    from tests.suggest.fixture import fixture_items, load_fixture

    project = create_project(name=f"bench keystrokes {tag}", slug=f"bench-keystrokes-{tag}")
    username = f"bench-keys-{tag}"
    annotator = User.objects.create_user(username, password=f"pw-{username}")
    add_member(project=project, user=annotator, role=Role.ANNOTATOR)
    load_fixture(project=project)
    if with_suggestions:
        actors = {a.name: a.id for a in Actor.objects.filter(project=project)}
        version = ModelVersion.objects.create(project=project, base_model="bench", status="live")
        sentences = {s.text: s for s in Sentence.objects.filter(project=project, kind="body")}
        with_claims = [item for item in fixture_items() if item.claims]
        for item in with_claims[::4]:
            sentence = sentences[item.text]
            candidates = []
            for claim in item.claims:
                start = sentence.start + item.text.index(claim["text"])
                candidates.append({"start": start, "end": start + len(claim["text"]),
                                   "subject": actors.get(claim["subject"]), "target": actors.get(claim["target"]),
                                   "claimant": actors.get(claim["claimant"]),
                                   "claimant_is_outlet": claim["claimant_is_outlet"], "stance": claim["stance"],
                                   "certainty": claim["certainty"], "score": 0.9})
            # Only a claimant the form can pre-fill (an actor or the outlet) makes a suggestion equal to the gold.
            if all(c["claimant"] in actors or c["claimant_is_outlet"] for c in item.claims):
                Suggestion.objects.create(sentence=sentence, model_version=version, has_claim=0.95,
                                          claims=candidates, label="")
    return project, username


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sentences", type=int, default=48)
    parser.add_argument("--form", choices=("after", "before"), default="after",
                        help="before: type names in full and take whole sentences (the datalist form)")
    parser.add_argument("--show", action="store_true", help="list every stored claim that differs from the gold")
    args = parser.parse_args()

    import django

    django.setup()
    from django.conf import settings
    from django.contrib.staticfiles.handlers import StaticFilesHandler
    from django.test.testcases import LiveServerThread
    from playwright.sync_api import sync_playwright

    settings.ALLOWED_HOSTS = ["127.0.0.1", "localhost"]
    tag = uuid.uuid4().hex[:8]
    project, username = prepare(tag=tag)
    server = LiveServerThread("127.0.0.1", StaticFilesHandler, port=0)
    server.daemon = True
    server.start()
    server.is_ready.wait()
    if server.error:
        raise server.error
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"  # Playwright's loop on this thread; the ORM stays sync
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM,
                                                 args=["--headless", "--no-sandbox", "--disable-gpu"])
            figures = run(base_url=f"http://127.0.0.1:{server.port}", project=project, username=username,
                          password=f"pw-{username}", sentences=args.sentences, form=args.form, browser=browser)
            browser.close()
    finally:
        server.terminate()
        from claims.models import User

        project.delete()
        User.objects.filter(username=username).delete()
    print_figures(figures, show=args.show)


def print_figures(f: dict, *, show: bool = False) -> None:
    def number(value, digits=1):
        return "-" if value is None else f"{value:.{digits}f}"

    print(f"form: {f['form']}; {f['sentences']} sentences, {f['claims']} gold claims, {f['keys']} keys")
    print(f"keys per claim: median {number(f['keys_per_claim'])}, mean {number(f['keys_per_claim_mean'])}; "
          f"the {f['named_claims']} whose actors the sentence names: median {number(f['keys_per_named_claim'])}")
    print(f"keys per sentence: mean {number(f['keys_per_sentence'])}; no claim: median "
          f"{number(f['keys_no_claim'])}; accepted suggestion: median {number(f['keys_accepted'])}")
    print(f"seconds per sentence (the script's own pace, not a person's): {number(f['seconds_per_sentence'], 2)}")
    print(f"stored fields that differ from the gold: {len(f['wrong'])}; script errors: {len(f['script_errors'])}")
    if show:
        for line in f["costs"] + f["wrong"] + f["script_errors"]:
            print("  " + line)


if __name__ == "__main__":
    main()
