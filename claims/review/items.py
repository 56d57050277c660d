"""A whole project's items (claims.review.compare says what an item is) as integer matrices, one per field: what
agreement and the disagreement queue are computed from.

compare.py is the rule, applied one sentence at a time; this applies the same rule to every sentence at once,
because going through 100,000 claims one Python object at a time took seconds. The labels come in one query
per table; each value is coded as an integer (its place in ``categories``); and where every rater marked at
most one claim in a sentence (nearly always) the alignment is computed with numpy: greatest overlap first then
joins every claim to every claim it overlaps (with one claim per rater, no group can already hold the rater),
which is the overlap graph's connected components: a sweep in start order. Sentences where a rater marked two
claims or more go through compare.align itself. tests/review/test_items.py checks both against
compare.sentence_items.
"""

from dataclasses import dataclass

import numpy as np
from django.contrib.postgres.aggregates import ArrayAgg

from claims.models import Adjudication, Annotation, Project
from claims.review.compare import CLAIM_FIELDS, FIELDS, NO_CLAIM, align
from claims.review.labels import CLAIM_COLUMNS, GOLD, ClaimLabel, claimant_value, value_text

MISSING = -1  # the rater gave no value for the item


@dataclass(frozen=True)
class FieldItems:
    """One field's items: a row per item (in sentence order, then span order), a column per rater."""

    sentence: np.ndarray  # (items,) the item's sentence, as an index into ProjectItems.sentences
    codes: np.ndarray  # (items, raters) the value's index in ``categories``; MISSING where the rater gave none
    categories: list[str]

    def differ(self, columns: np.ndarray) -> np.ndarray:
        """(items,) bool: two or more of these raters gave a value, and not all the same one."""
        codes = self.codes[:, columns]
        given = codes != MISSING
        lowest = np.where(given, codes, len(self.categories)).min(axis=1, initial=len(self.categories))
        return (given.sum(axis=1) >= 2) & (codes.max(axis=1, initial=MISSING) != lowest)


@dataclass(frozen=True)
class ProjectItems:
    """Every item of a project's annotated sentences, per field. Rater columns are ascending ids, so gold
    (GOLD, 0), when read, is the first."""

    sentences: np.ndarray  # sentence ids, ascending
    raters: np.ndarray  # column → rater id
    fields: dict[str, FieldItems]

    @property
    def annotators(self) -> np.ndarray:
        """The columns of annotators (every rater but gold)."""
        return np.flatnonzero(self.raters != GOLD)


def categories(field: str, seen: set[str], project: Project) -> list[str]:
    """The values a field's codes stand for, in the order figures show them: for stance and certainty the
    scheme's labels first, used or not (they show in the confusion matrix), then any other; else sorted."""
    if field in ("stance", "certainty"):
        scheme = project.scheme.values(field, active_only=False)
        return scheme + sorted(seen - set(scheme))
    return sorted(seen)


def _factorize(*columns: list, rows: np.ndarray) -> tuple[np.ndarray, list[tuple]]:
    """For the given rows, each row's index among the distinct value tuples of the columns, and those tuples.
    Each column is factorized on its own (a dict, at C speed) and the codes combined as integers: tuples of
    Python objects, 100,000 of them, are what cost."""
    combined, distinct = np.zeros(len(rows), np.int64), []
    for column in columns:
        index = {value: n for n, value in enumerate(dict.fromkeys(column))}
        codes = np.fromiter(map(index.__getitem__, column), np.int64, len(column))[rows]
        combined, distinct = combined * len(index) + codes, [*distinct, list(index)]
    found, inverse = np.unique(combined, return_inverse=True)
    sizes = [len(values) for values in distinct]
    places = np.unravel_index(found, sizes) if sizes else ()
    return inverse, [tuple(values[p] for values, p in zip(distinct, place, strict=True))
                     for place in zip(*(p.tolist() for p in places), strict=True)]


def _columns(project: Project, gold: bool) -> list[list]:
    """The columns sentence, rater, *CLAIM_COLUMNS: a row per claim, and one per annotation or gold decision
    without claims (its claim columns None). One query per table, each column one array: a row at a time,
    100,000 rows took longer to turn into columns than to read."""
    # Every ARRAY_AGG of one query is fed the same rows in the same order (one aggregate node), so the
    # arrays line up without an ORDER BY (which would sort once per column).
    columns = {f"c{n}": ArrayAgg(f"claims__{c}", default=[]) for n, c in enumerate(CLAIM_COLUMNS)}
    annotations = Annotation.objects.filter(project=project)
    read = annotations.aggregate(sentence=ArrayAgg("sentence_id", default=[]),
                                 rater=ArrayAgg("annotator_id", default=[]), **columns)
    if gold:
        decided = Adjudication.objects.filter(project=project, sentence_id__in=annotations.values("sentence_id"))
        decisions = decided.aggregate(sentence=ArrayAgg("sentence_id", default=[]), **columns)
        decisions["rater"] = [GOLD] * len(decisions["sentence"])
        read = {name: values + decisions[name] for name, values in read.items()}
    return [read["sentence"], read["rater"], *(read[name] for name in columns)]


