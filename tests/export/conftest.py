"""A labelled project to export: three annotators, overlap 3, and one editor's adjudication."""

from types import SimpleNamespace

import pytest

from claims.annotation.saving import AnnotationInput, ClaimInput, create_annotation
from claims.models import Adjudication, Claim, Role
from claims.projects import add_member
from tests.conftest import make_user


def claim(sentence, corpus, subject=None, target=None, stance="", certainty="asserted", start=None, end=None):
    """A claim spanning the sentence (or start:end), asserted by the outlet."""
    actors = corpus.actors
    return ClaimInput(start=sentence.start if start is None else start, end=sentence.end if end is None else end,
                      claimant_is_outlet=True, subject=actors[subject].pk if subject else None,
                      target=actors[target].pk if target else None, stance=stance, certainty=certainty)


def label(corpus, user, sentence, *claims, seconds=5):
    return create_annotation(project=corpus.project, annotator=user, sentence_id=sentence.pk,
                             data=AnnotationInput(claims=claims, seconds_spent=seconds))


def adjudicate(corpus, editor, sentence, *claims):
    """An editor's gold decision, stored as the review service stores it (an Adjudication with claims)."""
    adjudication = Adjudication.objects.create(project=corpus.project, sentence=sentence, editor=editor,
                                               resolution="adjudicated", note="decided")
    for c in claims:
        Claim.objects.create(sentence=sentence, adjudication=adjudication, start=c.start, end=c.end,
                             text=sentence.source.text[c.start:c.end], claimant_is_outlet=c.claimant_is_outlet,
                             subject_id=c.subject, target_id=c.target, stance=c.stance, certainty=c.certainty)
    return adjudication


@pytest.fixture
def labelled(annotation_corpus, annotator, editor):
    """s0 unanimous claim, s1 split then adjudicated (oppose), s2 unanimous no claim, s3 tie, s4 majority 2 of 3,
    s5 unlabelled. Sentences 0-3 are in the first source, 4-5 in the second."""
    corpus = annotation_corpus
    corpus.project.overlap = 3
    corpus.project.save()
    a2, a3 = make_user("a2"), make_user("a3")
    for user in (a2, a3):
        add_member(project=corpus.project, user=user, role=Role.ANNOTATOR)
    team = (annotator, a2, a3)
    s = corpus.sentences
    for user in team:
        label(corpus, user, s[0], claim(s[0], corpus, subject="Veloria"))
        label(corpus, user, s[2])
    for user, stance in zip(team, ("oppose", "support", "oppose"), strict=True):
        label(corpus, user, s[4], claim(s[4], corpus, "Kastran", "Estravia", stance))
    label(corpus, annotator, s[1], claim(s[1], corpus, "Kastran", "Veloria", "oppose"))
    label(corpus, a2, s[1], claim(s[1], corpus, "Kastran", "Veloria", "support"))
    adjudicate(corpus, editor, s[1], claim(s[1], corpus, "Kastran", "Veloria", "oppose"))
    label(corpus, annotator, s[3])
    label(corpus, a2, s[3], claim(s[3], corpus, "Veloria"))
    return SimpleNamespace(**vars(corpus), team=team, editor=editor)
