"""The project-wide item matrices (claims.review.items) against the rule applied one sentence at a time
(claims.review.compare), and the figures computed from them against the libraries given every label."""

import random
from collections import Counter
from itertools import combinations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from claims.annotation.saving import AnnotationInput, ClaimInput, create_annotation
from claims.models import Adjudication
from claims.review.compare import FIELDS, sentence_items
from claims.review.disagreements import disagreements
from claims.review.figures import field_agreement
from claims.review.gold import GoldInput, adjudicate
from claims.review.items import MISSING, FieldItems, project_items
from claims.review.labels import GOLD, project_labels


def random_claims(rng: random.Random, team, sentence) -> tuple[ClaimInput, ...]:
    """0 to 3 claims on a coarse grid of the sentence (so spans often coincide or overlap), random labels."""
    quarter = (sentence.end - sentence.start) // 4
    grid = [sentence.start + n * quarter for n in range(4)] + [sentence.end]
    actors = [None, *(a.pk for a in team.actors.values())]
    claims = []
    for _ in range(rng.choice((0, 1, 1, 1, 2, 2, 3))):
        start, end = sorted(rng.sample(grid, 2))
        subject = rng.choice(actors)
        target = rng.choice([a for a in actors if a is None or a != subject])  # never the subject itself
        claimant = rng.choice(("actor", "name", "outlet", "none"))
        claims.append(ClaimInput(
            start=start, end=end, subject=subject, target=target,
            # A stance needs both sides (the saving rules since issue 15).
            stance=rng.choice(("support", "oppose", "neutral", "")) if subject and target else "",
            certainty=rng.choice(("asserted", "reported")),
            claimant=team.actors["Kastran"].pk if claimant == "actor" else None,
            claimant_name=rng.choice(("Ana Ruiz", "B. Obi")) if claimant == "name" else "",
            claimant_is_outlet=claimant == "outlet"))
    return tuple(claims)


@pytest.fixture(params=range(6))
def randomly_labelled(request, team, editor):
    """Every sentence labelled at random by a random subset of the annotators; gold by an editor on some."""
    rng = random.Random(request.param)
    for sentence in team.sentences:
        for who in rng.sample("abc", rng.choice((0, 1, 2, 3, 3))):
            create_annotation(project=team.project, annotator=team.users[who], sentence_id=sentence.pk,
                              data=AnnotationInput(claims=random_claims(rng, team, sentence)))
        if rng.random() < 0.3:  # over unanimous gold, if the annotators' agreement made some
            stored = Adjudication.objects.filter(sentence_id=sentence.pk).first()
            adjudicate(project=team.project, editor=editor, sentence_id=sentence.pk, data=GoldInput(
                claims=random_claims(rng, team, sentence), note="random", revises=stored and stored.version))
    return team


def one_at_a_time(project, gold: bool) -> dict[str, list]:
    """field → (sentence, values) of every item, as compare.sentence_items makes them sentence by sentence."""
    items = {field: [] for field in FIELDS}
    for sentence_id, claims in sorted(project_labels(project=project, gold=gold).items()):
        for item in sentence_items(sentence_id, claims):
            items[item.field].append((sentence_id, item.values))
    return items


def all_at_once(project, gold: bool) -> dict[str, list]:
    items = project_items(project=project, gold=gold)
    return {field: [(int(items.sentences[table.sentence[row]]),
                     {int(items.raters[c]): table.categories[code] for c, code in enumerate(table.codes[row])
                      if code != MISSING}) for row in range(len(table.codes))]
            for field, table in items.fields.items()}


@pytest.mark.parametrize("gold", [True, False])
def test_the_matrices_hold_the_items_compare_makes_sentence_by_sentence(randomly_labelled, gold):
    expected = one_at_a_time(randomly_labelled.project, gold)
    assert sum(map(len, expected.values())) > 6  # claims were made
    assert all_at_once(randomly_labelled.project, gold) == expected


def test_the_queue_counts_what_compare_counts(randomly_labelled):
    project = randomly_labelled.project
    expected = []
    for sentence_id, claims in project_labels(project=project).items():
        raters = {r: c for r, c in claims.items() if r != GOLD}
        counts = Counter(i.field for i in sentence_items(sentence_id, raters) if not i.agreed and len(i.values) >= 2)
        if len(raters) >= 2 and counts:
            expected.append({"sentence": sentence_id, "disagreements": sum(counts.values()), "fields": dict(counts),
                             "annotators": sorted(raters), "has_gold": GOLD in claims})
    expected.sort(key=lambda d: (-d["disagreements"], d["sentence"]))
    assert disagreements(project=project, include_gold=True) == expected
    assert disagreements(project=project) == [d for d in expected if not d["has_gold"]]


