"""Agreement figures against values computed by hand (the working is in each test's comment)."""

import pytest

from claims.review.agreement import items_behind, project_agreement
from claims.review.compare import align
from claims.review.labels import ClaimLabel


@pytest.fixture
def labelled(team, label):
    """Five sentences: s1 agree, s2 disagree, s3 three annotators agree (c labels nothing else: missing
    annotations), s4 two claims per annotator, s5 only a marks a claim. Nobody uses "neutral"."""
    s = team.sentences
    label("a", s[0], ("support", 0))
    label("b", s[0], ("support", 0))
    label("a", s[1], ("support", 0))
    label("b", s[1], ("oppose", 0))
    for who in "abc":
        label(who, s[2], ("oppose", 0))
    for who in "ab":
        label(who, s[3], ("support", 1), ("oppose", 2))
    label("a", s[4], ("support", 0))
    label("b", s[4])
    return team


def test_stance_figures_equal_the_hand_computed_ones(labelled):
    a, b, c = (labelled.users[n].pk for n in "abc")
    stance = project_agreement(project=labelled.project)["fields"]["stance"]
    # Items: s1 (s,s), s2 (s,o), s3 (o,o,o), s4 first half (s,s), s4 second half (o,o); s5 has one rater.
    assert stance["items"] == 5
    # Coincidences: o_ss = 2 + 2 = 4, o_so = o_os = 1, o_oo = 3 (s3: 6 pairs × 1/2) + 2 = 5; n_s 5, n_o 6, n 11.
    # D_o = 2/11, D_e = 2·5·6 / (11·10) = 6/11, alpha = 1 − 1/3.
    assert stance["krippendorff_alpha"] == pytest.approx(2 / 3, abs=1e-4)
    # Fleiss over the four items with two raters: P̄ = (1 + 0 + 1 + 1) / 4 = 0.75; p_s = 5/8, p_o = 3/8,
    # P_e = 34/64; kappa = (0.75 − 0.53125) / (1 − 0.53125).
    assert stance["fleiss_kappa"] == pytest.approx(0.21875 / 0.46875, abs=1e-4)
    assert stance["fleiss_items"] == 4
    pairs = {tuple(p["annotators"]): p for p in stance["pairs"]}
    # a: s s o s o, b: s o o s o: p_o = 0.8, p_e = 0.6·0.4 + 0.4·0.6 = 0.48, kappa = 0.32 / 0.52.
    assert pairs[(a, b)]["items"] == 5
    assert pairs[(a, b)]["cohen_kappa"] == pytest.approx(0.32 / 0.52, abs=1e-4)
    # a and c share one item on which both say oppose: kappa is 0/0, said as None, on 1 item.
    assert pairs[(a, c)] == {"annotators": [a, c], "items": 1, "cohen_kappa": None, "observed": 1.0}


def test_the_confusion_matrix_counts_pairs_both_ways_and_shows_the_unused_label(labelled):
    confusion = project_agreement(project=labelled.project)["fields"]["stance"]["confusion"]
    assert confusion["labels"] == ["support", "oppose", "neutral"]
    # Pairs: s1 (s,s), s2 (s,o), s3 three (o,o) pairs, s4 (s,s) and (o,o); each counted both ways.
    assert confusion["matrix"] == [[4, 1, 0], [1, 8, 0], [0, 0, 0]]


def test_claim_or_no_claim_per_sentence(labelled):
    a, b = (labelled.users[n].pk for n in "ab")
    claim = project_agreement(project=labelled.project)["fields"]["claim"]
    pairs = {tuple(p["annotators"]): p for p in claim["pairs"]}
    # a: yes ×5; b: yes ×4, no: p_o = 0.8, p_e = 1·0.8 = 0.8, kappa 0.
    assert pairs[(a, b)]["cohen_kappa"] == 0.0
    assert claim["items"] == 5


def test_the_items_behind_a_figure(labelled):
    a, b = (labelled.users[n].pk for n in "ab")
    items = items_behind(project=labelled.project, field="stance", annotators=(a, b), disagreed=True)
    assert [i["sentence"] for i in items] == [labelled.sentences[1].pk]
    assert items[0]["values"] == {str(a): "support", str(b): "oppose"}


def test_a_missed_claim_is_a_span_disagreement_only(labelled):
    a, b = (labelled.users[n].pk for n in "ab")
    items = items_behind(project=labelled.project, field="span", annotators=(a, b), disagreed=True)
    assert [i["sentence"] for i in items] == [labelled.sentences[4].pk]
    assert items[0]["values"][str(b)] == "(none)"


def claim(id, start, end):
    return ClaimLabel(id, start, end, None, None, "", "", "asserted")


def test_alignment_joins_the_greatest_overlap_first():
    # a's [0,10) overlaps b's [0,4) by 4 and b's [3,12) by 7: it goes with the second; b's first stays alone.
    groups = align({1: [claim(1, 0, 10)], 2: [claim(2, 0, 4), claim(3, 3, 12)]})
    assert [{r: c.id for r, c in g.items()} for g in groups] == [{2: 2}, {1: 1, 2: 3}]


def test_claims_that_do_not_overlap_are_not_aligned():
    groups = align({1: [claim(1, 0, 5)], 2: [claim(2, 5, 9)]})
    assert [{r: c.id for r, c in g.items()} for g in groups] == [{1: 1}, {2: 2}]
