"""Agreement per field (see claims.review.compare for the items): Krippendorff's alpha, Fleiss' kappa,
Cohen's kappa per annotator pair and per annotator against gold, and a confusion matrix.

The statistics are the maintained libraries', not ours: `krippendorff` (alpha, nominal, missing
values allowed), scikit-learn's `cohen_kappa_score` and `confusion_matrix`, statsmodels'
`fleiss_kappa`. They are imported on first use: statsmodels brings pandas, which no other page needs.
A figure that is undefined (every rater gave the one same value, or too few items) is None.
Every figure carries the number of items it rests on.
"""

import math
import warnings
from collections import defaultdict
from itertools import combinations

from claims.models import Project
from claims.review.compare import FIELDS, Item, sentence_items
from claims.review.labels import GOLD, project_labels


def project_items(*, project: Project) -> dict[str, list[Item]]:
    """field → every item of the project's annotated sentences (gold among the raters where there is some)."""
    items: dict[str, list[Item]] = {field: [] for field in FIELDS}
    for sentence_id, claims in sorted(project_labels(project=project).items()):
        for item in sentence_items(sentence_id, claims):
            items[item.field].append(item)
    return items


def _figure(value: float) -> float | None:
    return None if value is None or math.isnan(value) else round(float(value), 4)


def _alpha(items: list[dict[int, str]], categories: list[str]) -> float | None:
    import krippendorff
    import numpy as np

    if len(set().union(*(set(i.values()) for i in items))) < 2:
        return None  # one value in all: alpha is 0/0
    raters = sorted(set().union(*items))
    index = {c: n for n, c in enumerate(categories)}
    data = np.full((len(raters), len(items)), np.nan)
    for column, values in enumerate(items):
        for row, rater in enumerate(raters):
            if rater in values:
                data[row, column] = index[values[rater]]
    return _figure(krippendorff.alpha(reliability_data=data, level_of_measurement="nominal"))


def _fleiss(items: list[dict[int, str]], categories: list[str]) -> tuple[float | None, int]:
    """Fleiss' kappa over the items rated by the most common number of raters (it needs the same number)."""
    from statsmodels.stats.inter_rater import fleiss_kappa

    if not items:
        return None, 0
    counts = defaultdict(int)
    for values in items:
        counts[len(values)] += 1
    raters = max(counts, key=lambda n: (counts[n], n))
    table = [[list(v.values()).count(c) for c in categories] for v in items if len(v) == raters]
    return _figure(fleiss_kappa(table, method="fleiss")), len(table)


def _cohen(a: list[str], b: list[str], categories: list[str]) -> float | None:
    from sklearn.metrics import cohen_kappa_score

    return _figure(cohen_kappa_score(a, b, labels=categories)) if a else None


def _confusion(items: list[dict[int, str]], categories: list[str]) -> list[list[int]]:
    """Counts of (one rater's value, another's) over every pair of raters of every item, both ways round."""
    from sklearn.metrics import confusion_matrix

    left, right = [], []
    for values in items:
        for a, b in combinations(sorted(values), 2):
            left += [values[a], values[b]]
            right += [values[b], values[a]]
    if not left:
        return [[0] * len(categories) for _ in categories]
    return confusion_matrix(left, right, labels=categories).tolist()


def _categories(field: str, items: list[Item], project: Project) -> list[str]:
    seen = {v for item in items for v in item.values.values()}
    if field in ("stance", "certainty"):  # the scheme's labels too, used or not: they show in the matrix
        scheme = project.scheme.values(field, active_only=False)
        return scheme + sorted(seen - set(scheme))
    return sorted(seen)


def field_agreement(field: str, items: list[Item], project: Project) -> dict:
    """The figures of one field."""
    # One label throughout makes kappa 0/0: the libraries warn, we report None.
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return _field_agreement(field, items, project)


def _field_agreement(field: str, items: list[Item], project: Project) -> dict:
    rated = [{r: v for r, v in item.values.items() if r != GOLD} for item in items]
    rated = [values for values in rated if len(values) >= 2]
    categories = _categories(field, items, project)
    fleiss, fleiss_items = _fleiss(rated, categories)
    pairs = []
    annotators = sorted(set().union(*rated)) if rated else []
    for a, b in combinations(annotators, 2):
        both = [values for values in rated if a in values and b in values]
        pairs.append({"annotators": [a, b], "items": len(both),
                      "cohen_kappa": _cohen([v[a] for v in both], [v[b] for v in both], categories),
                      "observed": _figure(sum(v[a] == v[b] for v in both) / len(both)) if both else None})
    gold = []
    with_gold = [item.values for item in items if GOLD in item.values]
    for annotator in sorted({r for values in with_gold for r in values} - {GOLD}):
        both = [values for values in with_gold if annotator in values]
        gold.append({"annotator": annotator, "items": len(both),
                     "cohen_kappa": _cohen([v[annotator] for v in both], [v[GOLD] for v in both], categories),
                     "observed": _figure(sum(v[annotator] == v[GOLD] for v in both) / len(both))})
    return {"items": len(rated), "krippendorff_alpha": _alpha(rated, categories) if rated else None,
            "fleiss_kappa": fleiss, "fleiss_items": fleiss_items, "pairs": pairs, "against_gold": gold,
            "confusion": {"labels": categories, "matrix": _confusion(rated, categories)}}


def project_agreement(*, project: Project) -> dict:
    """Every field's figures: {"fields": {field: {...}}, "annotators": {id: username}}."""
    from claims.models import User

    items = project_items(project=project)
    fields = {field: field_agreement(field, field_items, project) for field, field_items in items.items()}
    ids = {a for figures in fields.values() for pair in figures["pairs"] for a in pair["annotators"]}
    ids |= {g["annotator"] for figures in fields.values() for g in figures["against_gold"]}
    names = dict(User.objects.filter(id__in=ids).values_list("id", "username"))
    return {"fields": fields, "annotators": {str(i): names.get(i, "") for i in sorted(ids)}}


def items_behind(*, project: Project, field: str, annotators: tuple[int, ...] = (), disagreed: bool = False
                 ) -> list[dict]:
    """The items behind a figure: those of ``field`` rated by all the given annotators (GOLD for gold)."""
    items = project_items(project=project).get(field, [])
    chosen = []
    for item in items:
        values = item.values if annotators else {r: v for r, v in item.values.items() if r != GOLD}
        if annotators:
            if not all(a in values for a in annotators):
                continue
            values = {a: values[a] for a in annotators}
        elif len(values) < 2:
            continue
        agreed = len(set(values.values())) <= 1
        if disagreed and agreed:
            continue
        chosen.append({"sentence": item.sentence, "values": {str(r): v for r, v in values.items()}, "agreed": agreed})
    return chosen


def agreement_csv_rows(report: dict) -> list[list]:
    """The report as rows: field, measure, annotators, value, items."""
    rows = [["field", "measure", "annotators", "value", "items"]]
    for field, figures in report["fields"].items():
        rows.append([field, "krippendorff_alpha", "all", figures["krippendorff_alpha"], figures["items"]])
        rows.append([field, "fleiss_kappa", "all", figures["fleiss_kappa"], figures["fleiss_items"]])
        for pair in figures["pairs"]:
            rows.append([field, "cohen_kappa", " ".join(map(str, pair["annotators"])), pair["cohen_kappa"],
                         pair["items"]])
        for gold in figures["against_gold"]:
            rows.append([field, "cohen_kappa_against_gold", str(gold["annotator"]), gold["cohen_kappa"],
                         gold["items"]])
    return rows