def test_claims_that_only_touch_are_two_items_each_missed_by_the_other(team, label):
    s = team.sentences[0]
    label("a", s, ("support", 1))  # the first half
    label("b", s, ("support", 2))  # the second, starting where the first ends
    middle = (s.start + s.end) // 2
    assert all_at_once(team.project, gold=True)["span"] == [
        (s.pk, {team.users["a"].pk: f"{s.start}-{middle}", team.users["b"].pk: "(none)"}),
        (s.pk, {team.users["a"].pk: "(none)", team.users["b"].pk: f"{middle}-{s.end}"})]


def test_a_project_without_labels_has_empty_matrices_and_the_schemes_labels(team):
    items = project_items(project=team.project)
    assert len(items.sentences) == 0 and all(len(t.codes) == 0 for t in items.fields.values())
    assert items.fields["stance"].categories == ["support", "oppose", "neutral"]
    assert disagreements(project=team.project) == []


# ---- the figures, against the libraries given one label at a time -------------------------------

CATEGORIES = ["a", "b", "c", "d"]


def library_figures(codes: np.ndarray, raters: list[int], k: int) -> dict:
    """What agreement reported before the matrices: each library given every label, one at a time."""
    import krippendorff
    from sklearn.metrics import cohen_kappa_score
    from statsmodels.stats.inter_rater import fleiss_kappa

    def figure(value):
        return None if value is None or np.isnan(value) else float(value)

    annotators = [c for c, r in enumerate(raters) if r != GOLD]
    rated = [{c: int(row[c]) for c in annotators if row[c] != MISSING} for row in codes]
    rated = [v for v in rated if len(v) >= 2]
    alpha = None
    if len({x for v in rated for x in v.values()}) >= 2:
        data = np.array([[v.get(c, np.nan) for v in rated] for c in annotators], float)
        alpha = figure(krippendorff.alpha(reliability_data=data, level_of_measurement="nominal"))
    most = max(Counter(map(len, rated)).items(), key=lambda x: (x[1], x[0]))[0] if rated else None
    table = [[list(v.values()).count(n) for n in range(k)] for v in rated if len(v) == most]
    pairs = {}
    for a, b in combinations(sorted({c for v in rated for c in v}), 2):
        both = [v for v in rated if a in v and b in v]
        kappa = cohen_kappa_score([v[a] for v in both], [v[b] for v in both], labels=list(range(k))) if both else None
        pairs[(raters[a], raters[b])] = (len(both), figure(kappa))
    against_gold = {}
    if raters[0] == GOLD:
        with_gold = [row for row in codes if row[0] != MISSING]
        for c in annotators:
            both = [row for row in with_gold if row[c] != MISSING]
            if both:
                against_gold[raters[c]] = (len(both), figure(cohen_kappa_score(
                    [int(r[c]) for r in both], [int(r[0]) for r in both], labels=list(range(k)))))
    confusion = np.zeros((k, k), int)
    for v in rated:
        for a, b in combinations(sorted(v), 2):
            confusion[v[a], v[b]] += 1
            confusion[v[b], v[a]] += 1
    return {"items": len(rated), "alpha": alpha, "fleiss": figure(fleiss_kappa(table)) if table else None,
            "fleiss_items": len(table), "pairs": pairs, "against_gold": against_gold, "confusion": confusion.tolist()}


@settings(max_examples=200, deadline=None)
@given(st.integers(2, 4).flatmap(lambda k: st.tuples(
    st.just(k), st.booleans(), st.integers(2, 5).flatmap(lambda raters: st.lists(
        st.lists(st.integers(MISSING, k - 1), min_size=raters, max_size=raters), min_size=0, max_size=30)))))
def test_the_figures_equal_the_libraries_given_every_label(drawn):
    import warnings

    k, with_gold, rows = drawn
    width = len(rows[0]) if rows else 2
    codes = np.array(rows, np.int64).reshape(len(rows), width)
    raters = list(range(0 if with_gold else 1, width + (0 if with_gold else 1)))  # the first column gold, or not
    table = FieldItems(np.zeros(len(codes), np.int64), codes, CATEGORIES[:k])
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        expected = library_figures(codes, raters, k)
    got = field_agreement(table, np.array(raters))
    close = pytest.approx  # the 4-decimal rounding aside, the same figure
    assert got["items"] == expected["items"] and got["fleiss_items"] == expected["fleiss_items"]
    assert got["krippendorff_alpha"] == (None if expected["alpha"] is None else close(expected["alpha"], abs=1e-4))
    assert got["fleiss_kappa"] == (None if expected["fleiss"] is None else close(expected["fleiss"], abs=1e-4))
    assert {tuple(p["annotators"]): (p["items"], p["cohen_kappa"]) for p in got["pairs"]} == {
        pair: (n, None if kappa is None else close(kappa, abs=1e-4)) for pair, (n, kappa) in expected["pairs"].items()}
    assert {g["annotator"]: (g["items"], g["cohen_kappa"]) for g in got["against_gold"]} == {
        a: (n, None if kappa is None else close(kappa, abs=1e-4)) for a, (n, kappa) in expected["against_gold"].items()}
    assert got["confusion"] == {"labels": CATEGORIES[:k], "matrix": expected["confusion"]}
