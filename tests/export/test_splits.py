"""Splits: grouped by source, deterministic for a seed, stable as sources are added, stratified in expectation."""

import hashlib
from collections import Counter

import pytest

from claims.export.errors import ExportError
from claims.export.splits import parse_split, split_of, stratification

SHARES = {"train": 0.8, "dev": 0.1, "test": 0.1}


def hashes(n: int, start: int = 0) -> list[str]:
    return [hashlib.sha256(str(i).encode()).hexdigest() for i in range(start, start + n)]


@pytest.mark.parametrize("spec", ["train=0.8,dev=0.3", "train=0.8,train=0.2", "Train=1", "train=x,dev=1",
                                  "train=0,dev=1", "", "train:0.5,dev:0.5", "a=1.5,b=-0.5"])
def test_a_bad_split_is_refused_naming_the_field(spec):
    with pytest.raises(ExportError) as refused:
        parse_split(spec)
    assert refused.value.problems[0].field == "split" and refused.value.status == 400


def test_a_split_parses_in_order():
    assert parse_split("train=0.5, dev=0.25,test=0.25") == {"train": 0.5, "dev": 0.25, "test": 0.25}


def test_the_same_seed_gives_the_same_split_and_another_seed_another():
    first = [split_of(h, seed=1, shares=SHARES) for h in hashes(300)]
    assert first == [split_of(h, seed=1, shares=SHARES) for h in hashes(300)]
    assert first != [split_of(h, seed=2, shares=SHARES) for h in hashes(300)]


def test_adding_sources_never_moves_an_existing_one():
    before = {h: split_of(h, seed=7, shares=SHARES) for h in hashes(200)}
    after = {h: split_of(h, seed=7, shares=SHARES) for h in hashes(400)}  # 200 more sources
    assert all(after[h] == split for h, split in before.items())


def test_shares_are_met_and_stances_stratified_within_the_tolerance_at_scale(settings):
    # 3,000 sources, each with one dominant stance: the hash ignores the label, so every split draws
    # the stances in the whole's proportion.
    counts: dict[str, Counter] = {name: Counter() for name in SHARES}
    stances = ["support", "oppose", "oppose", "neutral", "no_claim"]
    for n, h in enumerate(hashes(3000)):
        counts[split_of(h, seed=0, shares=SHARES)][stances[n % len(stances)]] += 1
    sizes = {name: sum(c.values()) / 3000 for name, c in counts.items()}
    assert all(abs(sizes[name] - share) < 0.02 for name, share in SHARES.items())
    assert stratification(counts) <= settings.EXPORT_STRATIFY_TOLERANCE


def test_stratification_measures_the_largest_gap():
    assert stratification({"train": Counter(a=3, b=1), "test": Counter(a=1, b=3)}) == pytest.approx(0.25)
