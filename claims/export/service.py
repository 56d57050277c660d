"""The export service: one function that writes a dataset folder, used by the command, the job and the web page."""

import shutil
from collections import Counter
from collections.abc import Callable
from dataclasses import asdict, dataclass, fields
from pathlib import Path

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from claims.errors import Problem
from claims.export import card, tools
from claims.export.errors import ExportError
from claims.export.items import stream_items
from claims.export.labels import LABEL_MODES, Aggregation, decide
from claims.export.rows import COLUMNS, Names, RowMaker, columns_for
from claims.export.splits import DEFAULT_SPLIT, parse_split, split_of, stratification
from claims.export.writers import FORMATS, WRITERS, to_hf_dataset
from claims.models import Actor, Adjudication, Annotation, Project, Proposition

PROGRESS_EVERY = 2000


@dataclass(frozen=True)
class ExportOptions:
    """What to export; `parse` checks a caller's values (command line, API body, web form)."""

    format: str = "jsonl"
    labels: str = "gold"
    split: str = DEFAULT_SPLIT
    seed: int = 0
    min_agreement: float = 0.0
    keep_ties: bool = False
    with_suggestions: bool = False

    @classmethod
    def parse(cls, data: dict) -> "ExportOptions":
        """The options from untrusted values, or ExportError naming every bad field."""
        known = {f.name: f for f in fields(cls)}
        problems = [Problem(name, "unknown option") for name in data if name not in known]
        values = {}
        for name, value in data.items():
            if name not in known or value is None:
                continue
            try:
                values[name] = _CONVERT[name](value)
            except (TypeError, ValueError) as error:
                problems.append(Problem(name, str(error)))
        options = cls(**values)
        if not problems:
            problems += options._problems()
        if problems:
            raise ExportError(problems)
        return options

    def _problems(self) -> list[Problem]:
        problems = []
        if self.format not in FORMATS:
            problems.append(Problem("format", f"{self.format!r} is not one of {', '.join(FORMATS)}"))
        if self.labels not in LABEL_MODES:
            problems.append(Problem("labels", f"{self.labels!r} is not one of {', '.join(LABEL_MODES)}"))
        if not 0 <= self.min_agreement <= 1:
            problems.append(Problem("min_agreement", "must be between 0 and 1"))
        try:
            parse_split(self.split)
        except ExportError as error:
            problems += error.problems
        return problems


def _boolean(value) -> bool:
    if isinstance(value, bool):
        return value
    if str(value).lower() in ("true", "1", "yes", "on"):
        return True
    if str(value).lower() in ("false", "0", "no", "off", ""):
        return False
    raise ValueError(f"{value!r} is not true or false")


def _text(value) -> str:
    if not isinstance(value, str) or len(value) > 200:
        raise ValueError("must be a short string")
    return value


def _integer(value) -> int:
    if isinstance(value, bool) or not isinstance(value, int | str) or not -(2**63) <= int(value) < 2**63:
        raise ValueError(f"{value!r} is not an integer")
    return int(value)


def _share(value) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float | str):
        raise ValueError(f"{value!r} is not a number")
    return float(value)


_CONVERT = {"format": _text, "labels": _text, "split": _text, "seed": _integer, "min_agreement": _share,
            "keep_ties": _boolean, "with_suggestions": _boolean}


_HAS_CLAIM, _STANCE = ([name for name, _, _ in COLUMNS].index(name) for name in ("has_claim", "stance"))


class _Splits:
    """The open writers of one export, one per split, and what each has been given."""

    def __init__(self, folder: Path, options: ExportOptions, columns: list):
        self.shares = parse_split(options.split)
        writer = WRITERS[options.format]
        self.writers = {name: writer(folder / f"{name}.{writer.extension}", columns) for name in self.shares}
        self.ids = {name: (folder / f".{name}.ids").open("w", encoding="utf-8", buffering=1 << 20)
                    for name in self.shares}
        self.counts = {name: {"rows": 0, "sources": set(), "sentences": 0, "stance": Counter(),
                                "agreement": [0.0, 0]}  # sum and count: memory must not grow with rows
                       for name in self.shares}

    def write(self, split: str, rows: list[tuple]) -> None:
        """Write one label's rows (tuples in the columns' order, the id first)."""
        writer, ids, counts = self.writers[split], self.ids[split], self.counts[split]
        stances = counts["stance"]
        for row in rows:
            writer.write(row)
            ids.write(row[0] + "\n")
            stances[row[_STANCE] if row[_HAS_CLAIM] else "no_claim"] += 1
        counts["rows"] += len(rows)

    def write_record(self, split: str, record_id: str, record: dict, labels: list) -> None:
        """Write one annotation tool record (a sentence's labels); its claims count as rows do."""
        self.writers[split].write_record(record)
        self.ids[split].write(record_id + "\n")
        counts = self.counts[split]
        for label in labels:
            counts["stance"].update([claim.stance for claim in label.judgement.claims] or ["no_claim"])
        counts["rows"] += 1

    def close(self) -> None:
        for writer in self.writers.values():
            writer.close()
        for ids in self.ids.values():
            ids.close()

    def summary(self) -> dict:
        return {name: {"rows": c["rows"], "sources": len(c["sources"]), "sentences": c["sentences"],
                       "stance": dict(sorted(c["stance"].items())),
                       "agreement": c["agreement"][0] / c["agreement"][1] if c["agreement"][1] else None}
                for name, c in self.counts.items()}


