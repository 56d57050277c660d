"""Dashboard figures: coverage by number of annotations, per-annotator work, label counts; queries do not grow."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from claims.dashboard import progress_for, project_stats
from claims.ingest.readers import RawArticle
from claims.ingest.service import import_articles
from claims.models import Actor, Annotation, Claim, User
from claims.projects import add_member

TEXT = "Talks\n\nVeloria backs Kastran. Kastran opposes Veloria. The bloc met both. Nobody else spoke.\n"


@pytest.fixture
def team(project, annotator):
    second = User.objects.create_user(username="second", password="x")
    add_member(project=project, user=second, role="annotator")
    return annotator, second


@pytest.fixture
def work(project, team):
    """Four body sentences: one with two annotations, one with one, two with none."""
    import_articles(project=project, articles=[RawArticle(text=TEXT, origin="t.txt")])
    first, second, *_ = project.sentences.filter(kind="body").order_by("index")
    kastran = Actor.objects.create(project=project, name="Kastran")
    a1, a2 = team
    one = Annotation.objects.create(project=project, sentence=first, annotator=a1, seconds_spent=10)
    Annotation.objects.create(project=project, sentence=first, annotator=a2, seconds_spent=30)
    three = Annotation.objects.create(project=project, sentence=second, annotator=a1, seconds_spent=20)
    for annotation, stance, certainty in ((one, "support", "asserted"), (three, "oppose", "hedged"),
                                          (three, "", "reported")):
        sentence = annotation.sentence
        Claim.objects.create(sentence=sentence, annotation=annotation, start=sentence.start, end=sentence.end,
                             text=sentence.text, target=kastran if stance else None, stance=stance,
                             certainty=certainty)
    return team


def test_coverage_counts_sentences_by_annotations(project, work):
    stats = project_stats(project=project)
    assert stats["sentences"] == 4 and stats["annotations"] == 3 and stats["slots"] == 8
    assert stats["coverage"] == [{"annotations": 0, "sentences": 2}, {"annotations": 1, "sentences": 1},
                                 {"annotations": 2, "sentences": 1}]
    assert stats["complete"] == 1


def test_per_annotator_items_claims_and_median_time(project, work):
    rows = {row["username"]: row for row in project_stats(project=project)["annotators"]}
    assert rows["annotator"] == {"user": work[0].id, "username": "annotator", "items": 2, "claims": 3,
                                 "median_seconds": 15.0, "skips": 0, "skip_rate": 0.0}
    assert rows["second"]["items"] == 1 and rows["second"]["median_seconds"] == 30.0


def test_an_annotator_with_no_work_is_listed_with_nothing(project, team):
    rows = project_stats(project=project)["annotators"]
    assert [(r["username"], r["items"], r["median_seconds"], r["skip_rate"]) for r in rows] == [
        ("annotator", 0, None, None), ("second", 0, None, None)]


def test_label_distribution_follows_the_scheme(project, work):
    labels = project_stats(project=project)["labels"]
    assert [(r["value"], r["claims"]) for r in labels["stance"]] == [("support", 1), ("oppose", 1), ("neutral", 0),
                                                                      ("", 1)]
    assert [(r["value"], r["claims"]) for r in labels["certainty"]] == [("asserted", 1), ("reported", 1),
                                                                         ("hedged", 1), ("denied", 0)]
    assert labels["no_claim"] == 1


def test_stats_take_the_same_queries_whatever_the_team_size(project, work):
    with CaptureQueriesContext(connection) as small:
        project_stats(project=project)
    for n in range(5):
        user = User.objects.create_user(username=f"extra{n}", password="x")
        add_member(project=project, user=user, role="annotator")
        Annotation.objects.create(project=project, sentence=project.sentences.filter(kind="body").last(),
                                  annotator=user)
    with CaptureQueriesContext(connection) as large:
        stats = project_stats(project=project)
    assert len(stats["annotators"]) == 7
    assert len(large.captured_queries) == len(small.captured_queries) <= 12


def test_progress_counts_mine_and_the_projects(project, work):
    assert progress_for(project=project, user=work[0]) == {"mine": 2, "sentences": 4, "annotations": 3, "slots": 8}


def test_skips_count_in_the_skip_rate(project, work):
    from claims.annotation.queue import skip_sentence

    third, fourth = project.sentences.filter(kind="body").order_by("index")[2:4]
    skip_sentence(project=project, annotator=work[0], sentence_id=third.id)
    skip_sentence(project=project, annotator=work[1], sentence_id=third.id)
    skip_sentence(project=project, annotator=work[1], sentence_id=fourth.id)
    rows = {row["username"]: row for row in project_stats(project=project)["annotators"]}
    assert (rows["annotator"]["skips"], rows["annotator"]["skip_rate"]) == (1, round(1 / 3, 3))
    assert (rows["second"]["skips"], rows["second"]["skip_rate"]) == (2, round(2 / 3, 3))
