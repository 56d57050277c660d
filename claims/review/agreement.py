"""Agreement per field (see claims.review.compare for the items): Krippendorff's alpha, Fleiss' kappa,
Cohen's kappa per annotator pair and per annotator against gold, and a confusion matrix.

The statistics are the maintained libraries', not ours: `krippendorff` (alpha, nominal, missing
values allowed), scikit-learn's `cohen_kappa_score`, statsmodels' `fleiss_kappa`. They are given counts
(claims.review.items codes every value as an integer), never one Python object per label (claims.review.figures
computes them). They, and numpy, are imported on first use: statsmodels brings pandas, which no other page needs,
and a web process loads no numerical code when it starts. The confusion matrix is a count, done with numpy.
A figure that is undefined (every rater gave the one same value, or too few items) is None.
Every figure carries the number of items it rests on.
"""

from claims.models import Project, User


def project_agreement(*, project: Project) -> dict:
    """Every field's figures: {"fields": {field: {...}}, "annotators": {id: username}}."""
    from claims.review.figures import field_agreement  # numpy: on first use, never when a web process starts
    from claims.review.items import project_items

    items = project_items(project=project)
    fields = {field: field_agreement(table, items.raters) for field, table in items.fields.items()}
    ids = {a for figures in fields.values() for pair in figures["pairs"] for a in pair["annotators"]}
    ids |= {g["annotator"] for figures in fields.values() for g in figures["against_gold"]}
    names = dict(User.objects.filter(id__in=ids).values_list("id", "username"))
    return {"fields": fields, "annotators": {str(i): names.get(i, "") for i in sorted(ids)}}


def items_behind(*, project: Project, field: str, annotators: tuple[int, ...] = (), disagreed: bool = False
                 ) -> list[dict]:
    """The items behind a figure: those of ``field`` rated by all the given annotators (GOLD for gold); with
    none given, those two or more annotators rated."""
    import numpy as np

    from claims.review.items import MISSING, project_items

    items = project_items(project=project)
    table = items.fields.get(field)
    if table is None or not set(annotators) <= set(items.raters.tolist()):
        return []
    if annotators:
        columns = np.searchsorted(items.raters, list(dict.fromkeys(annotators)))
        chosen = (table.codes[:, columns] != MISSING).all(axis=1)
    else:
        columns = items.annotators
        chosen = (table.codes[:, columns] != MISSING).sum(axis=1) >= 2
    differ = table.differ(columns)
    if disagreed:
        chosen &= differ
    return [{"sentence": int(items.sentences[table.sentence[row]]), "agreed": not differ[row],
             "values": {str(items.raters[c]): table.categories[table.codes[row, c]] for c in columns
                        if table.codes[row, c] != MISSING}}
            for row in np.flatnonzero(chosen).tolist()]


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
