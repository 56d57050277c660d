"""Many annotators at once on PostgreSQL: real threads, each with its own connection, through the API.

6 annotators × 2 threads (two browser tabs each) loop next → submit over 50 sentences with overlap 2.
Both tabs of one annotator are given the same reserved sentence and submit the same content for it
(a form's retry is exactly this): the second submit answers 200 with the stored annotation, so no
request fails.
"""

import threading
from collections import Counter
from datetime import timedelta

import pytest
from django.db import connections
from django.utils import timezone
from rest_framework.test import APIClient

from claims.ingest.readers import RawArticle
from claims.ingest.service import import_articles
from claims.models import Annotation, QueueItem, Role, Sentence
from claims.projects import add_member
from tests.conftest import make_user

pytestmark = pytest.mark.django_db(transaction=True)

ANNOTATORS, THREADS_EACH, ARTICLES, SENTENCES_EACH = 6, 2, 5, 10


@pytest.fixture
def fifty(project):
    """Fifty body sentences in five articles."""
    articles = [
        RawArticle(text=f"Report {a}\n\n" + " ".join(f"Veloria said on day {a}-{n} that the talks went on."
                                                      for n in range(SENTENCES_EACH)), origin=f"{a}.txt")
        for a in range(ARTICLES)
    ]
    import_articles(project=project, articles=articles)
    body = list(Sentence.objects.filter(project=project, kind="body").order_by("source_id", "index"))
    assert len(body) == ARTICLES * SENTENCES_EACH
    return body


def annotator_loop(user, url: str, outcomes: list, errors: list, barrier: threading.Barrier) -> None:
    """One tab: ask for the next sentence and submit it, until the queue answers 204."""
    api = APIClient()
    api.force_authenticate(user)
    try:
        barrier.wait()
        for _ in range(200):
            given = api.get(f"{url}next/")
            outcomes.append(("next", user.pk, given.status_code, None))
            if given.status_code != 200:
                break
            sentence = given.json()["sentence"]["id"]
            # The content follows from the sentence, so that both tabs of one annotator send the same.
            body = {"sentence": sentence, "claims": [], "comment": f"no claim in {sentence}"}
            saved = api.post(f"{url}annotations/", body, format="json")
            outcomes.append(("submit", user.pk, saved.status_code, sentence))
    except Exception as error:  # noqa: BLE001 - reported by the test
        errors.append(repr(error))
    finally:
        connections.close_all()


def run_team(users, url: str) -> tuple[list, list]:
    outcomes, errors = [], []
    barrier = threading.Barrier(len(users) * THREADS_EACH)
    threads = [threading.Thread(target=annotator_loop, args=(user, url, outcomes, errors, barrier))
               for user in users for _ in range(THREADS_EACH)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert not any(thread.is_alive() for thread in threads)
    return outcomes, errors


def test_concurrent_annotators_fill_every_sentence_exactly_k_times(project, fifty):
    users = [make_user(f"t{n}") for n in range(ANNOTATORS)]
    for user in users:
        add_member(project=project, user=user, role=Role.ANNOTATOR)
    # One reservation abandoned and expired before the rush, one abandoned and still live.
    expired_holder, live_holder = make_user("gone"), make_user("away")
    for user in (expired_holder, live_holder):
        add_member(project=project, user=user, role=Role.ANNOTATOR)
    api = APIClient()
    url = f"/api/projects/{project.pk}/"
    api.force_authenticate(expired_holder)
    expired = api.get(f"{url}next/").json()["sentence"]["id"]
    QueueItem.objects.filter(sentence_id=expired).update(held_until=[timezone.now() - timedelta(seconds=1)])
    api.force_authenticate(live_holder)
    api.post(f"{url}skip/", {"sentence": api.get(f"{url}next/").json()["sentence"]["id"]}, format="json")
    held = api.get(f"{url}next/").json()["sentence"]["id"]
    assert held != expired

    outcomes, errors = run_team(users, url)

    assert errors == []
    statuses = Counter((kind, status) for kind, _, status, _ in outcomes)
    # No request fails: a 200 answers the tab whose twin stored the same annotation first.
    assert set(statuses) <= {("next", 200), ("next", 204), ("submit", 201), ("submit", 200)}, statuses
    submits = Counter((user_id, sentence) for kind, user_id, _, sentence in outcomes if kind == "submit")
    created = Counter((user_id, sentence) for kind, user_id, status, sentence in outcomes if status == 201)
    assert set(created.values()) == {1} and set(created) == set(submits)  # each one stored once
    assert statuses[("submit", 200)] == sum(submits.values()) - len(submits)
    assert set(Annotation.objects.filter(project=project).values_list("comment", "sentence_id")) == {
        (f"no claim in {sentence}", sentence) for _, sentence in created}
    assert statuses[("next", 204)] == ANNOTATORS * THREADS_EACH  # every tab ran until nothing was left
    per_sentence = Counter(Annotation.objects.filter(project=project).values_list("sentence_id", flat=True))
    pairs = list(Annotation.objects.filter(project=project).values_list("sentence_id", "annotator_id"))
    assert len(pairs) == len(set(pairs))  # no annotator twice on a sentence
    # The expired reservation gave its slot back; the live one still holds its slot.
    assert per_sentence[expired] == 2 and per_sentence[held] == 1
    assert {s.pk: per_sentence[s.pk] for s in fifty if s.pk != held} == {s.pk: 2 for s in fifty if s.pk != held}
    assert statuses[("submit", 201)] == 2 * len(fifty) - 1

    # Once the live reservation expires too, its slot goes to the next annotator who asks.
    QueueItem.objects.filter(sentence_id=held).update(held_until=[timezone.now() - timedelta(seconds=1)])
    latecomer = make_user("late")
    add_member(project=project, user=latecomer, role=Role.ANNOTATOR)
    api.force_authenticate(latecomer)
    assert api.get(f"{url}next/").json()["sentence"]["id"] == held
