"""The figures of one field, computed from its item matrix (claims.review.items) with the libraries named in
claims.review.agreement. numpy and the libraries load here, on the first figures a process computes: a web
process loads no numerical code when it starts (tests/suggest/test_boundary.py)."""

import math
import warnings
from itertools import combinations

import numpy as np

from claims.review.items import MISSING, FieldItems
from claims.review.labels import GOLD


def _figure(value: float) -> float | None:
    return None if value is None or math.isnan(value) else round(float(value), 4)


def _counts(codes: np.ndarray, categories: int) -> np.ndarray:
    """(items, categories): how many raters gave each value to each item."""
    item, rater = np.nonzero(codes != MISSING)
    return np.bincount(item * categories + codes[item, rater], minlength=len(codes) * categories).reshape(
        len(codes), categories)


def _alpha(counts: np.ndarray) -> float | None:
    import krippendorff

    used = counts.sum(axis=0) > 0
    if used.sum() < 2:
        return None  # one value in all: alpha is 0/0
    counts = counts[:, used]  # the values given, as the library takes them from reliability data
    # An item on which all its m raters agree on v adds m(m−1)/(m−1) = m to the coincidence o_vv and nothing
    # else, so all such items together are one item of their Σm raters agreeing on v: the same alpha, while the
    # library's items × values × values array shrinks to the disagreeing items (100,000 claims: seconds saved).
    agreed = counts.max(axis=1) == counts.sum(axis=1)
    pooled = counts[agreed].sum(axis=0)
    value_counts = np.vstack([counts[~agreed], np.diag(pooled)[pooled > 0]])
    return _figure(krippendorff.alpha(value_counts=value_counts, level_of_measurement="nominal"))


def _fleiss(counts: np.ndarray) -> tuple[float | None, int]:
    """Fleiss' kappa over the items rated by the most common number of raters (it needs the same number)."""
    from statsmodels.stats.inter_rater import fleiss_kappa

    if not len(counts):
        return None, 0
    raters = counts.sum(axis=1)
    numbers, how_many = np.unique(raters, return_counts=True)
    _, most_common = max(zip(how_many.tolist(), numbers.tolist(), strict=True))
    table = counts[raters == most_common]
    return _figure(fleiss_kappa(table, method="fleiss")), len(table)


def _cohen(a: np.ndarray, b: np.ndarray, categories: int) -> float | None:
    """Cohen's kappa of two raters' values of the same items."""
    from sklearn.metrics import cohen_kappa_score

    if not len(a):
        return None
    # The library counts (a, b) pairs into a matrix and computes from it: given the distinct pairs, each
    # weighted by how often it occurs, it makes the same matrix from a few rows instead of 100,000.
    pairs = np.bincount(a * categories + b, minlength=categories * categories)
    given = np.flatnonzero(pairs)
    return _figure(cohen_kappa_score(given // categories, given % categories, labels=np.arange(categories),
                                     sample_weight=pairs[given]))


def _confusion(counts: np.ndarray) -> list[list[int]]:
    """Counts of (one rater's value, another's) over every pair of raters of every item, both ways round: an
    item with c_u raters on u and c_v on v adds c_u·c_v to (u, v) and c_u(c_u − 1) to (u, u)."""
    pairs = (counts.T.astype(float) @ counts).astype(np.int64)  # in floats for BLAS: exact below 2**53
    return (pairs - np.diag(counts.sum(axis=0))).tolist()


def field_agreement(table: FieldItems, raters: np.ndarray) -> dict:
    """The figures of one field (``raters``: the column → rater id of ``table``)."""
    # One label throughout makes kappa 0/0: the libraries warn, we report None.
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return _field_agreement(table, raters)


def _field_agreement(table: FieldItems, raters: np.ndarray) -> dict:
    k = len(table.categories)
    columns = np.flatnonzero(raters != GOLD)
    codes = table.codes[:, columns]
    rated = codes[(codes != MISSING).sum(axis=1) >= 2]
    counts = _counts(rated, k)
    fleiss, fleiss_items = _fleiss(counts)
    given = rated != MISSING
    pairs = []
    for a, b in combinations(np.flatnonzero(given.any(axis=0)).tolist(), 2):
        both = given[:, a] & given[:, b]
        x, y = rated[both, a], rated[both, b]
        pairs.append({"annotators": [int(raters[columns[a]]), int(raters[columns[b]])], "items": len(x),
                      "cohen_kappa": _cohen(x, y, k),
                      "observed": _figure(int((x == y).sum()) / len(x)) if len(x) else None})
    gold = []
    if len(raters) and raters[0] == GOLD:
        with_gold = table.codes[table.codes[:, 0] != MISSING]
        for a in np.flatnonzero((with_gold[:, columns] != MISSING).any(axis=0)).tolist():
            both = with_gold[with_gold[:, columns[a]] != MISSING]
            x, y = both[:, columns[a]], both[:, 0]
            gold.append({"annotator": int(raters[columns[a]]), "items": len(x), "cohen_kappa": _cohen(x, y, k),
                         "observed": _figure(int((x == y).sum()) / len(x))})
    return {"items": len(rated), "krippendorff_alpha": _alpha(counts) if len(rated) else None,
            "fleiss_kappa": fleiss, "fleiss_items": fleiss_items, "pairs": pairs, "against_gold": gold,
            "confusion": {"labels": table.categories, "matrix": _confusion(counts)}}
