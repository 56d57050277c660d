"""Writers: rows to files, one file per split, written as they come (nothing held but a row group).

Every writer takes the same rows and the same column table (claims.export.rows.COLUMNS) and keeps
values as they are, except CSV, which neutralises formula cells (see CSV_FORMULA_START).
"""

import csv
import json
import shutil
from pathlib import Path

ROW_GROUP = 20_000

# A spreadsheet runs a cell that starts with one of these as a formula ("=HYPERLINK(...)"): the CSV
# writer puts an apostrophe before such a cell, which spreadsheets show as text and hide. Tab and
# carriage return are on OWASP's list too. Only CSV does this; the other formats keep text exact.
CSV_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def neutralise(value):
    """The cell as a spreadsheet may read it safely: text that would start a formula gets a leading apostrophe."""
    if isinstance(value, str) and value.startswith(CSV_FORMULA_START):
        return "'" + value
    return value


class JsonlWriter:
    """One JSON object a line, UTF-8, every column present (null where empty)."""

    extension = "jsonl"

    def __init__(self, path: Path, columns: list[tuple[str, str, str]]):
        self._names = [name for name, _, _ in columns]
        self._file = path.open("w", encoding="utf-8", newline="\n")

    def write(self, row: dict) -> None:
        self._file.write(json.dumps({name: row.get(name) for name in self._names}, ensure_ascii=False) + "\n")

    def close(self) -> None:
        self._file.close()


class CsvWriter:
    """RFC 4180 CSV with a header row, UTF-8; empty cells for null; formula cells neutralised."""

    extension = "csv"

    def __init__(self, path: Path, columns: list[tuple[str, str, str]]):
        self._names = [name for name, _, _ in columns]
        self._file = path.open("w", encoding="utf-8", newline="")
        self._csv = csv.writer(self._file)
        self._csv.writerow(self._names)

    def write(self, row: dict) -> None:
        self._csv.writerow([neutralise(row.get(name)) for name in self._names])

    def close(self) -> None:
        self._file.close()


class ParquetWriter:
    """Parquet with typed columns (pyarrow), written a row group at a time."""

    extension = "parquet"

    def __init__(self, path: Path, columns: list[tuple[str, str, str]]):
        import pyarrow as pa
        import pyarrow.parquet as pq

        self._pa = pa
        self._schema = pa.schema([pa.field(name, pa.type_for_alias(kind), metadata={"description": what})
                                  for name, kind, what in columns])
        self._writer = pq.ParquetWriter(path, self._schema, compression="zstd")
        self._rows: list[dict] = []

    def write(self, row: dict) -> None:
        self._rows.append(row)
        if len(self._rows) >= ROW_GROUP:
            self._flush()

    def _flush(self) -> None:
        self._writer.write_table(self._pa.Table.from_pylist(self._rows, schema=self._schema))
        self._rows = []

    def close(self) -> None:
        if self._rows:
            self._flush()
        self._writer.close()


WRITERS = {"jsonl": JsonlWriter, "csv": CsvWriter, "parquet": ParquetWriter, "hf": ParquetWriter}
FORMATS = tuple(WRITERS)


def to_hf_dataset(folder: Path, splits: dict[str, int], *, stance_labels: list[str],
                  certainty_labels: list[str]) -> None:
    """Turn the splits' Parquet files in folder into one Hugging Face DatasetDict folder (load_from_disk).

    Stance and certainty become ClassLabel features; the stance's first class is "" (a claim with
    no target has no stance). The Parquet files (split: rows) are read memory-mapped, then removed.
    """
    import datasets
    import pyarrow.parquet as pq

    datasets.disable_progress_bars()
    cache = folder / ".hf-cache"
    parts = {}
    features = None
    for split, rows in splits.items():
        path = str(folder / f"{split}.parquet")
        if features is None:
            features = datasets.Features.from_arrow_schema(pq.read_schema(path))
            features["stance"] = datasets.ClassLabel(names=["", *stance_labels])
            features["certainty"] = datasets.ClassLabel(names=certainty_labels)
        # datasets refuses to build from a file without rows: an empty split is made from the features.
        parts[split] = (datasets.Dataset.from_parquet(path, features=features, cache_dir=str(cache), split=split)
                        if rows else datasets.Dataset.from_dict({name: [] for name in features}, features=features,
                                                                split=split))
    # An empty split saved with the default sharding is written without data and cannot be loaded back.
    empty = {split: 1 for split, rows in splits.items() if not rows}
    datasets.DatasetDict(parts).save_to_disk(str(folder / "dataset"), num_shards=empty)
    for split in splits:
        (folder / f"{split}.parquet").unlink()
    shutil.rmtree(cache, ignore_errors=True)