def _groups(sentence: np.ndarray, rater: np.ndarray, start: np.ndarray, end: np.ndarray, ids: np.ndarray,
            raters: np.ndarray, several_claims: np.ndarray) -> np.ndarray:
    """Each claim's group (compare.align) within its sentence, numbered in the order align sorts them;
    ``several_claims`` marks the sentences where a rater marked more than one claim (those go through align)."""
    group = np.zeros(len(sentence), np.int64)
    # The sweep: in start order, a claim that starts before the furthest end so far joins that group. Shifting
    # each sentence past the previous one's ends lets one running maximum serve every sentence.
    step = int(end.max(initial=0)) + 1
    simple = np.flatnonzero(~several_claims[sentence])
    begins = sentence[simple] * step + start[simple]
    order = np.argsort(begins, kind="stable")
    begins, finishes, order = begins[order], (sentence[simple] * step + end[simple])[order], simple[order]
    new = np.ones(len(order), bool)
    new[1:] = begins[1:] >= np.maximum.accumulate(finishes)[:-1]
    component = np.cumsum(new) - 1
    first = np.ones(len(order), bool)
    first[1:] = sentence[order][1:] != sentence[order][:-1]
    group[order] = component - np.maximum.accumulate(np.where(first, component, 0))
    several = np.flatnonzero(several_claims[sentence])
    several = several[np.lexsort((ids[several], start[several], sentence[several]))]  # as project_labels reads them
    for members in np.split(several, np.flatnonzero(np.diff(sentence[several])) + 1) if len(several) else []:
        claims: dict[int, list[ClaimLabel]] = {}
        for m in members:
            claims.setdefault(int(raters[rater[m]]), []).append(
                ClaimLabel(int(m), int(start[m]), int(end[m]), None, None, "", "", ""))
        for number, aligned in enumerate(align(claims)):
            for claim in aligned.values():
                group[claim.id] = number
    return group


def project_items(*, project: Project, gold: bool = True) -> ProjectItems:
    """Every item of the project's annotated sentences, per field; gold among the raters unless ``gold`` is
    False (then its claims take no part in the alignment either)."""
    sentence_ids, rater_ids, claim_ids, starts, ends, subject, target, claimant, name, outlet, stance, certainty = \
        _columns(project, gold)
    sentences, sentence = np.unique(np.array(sentence_ids, np.int64), return_inverse=True)
    raters, rater = np.unique(np.array(rater_ids, np.int64), return_inverse=True)
    labelled = np.zeros((len(sentences), len(raters)), bool)
    labelled[sentence, rater] = True
    start = np.array(starts, float)  # None (an annotation without claims) becomes NaN
    claim = np.flatnonzero(~np.isnan(start))
    cs, cr = sentence[claim], rater[claim]
    start, end = start[claim].astype(np.int64), np.array(ends, float)[claim].astype(np.int64)
    marked = np.bincount(cs * len(raters) + cr, minlength=labelled.size).reshape(labelled.shape)
    group = _groups(cs, cr, start, end, np.array(claim_ids, float)[claim].astype(np.int64), raters,
                    (marked >= 2).any(axis=1))
    # One row per (sentence, group), in sentence order and then the groups' order.
    width = int(group.max(initial=0)) + 1
    keys, row = np.unique(cs * width + group, return_inverse=True)
    group_sentence = keys // width

    raw = {"span": ((starts, ends), lambda v: value_text("span", v)),
           "claimant": ((claimant, name, outlet), lambda v: claimant_value(*v)),
           **{field: ((values,), lambda v, f=field: value_text(f, v[0]))
              for field, values in (("stance", stance), ("subject", subject), ("target", target),
                                    ("certainty", certainty))}}
    coded = {"claim": _coded("claim", np.where(labelled, (marked > 0).astype(np.int64), MISSING), ["no", "yes"],
                             project)}
    for field in CLAIM_FIELDS:
        values, text = raw[field]
        codes, distinct = _factorize(*values, rows=claim)
        texts = {n: text(value) for n, value in enumerate(distinct)}
        matrix = np.full((len(keys), len(raters)), MISSING, np.int64)
        if field == "span":  # a rater who labelled the sentence but has no claim in the group: "(none)"
            texts[len(distinct)] = NO_CLAIM
            matrix[labelled[group_sentence]] = len(distinct)
        matrix[row, cr] = codes
        coded[field] = _coded(field, matrix, texts, project)
    fields = {field: FieldItems(np.arange(len(sentences)) if field == "claim" else group_sentence, *coded[field])
              for field in FIELDS}
    return ProjectItems(sentences, raters, fields)


def _coded(field: str, matrix: np.ndarray, texts, project: Project) -> tuple[np.ndarray, list[str]]:
    """The matrix of raw codes recoded as places in ``categories`` (raw codes whose texts are equal, such as
    two claimants that both read "the outlet", become one)."""
    used = np.unique(matrix[matrix != MISSING])
    shown = categories(field, {texts[int(u)] for u in used}, project)
    place = {text: n for n, text in enumerate(shown)}
    lookup = np.full(int(used.max(initial=0)) + 2, MISSING, np.int64)  # the last place: MISSING stays MISSING
    lookup[used] = [place[texts[int(u)]] for u in used]
    return lookup[matrix], shown