def _tool_records(options: ExportOptions, names: Names):
    """For doccano and Label Studio: (item, labels, split) → [(record id, record, labels it holds)]; else None."""
    kind = getattr(WRITERS[options.format], "records", None)
    mode = options.labels
    if kind == "doccano":
        return lambda item, labels, split: [
            (tools.row_id(item, label, mode), tools.doccano_record(item, label, split=split, mode=mode, names=names),
             [label]) for label in labels]
    if kind == "labelstudio":
        return lambda item, labels, split: [
            (tools.row_id(item, labels[0], mode),
             tools.labelstudio_task(item, labels, split=split, mode=mode, names=names), labels)]
    return None


def _scheme_values(project: Project, group: str) -> list[str]:
    return [label["value"] for label in project.label_scheme.get(group, [])]


def export_dataset(*, project: Project, options: ExportOptions, out: Path,
                   progress: Callable[[int], None] | None = None) -> dict:
    """Write the project's labelled data into the empty folder `out` (made if missing); return the manifest's head.

    Nothing is left in `out` if it fails: ExportError for what the caller must change.
    """
    out = Path(out)
    if out.exists() and (not out.is_dir() or any(out.iterdir())):
        raise ExportError([Problem("out", f"{out} exists and is not an empty folder")])
    out.mkdir(parents=True, exist_ok=True)
    try:
        return _export(project, options, out, progress or (lambda percent: None))
    except BaseException:
        shutil.rmtree(out, ignore_errors=True)
        raise


def _export(project: Project, options: ExportOptions, out: Path, progress: Callable[[int], None]) -> dict:
    stance_labels = _scheme_values(project, "stance")
    columns = columns_for(mode=options.labels, stance_labels=stance_labels, with_suggestions=options.with_suggestions)
    how = Aggregation(options.labels, options.min_agreement, options.keep_ties,
                      unanimous_needs=max(2, project.overlap))
    # One transaction: the cursors stream (server-side, not held past it) and all read the same moment's data
    # as far as READ COMMITTED allows; the manifest's row ids say exactly what was read.
    with transaction.atomic():
        # Progress: the judgements read so far of all there are (two index-only counts).
        total = (Annotation.objects.filter(project=project).count()
                 + Adjudication.objects.filter(project=project).count()) or 1
        names = Names(dict(Actor.objects.filter(project=project).values_list("id", "name")),
                      dict(Proposition.objects.filter(project=project).values_list("id", "text")))
        splits = _Splits(out, options, columns)
        maker = RowMaker(options.labels, names, stance_labels, options.with_suggestions)
        tool = _tool_records(options, names)
        items = stream_items(project, with_suggestions=options.with_suggestions)
        try:
            source_id, split, done, reported = None, "", 0, 0
            for item in items:
                if item.source.source_id != source_id:  # a source's sentences come together
                    source_id = item.source.source_id
                    split = split_of(item.content_hash, seed=options.seed, shares=splits.shares)
                labels = decide(item, how)
                if tool is not None and labels:
                    for record_id, record, counted in tool(item, labels, split):
                        splits.write_record(split, record_id, record, counted)
                for label in labels if tool is None else ():
                    splits.write(split, maker.rows(item, label, split))
                if labels:
                    counts = splits.counts[split]
                    counts["sources"].add(source_id)
                    counts["sentences"] += 1
                    if labels[0].agreement is not None:
                        counts["agreement"][0] += labels[0].agreement
                        counts["agreement"][1] += 1
                done += len(item.annotations) + (item.adjudication is not None)
                if done - reported >= PROGRESS_EVERY:
                    reported = done
                    progress(min(95, done * 95 // total))
        finally:
            items.close()  # stops its cursors' threads now, not when an error's traceback is freed
            splits.close()
    summary = splits.summary()
    if not any(split["rows"] for split in summary.values()):
        raise ExportError([Problem("labels", f"no sentence qualifies for --labels {options.labels}: nothing to "
                                             "export (gold needs adjudications or unanimous annotators)")])
    if options.format == "hf":
        to_hf_dataset(out, {name: c["rows"] for name, c in summary.items()}, stance_labels=stance_labels,
                      certainty_labels=_scheme_values(project, "certainty"))
    head = {
        "project": {"id": project.id, "slug": project.slug, "name": project.name},
        "created_at": timezone.now().isoformat(timespec="seconds"),
        "code_version": card.code_version(),
        "format": options.format,
        "options": asdict(options) | {"split": splits.shares},
        "counts": summary,
        "stratification": {"max_gap": stratification({n: Counter(c["stance"]) for n, c in summary.items()}),
                           "tolerance": settings.EXPORT_STRATIFY_TOLERANCE},
        "columns": columns,
    }
    head["stratification"]["within_tolerance"] = head["stratification"]["max_gap"] <= settings.EXPORT_STRATIFY_TOLERANCE
    if options.format == "labelstudio":
        (out / "label_studio.xml").write_text(tools.labelstudio_config(
            stances=stance_labels, certainties=_scheme_values(project, "certainty"),
            actors=sorted(names.actors.values())), encoding="utf-8")
    card.write_manifest(out, head, {name: out / f".{name}.ids" for name in summary})
    card.write_card(out, head, project.label_scheme)
    for name in summary:
        (out / f".{name}.ids").unlink()
    progress(99)
    return head

