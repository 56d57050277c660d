"""Which labels training learns from: adjudicated, else the majority, else a single annotation."""

import pytest

from claims.models import Actor, Adjudication, Annotation, Claim
from claims.projects import add_member
from claims.suggest.labels import held_out_sources, project_labels
from tests.conftest import make_user


@pytest.fixture
def sentence(project, add_article):
    add_article("Norvala accused Ostrane of diverting water from the river.")
    return project.sentences.get(kind="body")


@pytest.fixture
def actors(project):
    return {name: Actor.objects.create(project=project, name=name) for name in ("Norvala", "Ostrane")}


def annotate(project, user, sentence, actors, stance: str | None):
    annotation = Annotation.objects.create(project=project, sentence=sentence, annotator=user)
    if stance is not None:
        Claim.objects.create(sentence=sentence, annotation=annotation, start=sentence.start, end=sentence.end,
                             text=sentence.text, subject=actors["Norvala"], target=actors["Ostrane"], stance=stance)


@pytest.fixture
def team(project):
    users = [make_user(f"a{n}") for n in range(3)]
    for user in users:
        add_member(project=project, user=user, role="annotator")
    return users


def test_a_single_annotation_is_used_as_it_is(project, sentence, actors, team):
    annotate(project, team[0], sentence, actors, "oppose")
    [labelled] = project_labels(project=project)
    assert labelled.origin == "single"
    assert [c.stance for c in labelled.claims] == ["oppose"]
    assert labelled.claims[0].start == 0 and labelled.claims[0].end == len(sentence.text)


def test_the_majority_wins_and_an_even_split_is_dropped(project, sentence, actors, team):
    annotate(project, team[0], sentence, actors, "oppose")
    annotate(project, team[1], sentence, actors, "support")
    assert project_labels(project=project)[0].claims == ()  # two pairs marked, no stance has a majority
    annotate(project, team[2], sentence, actors, "oppose")
    [labelled] = project_labels(project=project)
    assert labelled.origin == "majority" and [c.stance for c in labelled.claims] == ["oppose"]


def test_an_even_split_on_whether_there_is_a_claim_is_left_out(project, sentence, actors, team):
    annotate(project, team[0], sentence, actors, "oppose")
    annotate(project, team[1], sentence, actors, None)
    assert project_labels(project=project) == []


def test_an_adjudication_overrides_the_annotators(project, sentence, actors, team, editor):
    annotate(project, team[0], sentence, actors, "oppose")
    annotate(project, team[1], sentence, actors, "oppose")
    adjudication = Adjudication.objects.create(project=project, sentence=sentence, editor=editor,
                                               resolution="adjudicated")
    Claim.objects.create(sentence=sentence, adjudication=adjudication, start=sentence.start, end=sentence.end,
                         text=sentence.text, subject=actors["Norvala"], target=actors["Ostrane"], stance="neutral")
    [labelled] = project_labels(project=project)
    assert labelled.origin == "adjudicated" and [c.stance for c in labelled.claims] == ["neutral"]


def test_held_out_sources_are_a_stable_quarter_that_grows_with_the_sources():
    few = held_out_sources(project_id=7, source_ids=set(range(1, 9)))
    many = held_out_sources(project_id=7, source_ids=set(range(1, 41)))
    assert len(few) == 2 and len(many) == 10
    assert held_out_sources(project_id=7, source_ids=set(range(1, 9))) == few
    assert held_out_sources(project_id=7, source_ids={1}) == set()  # one source: nothing to hold out
