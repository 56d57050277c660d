"""What every export says about itself: manifest.json (to reproduce it) and README.md (the dataset card)."""

import functools
import json
import os
import subprocess
from collections import Counter
from pathlib import Path

from django.conf import settings

from claims.export.labels import LABEL_MODES


@functools.cache
def code_version() -> str:
    """The code that made the export: CODE_VERSION if the deployment sets it, else the git commit, else unknown."""
    if version := os.environ.get("CODE_VERSION"):
        return version
    try:
        return subprocess.run(["git", "rev-parse", "HEAD"], cwd=settings.BASE_DIR, capture_output=True, text=True,
                              timeout=5, check=True).stdout.strip() or "unknown"
    except (OSError, subprocess.SubprocessError):
        return "unknown"


def write_manifest(folder: Path, head: dict, id_files: dict[str, Path]) -> None:
    """manifest.json: the head (parameters, counts…) and every split's row ids, streamed from id_files."""
    import orjson

    with (folder / "manifest.json").open("wb") as out:
        out.write(json.dumps(head, ensure_ascii=False, indent=1)[:-2].encode() + b',\n "row_ids": {')
        for n, (split, path) in enumerate(id_files.items()):
            out.write(f'{", " if n else ""}{json.dumps(split)}: ['.encode())
            with path.open(encoding="utf-8") as ids:
                for m, chunk in enumerate(iter(lambda: ids.readlines(1 << 20), [])):  # about 1 MB at a time
                    out.write((b"," if m else b"") + orjson.dumps([row_id.rstrip("\n") for row_id in chunk])[1:-1])
            out.write(b"]")
        out.write(b"}\n}\n")


def _table(header: list[str], rows: list[list]) -> str:
    lines = ["| " + " | ".join(header) + " |", "|" + " --- |" * len(header)]
    return "\n".join(lines + ["| " + " | ".join(str(cell) for cell in row) + " |" for row in rows])


def _escape(text: str) -> str:
    return str(text).replace("|", "\\|").replace("\n", " ")


def write_card(folder: Path, head: dict, scheme: dict) -> None:
    """README.md: what the data is, counts per split and label, agreement, how labels were aggregated, the scheme."""
    counts = head["counts"]
    labels = sorted(set().union(*(Counter(split["stance"]) for split in counts.values())) or [])
    file_ext = {
        "hf": "a `datasets` DatasetDict in `dataset/` (`datasets.load_from_disk`)",
        "doccano": "one doccano JSONL file per split (`<split>.jsonl`: a record per labelled sentence, for a Text "
                   "Classification project (`label`) or a Sequence Labeling project with relations (`entities`, "
                   "`relations`))",
        "labelstudio": "one Label Studio task file per split (`<split>.json`: a task per sentence, its labels as "
                       "`annotations`), with the labelling configuration in `label_studio.xml`",
    }.get(head["format"], f"one `<split>.{head['format']}` file per split")
    options = head["options"]
    parts = [
        f"# {_escape(head['project']['name'])}: claims and stances",
        "",
        f"Sentences of news articles from the annotation project `{head['project']['slug']}`, with the claims "
        "annotators marked in them: who asserts what (the claimant), the subject and target actors, the "
        "subject's stance toward the target, and the claimant's certainty. Each row is one claim, or one "
        "sentence judged to hold no claim (`has_claim` false), so a claim detector can be trained too.",
        "",
        f"Exported {head['created_at']} by code version `{head['code_version']}` as {file_ext}; "
        "`manifest.json` holds the parameters and every split's row ids.",
        "",
        "## Labels",
        "",
        LABEL_MODES[options["labels"]].description,
        f"Minimum agreement: {options['min_agreement']}. "
        + ("Model suggestions are included in `model_suggestion_*` columns; they are not labels."
           if options["with_suggestions"] else "No model suggestions are included."),
        "",
        "## Splits",
        "",
        f"Grouped by source (no article in two splits), assigned by a hash of each source's content and seed "
        f"{options['seed']}: the same seed gives the same split, and adding articles never moves one. "
        f"Largest gap between a stance's share in a split and in the whole: {head['stratification']['max_gap']:.3f} "
        f"(tolerance {head['stratification']['tolerance']}).",
        "",
        _table(["split", "share", "rows", "sources", "sentences", "mean agreement",
                *[f"stance: {label or '(none)'}" for label in labels]],
               [[name, options["split"][name], c["rows"], c["sources"], c["sentences"],
                 "" if c["agreement"] is None else f"{c['agreement']:.3f}",
                 *[c["stance"].get(label, 0) for label in labels]]
                for name, c in counts.items()]),
        "",
        "## Label scheme",
        "",
        _table(["group", "value", "label", "description"],
               [[group, label["value"], _escape(label["label"]), _escape(label.get("description", ""))]
                for group in ("stance", "certainty") for label in scheme.get(group, [])]),
        "",
        "## Columns",
        "",
        _table(["column", "type", "what"], [[name, kind, _escape(what)] for name, kind, what in head["columns"]]),
        "",
        "Text is exactly as imported (quotes, new lines, emoji), except in CSV, where a cell that would start a "
        "spreadsheet formula (`=`, `+`, `-`, `@`, tab, carriage return) begins with an apostrophe.",
        "",
    ]
    (folder / "README.md").write_text("\n".join(parts), encoding="utf-8")

