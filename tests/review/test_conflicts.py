"""Propositions proposed from gold claims, and the conflicts and agreements among their sources."""

import re

import pytest

from claims.actors.service import save_actor
from claims.annotation.saving import ClaimInput
from claims.ingest.readers import RawArticle
from claims.ingest.service import import_articles
from claims.models import Proposition, Sentence
from claims.review.conflicts import (
    _NEGATION,
    FACTS,
    NEGATION_CUES,
    conflicts,
    corroborated,
    facts,
    outlet_record,
    resolve_conflict,
)
from claims.review.errors import ReviewRejected
from claims.review.gold import GoldInput, adjudicate
from claims.review.proposing import propose
from claims.review.propositions import update_proposition

ARTICLES = [
    ("Moscow hosts talks\n\nRussia began supplying weapons to the Taliban in 2015. The United States was invited "
     "to the Moscow talks. Russia supports the government in Kabul.", "Wire"),
    ("Talks open\n\nRussia started arming the Taliban in 2017. The United States was not invited to the Moscow "
     "talks.", "Ledger"),
    ("Kabul and Moscow\n\nRussia supports the government in Kabul.", "Post"),
]
# sentence start → (subject, target, stance)
GOLD = {"Russia began": ("Russia", "Taliban", "support"), "Russia started": ("Russia", "Taliban", "support"),
        "The United States": ("United States", "Russia", ""), "Russia supports": ("Russia", "Kabul", "support")}


@pytest.fixture
def corpus(project, editor):
    actors = {name: save_actor(project=project, name=name, kind="state", aliases=[])
              for name in ("Russia", "Taliban", "United States", "Kabul")}
    import_articles(project=project, articles=[RawArticle(text=text, origin=f"{n}.txt", title=text.split("\n")[0],
                                                          outlet=outlet) for n, (text, outlet) in enumerate(ARTICLES)])
    for sentence in Sentence.objects.filter(project=project, kind="body"):
        subject, target, stance = next(v for k, v in GOLD.items() if sentence.text.startswith(k))
        claim = ClaimInput(start=sentence.start, end=sentence.end, subject=actors[subject].pk,
                           target=actors[target].pk, stance=stance)
        adjudicate(project=project, editor=editor, sentence_id=sentence.pk, data=GoldInput(claims=(claim,)))
    return project


def test_proposing_then_accepting_finds_both_conflicts_and_the_agreement(corpus, editor):
    counts = propose(project=corpus)
    assert counts == {"claims": 6, "proposed": 3, "grouped_claims": 6}
    for proposition in Proposition.objects.filter(project=corpus):
        assert proposition.status == "proposed"
        update_proposition(project=corpus, editor=editor, proposition_id=proposition.pk, status="accepted")
    found = {(c.kind, tuple(position for position, _ in c.sides)) for c in conflicts(project=corpus)}
    assert found == {("fact:year", ("2015", "2017")), ("assert_deny", ("asserts", "denies"))}
    assert [p.claims.get(sentence__source__outlet="Post").text for p in corroborated(project=corpus)] == [
        "Russia supports the government in Kabul."]


def test_proposals_nobody_accepted_are_replaced_accepted_ones_kept(corpus, editor):
    propose(project=corpus)
    kept = Proposition.objects.filter(project=corpus).first()
    update_proposition(project=corpus, editor=editor, proposition_id=kept.pk, status="accepted")
    assert propose(project=corpus)["proposed"] == 2
    assert Proposition.objects.filter(project=corpus, status="accepted").get() == kept
    assert kept.claims.count() == 2


def test_a_resolution_is_recorded_and_counted_in_the_outlet_record(corpus, editor):
    propose(project=corpus)
    for proposition in Proposition.objects.filter(project=corpus):
        update_proposition(project=corpus, editor=editor, proposition_id=proposition.pk, status="accepted")
    year = next(c for c in conflicts(project=corpus) if c.kind == "fact:year")
    wire = next(c for _, side in year.sides for c in side if c.sentence.source.outlet == "Wire").sentence.source
    with pytest.raises(ReviewRejected):
        resolve_conflict(project=corpus, editor=editor, proposition_id=year.proposition.pk, kind="fact:year",
                         verdict="source_right")  # which source?
    resolve_conflict(project=corpus, editor=editor, proposition_id=year.proposition.pk, kind="fact:year",
                     verdict="source_right", source_id=wire.pk, note="the 2015 shipments are documented")
    record = {row["outlet"]: row for row in outlet_record(project=corpus)}
    assert (record["Wire"]["right"], record["Ledger"]["wrong"]) == (1, 1)
    assert record["Ledger"]["open"] == 1 and record["Post"]["claims_in_conflicts"] == 0


@pytest.mark.parametrize(("sort", "must", "must_not"), [(sort, must, must_not) for sort, _, must, must_not in FACTS])
def test_fact_rules_match_their_examples(sort, must, must_not):
    for text in must:
        assert sort in facts(text), text
    for text in must_not:
        assert sort not in facts(text), text


def test_every_negation_cue_is_in_the_pattern():
    for cue in NEGATION_CUES:
        assert _NEGATION.search(f"they {cue} agree" if cue != "n't" else "they didn't agree"), cue
    assert not _NEGATION.search("Nothing nowhere notably")
    assert re.compile(_NEGATION.pattern, re.IGNORECASE).search("Russia DENIED it")
