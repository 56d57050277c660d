"""Label modes: every example of the LABEL_MODES table, and the fixture's items under each mode."""

import pytest

from claims.export.items import ClaimLabel, Item, Judgement
from claims.export.labels import LABEL_MODES, Aggregation, decide, stance_votes


def _claim(stance: str) -> ClaimLabel:
    return ClaimLabel(id=1, start=0, end=5, text="x", proposition_id=None, claimant_id=None, claimant_is_outlet=True,
                      claimant_name="", subject_id=1, target_id=2, stance=stance, certainty="asserted")


def _item(stances: tuple[str, ...], adjudicated: bool) -> Item:
    annotations = [Judgement(id=n, who=f"a{n}", who_id=n, claims=[_claim(stance)]) for n, stance in enumerate(stances)]
    adjudication = Judgement(id=99, who="editor", who_id=99, claims=[_claim("oppose")]) if adjudicated else None
    return Item(sentence_id=1, text="x", start=0, source=None, content_hash="h", annotations=annotations,
                adjudication=adjudication)


@pytest.mark.parametrize(("mode", "stances", "adjudicated", "expected"), [
    (mode, stances, adjudicated, expected)
    for mode, rule in LABEL_MODES.items() for stances, adjudicated, expected in rule.examples
])
def test_every_example_of_the_label_mode_table(mode, stances, adjudicated, expected):
    assert len(decide(_item(stances, adjudicated), Aggregation(mode))) == expected


def test_an_adjudication_wins_and_says_so():
    [label] = decide(_item(("support", "support"), adjudicated=True), Aggregation("majority"))
    assert (label.how, label.judgement.who, label.agreement) == ("adjudicated", "editor", 1.0)


def test_majority_keeps_a_tie_only_when_asked_and_flags_it():
    item = _item(("oppose", "support"), adjudicated=False)
    assert decide(item, Aggregation("majority")) == []
    [label] = decide(item, Aggregation("majority", keep_ties=True))
    assert label.tie and label.judgement.claims[0].stance == "oppose" and label.agreement == 0.5


def test_min_agreement_leaves_out_items_annotators_agreed_less_on():
    item = _item(("oppose", "oppose", "support"), adjudicated=False)
    assert len(decide(item, Aggregation("majority", min_agreement=0.6))) == 1
    assert decide(item, Aggregation("majority", min_agreement=0.7)) == []
    assert decide(item, Aggregation("all", min_agreement=0.7)) == []


def test_gold_needs_as_many_agreeing_annotators_as_asked():
    item = _item(("oppose", "oppose"), adjudicated=False)
    assert decide(item, Aggregation("gold", unanimous_needs=3)) == []
    assert decide(item, Aggregation("gold", unanimous_needs=2))[0].how == "unanimous"


def test_stance_votes_count_each_annotator_once_for_the_span():
    item = _item(("oppose", "oppose", "support"), adjudicated=False)
    item.annotations.append(Judgement(id=7, who="a7", who_id=7, claims=[]))
    assert stance_votes(item, (0, 5)) == {"no_claim": 0.25, "oppose": 0.5, "support": 0.25}
    assert stance_votes(item, (1, 5)) == {"no_claim": 1.0}
