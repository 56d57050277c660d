"""Writers: rows to files, one file per split, written as they come (nothing held but a row group).

Every writer takes the same row tuples and the same column table (claims.export.rows.columns_for) and keeps
values as they are, except CSV, which neutralises formula cells (see CSV_FORMULA_START).
"""

import csv
import functools
import shutil
from pathlib import Path

# A Parquet row group is written once its rows take this much as JSON (about 1,700 rows of short sentences):
# Arrow needs several times that while it parses and encodes, and memory must stay flat.
ROW_GROUP_BYTES = 2 << 20
BUFFER = 1 << 20  # bytes a file writer gathers before it writes: a write a row cost a second a million rows

# A spreadsheet runs a cell that starts with one of these as a formula ("=HYPERLINK(...)"): the CSV
# writer puts an apostrophe before such a cell, which spreadsheets show as text and hide. Tab and
# carriage return are on OWASP's list too. Only CSV does this; the other formats keep text exact.
CSV_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def neutralise(value):
    """The cell as a spreadsheet may read it safely: text that would start a formula gets a leading apostrophe."""
    if isinstance(value, str) and value.startswith(CSV_FORMULA_START):
        return "'" + value
    return value


class _JsonLines:
    """Rows as JSON lines (orjson, UTF-8, every column present, null where empty)."""

    def __init__(self, columns: list[tuple[str, str, str]]):
        import orjson

        self._names = [name for name, _, _ in columns]
        self._dumps, self._option = orjson.dumps, orjson.OPT_APPEND_NEWLINE

    def line(self, row: tuple) -> bytes:
        return self._dumps(dict(zip(self._names, row, strict=True)), option=self._option)


class JsonlWriter(_JsonLines):
    """One JSON object a line."""

    extension = "jsonl"

    def __init__(self, path: Path, columns: list[tuple[str, str, str]]):
        super().__init__(columns)
        self._file = path.open("wb", buffering=BUFFER)

    def write(self, row: tuple) -> None:
        self._file.write(self.line(row))

    def close(self) -> None:
        self._file.close()


class CsvWriter:
    """RFC 4180 CSV with a header row, UTF-8; empty cells for null; formula cells neutralised."""

    extension = "csv"

    def __init__(self, path: Path, columns: list[tuple[str, str, str]]):
        self._file = path.open("w", encoding="utf-8", newline="")
        self._csv = csv.writer(self._file)
        self._csv.writerow([name for name, _, _ in columns])

    def write(self, row: tuple) -> None:
        self._csv.writerow([neutralise(value) for value in row])

    def close(self) -> None:
        self._file.close()


class ParquetWriter(_JsonLines):
    """Parquet with typed columns (pyarrow), one row group per ROW_GROUP_BYTES of rows.

    A row group's rows are kept as JSON lines and parsed by Arrow's JSON reader against the typed
    schema: faster than converting Python values column by column, half the memory of holding
    the tuples, and it keeps pandas (30 MB that pa.array imports on its first call) out of the
    process. Arrow memory comes from the system allocator, which gives a written row group back
    at once (the default mimalloc keeps it), so memory stays at about one row group.
    """

    extension = "parquet"

    def __init__(self, path: Path, columns: list[tuple[str, str, str]]):
        import pyarrow as pa
        import pyarrow.json as pa_json
        import pyarrow.parquet as pq

        super().__init__(columns)
        self._pa, self._pool = pa, pa.system_memory_pool()
        self._schema = pa.schema([pa.field(name, pa.type_for_alias(kind), metadata={"description": what})
                                  for name, kind, what in columns])
        self._read = functools.partial(
            pa_json.read_json, read_options=pa_json.ReadOptions(use_threads=False, block_size=1 << 26),
            parse_options=pa_json.ParseOptions(explicit_schema=self._schema, unexpected_field_behavior="error"),
            memory_pool=self._pool)
        self._writer = pq.ParquetWriter(path, self._schema, compression="zstd", memory_pool=self._pool)
        # One growing buffer, not a list of orjson's bytes: each of those keeps the allocation it was
        # written into (kilobytes), and ten thousand of them held 100 MB.
        self._lines = bytearray()

    def write(self, row: tuple) -> None:
        self._lines += self.line(row)
        if len(self._lines) >= ROW_GROUP_BYTES:
            self._flush()

    def _flush(self) -> None:
        data, self._lines = self._lines, bytearray()
        self._writer.write_table(self._read(self._pa.BufferReader(data)))

    def close(self) -> None:
        if self._lines:
            self._flush()
        self._writer.close()


class DoccanoWriter:
    """doccano's JSONL: one record (claims.export.tools.doccano_record) a line."""

    extension = "jsonl"
    records = "doccano"

    def __init__(self, path: Path, columns: list[tuple[str, str, str]]):
        import orjson

        self._dumps, self._option = orjson.dumps, orjson.OPT_APPEND_NEWLINE
        self._file = path.open("wb", buffering=BUFFER)

    def write_record(self, record: dict) -> None:
        self._file.write(self._dumps(record, option=self._option))

    def close(self) -> None:
        self._file.close()


class LabelStudioWriter(DoccanoWriter):
    """Label Studio's JSON task import: one array of tasks (claims.export.tools.labelstudio_task), a task a line."""

    extension = "json"
    records = "labelstudio"

    def __init__(self, path: Path, columns: list[tuple[str, str, str]]):
        super().__init__(path, columns)
        self._file.write(b"[")
        self._separator = b"\n"

    def write_record(self, record: dict) -> None:
        self._file.write(self._separator + self._dumps(record))
        self._separator = b",\n"

    def close(self) -> None:
        self._file.write(b"\n]\n")
        self._file.close()


WRITERS = {"jsonl": JsonlWriter, "csv": CsvWriter, "parquet": ParquetWriter, "hf": ParquetWriter,
           "doccano": DoccanoWriter, "labelstudio": LabelStudioWriter}
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
