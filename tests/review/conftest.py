"""Review fixtures: a corpus with three annotators, and a helper that labels a sentence as someone."""

from types import SimpleNamespace

import pytest

from claims.annotation.saving import AnnotationInput, ClaimInput, create_annotation
from claims.models import Role, User
from claims.projects import add_member


@pytest.fixture
def team(annotation_corpus, annotator):
    """The corpus's project with annotators a (the shared annotator), b and c; overlap 3."""
    project = annotation_corpus.project
    project.overlap = 3
    project.save()
    members = {"a": annotator}
    for name in ("b", "c"):
        members[name] = User.objects.create_user(username=f"annotator-{name}", password="pw")
        add_member(project=project, user=members[name], role=Role.ANNOTATOR)
    return SimpleNamespace(**vars(annotation_corpus), users=members)


@pytest.fixture
def label(team):
    """label(who, sentence, *claims): save who's annotation; each claim (stance, part) of the sentence, where
    part 0 is the whole sentence and 1 / 2 its first / second half; subject Kastran, target Veloria."""

    def save(who: str, sentence, *claims):
        middle = (sentence.start + sentence.end) // 2
        spans = {0: (sentence.start, sentence.end), 1: (sentence.start, middle), 2: (middle, sentence.end)}
        given = tuple(ClaimInput(start=spans[part][0], end=spans[part][1], subject=team.actors["Kastran"].pk,
                                 target=team.actors["Veloria"].pk, stance=stance, certainty="asserted")
                      for stance, part in claims)
        return create_annotation(project=team.project, annotator=team.users[who], sentence_id=sentence.pk,
                                 data=AnnotationInput(claims=given))

    return save
