"""Reading uploaded files into raw articles: txt, jsonl, json, csv, html, and zips of these.

A reader never touches the database. It returns RawArticle records or raises IngestError with
every problem it found, so that a bad file is reported whole and nothing is stored.
"""

import csv
import datetime
import io
import json
import posixpath
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import charset_normalizer

from claims.ingest.errors import IngestError, Problem

FORMATS = (".txt", ".jsonl", ".json", ".csv", ".html", ".htm", ".zip")
METADATA_FIELDS = ("title", "url", "outlet", "author", "published")
# Stop collecting after this many problems: a wholly wrong file would otherwise list every line.
MAX_PROBLEMS = 50
# Zip members that are archive furniture, not content.
_ZIP_JUNK = ("__MACOSX/", ".DS_Store", "Thumbs.db")


@dataclass
class RawArticle:
    """An article as read from a file, before structure detection and sentence splitting."""

    text: str
    origin: str
    title: str = ""
    url: str = ""
    outlet: str = ""
    author: str = ""
    published: datetime.date | None = None
    meta: dict = field(default_factory=dict)
    # HTML has already been reduced to its article text by trafilatura.
    from_html: bool = False


@dataclass(frozen=True)
class Limits:
    """Size limits in bytes: of one file, and of everything unpacked from one archive."""

    max_file_bytes: int
    max_unpacked_bytes: int


def oversize(name: str, size: int, limit: int) -> Problem | None:
    """The problem with a file of this size, if it is over the limit."""
    return Problem(name, f"is {size:,} bytes, over the limit of {limit:,}") if size > limit else None


def read_file(name: str, data: bytes, limits: Limits) -> tuple[list[RawArticle], list[str]]:
    """Read one uploaded file into articles; also returns notes (e.g. how it was decoded)."""
    if problem := oversize(name, len(data), limits.max_file_bytes):
        raise IngestError([problem])
    suffix = _suffix(name)
    if suffix == ".zip":
        return _read_zip(name, data, limits)
    return _read_document(name, suffix, data)


def _suffix(name: str) -> str:
    suffix = Path(name).suffix.lower()
    if suffix not in FORMATS:
        raise IngestError(
            [Problem(name, f"unknown format {suffix or '(no extension)'!r}; supported: {', '.join(FORMATS)}")]
        )
    return suffix


def _read_document(name: str, suffix: str, data: bytes) -> tuple[list[RawArticle], list[str]]:
    text, notes = decode(name, data)
    if suffix == ".txt":
        articles = [RawArticle(text=text, origin=name)]
    elif suffix == ".jsonl":
        articles = _read_jsonl(name, text)
    elif suffix == ".json":
        articles = _read_json(name, text)
    elif suffix == ".csv":
        articles = _read_csv(name, text)
    else:
        articles = [_read_html(name, text)]
    return articles, notes


def decode(name: str, data: bytes) -> tuple[str, list[str]]:
    """Decode text: UTF-8 (with or without BOM) first, else a detected encoding, else an error."""
    if not data.strip():
        raise IngestError([Problem(name, "is empty")])
    if b"\x00" in data[:8192] and not data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise IngestError([Problem(name, "is a binary file, not text")])
    try:
        return data.decode("utf-8-sig"), []
    except UnicodeDecodeError:
        pass
    best = charset_normalizer.from_bytes(data).best()
    if best is None or best.encoding is None:
        raise IngestError([Problem(name, "is not UTF-8 and its encoding could not be detected; save it as UTF-8")])
    text = str(best)
    if "\x00" in text or sum(not (c.isprintable() or c.isspace()) for c in text[:4096]) > 8:
        raise IngestError([Problem(name, "is a binary file, not text")])
    return text, [f"{name}: not UTF-8, decoded as {best.encoding}"]


def _article_from_object(
    obj: object, file: str, line: int | None, record: int | None = None
) -> tuple[RawArticle | None, list[Problem]]:
    if isinstance(obj, dict) and isinstance(obj.get("data"), dict) and "text" not in obj:
        # A Label Studio task: the article fields sit under "data".
        obj = {**obj["data"], "meta": {"label_studio_id": obj["id"]} if "id" in obj else {}}
    # In a JSON array, records are numbered by position: a line number would mislead.
    prefix = f"record {record}: " if record is not None else ""
    if not isinstance(obj, dict):
        return None, [Problem(file, f"{prefix}each record must be a JSON object", line)]
    problems = []
    text = obj.get("text")
    if not isinstance(text, str) or not text.strip():
        problems.append(Problem(file, f"{prefix}'text' is missing or empty", line, "text"))
    values: dict[str, str] = {}
    for key in ("title", "url", "outlet", "author"):
        value = obj.get(key)
        if value is None:
            continue
        if not isinstance(value, str):
            problems.append(Problem(file, f"{prefix}must be a string", line, key))
        else:
            values[key] = value.strip()
    published, problem = parse_published(obj.get("published"), file, line)
    if problem:
        problems.append(Problem(file, prefix + problem.message, line, problem.field))
    meta = obj.get("meta") or {}
    if not isinstance(meta, dict):
        problems.append(Problem(file, f"{prefix}must be a JSON object", line, "meta"))
        meta = {}
    # Other keys are kept as metadata, as doccano does, so nothing the user sent is lost.
    extra = {k: v for k, v in obj.items() if k not in {"text", "meta", *METADATA_FIELDS}}
    if problems:
        return None, problems
    origin = f"{file}:{line}" if line is not None else file
    return RawArticle(text=text, origin=origin, published=published, meta={**extra, **meta}, **values), []


def parse_published(value: object, file: str, line: int | None) -> tuple[datetime.date | None, Problem | None]:
    """An ISO 8601 date or date-time, or nothing."""
    if value is None or value == "":
        return None, None
    if isinstance(value, str):
        try:
            return datetime.date.fromisoformat(value.strip()[:10]), None
        except ValueError:
            pass
    return None, Problem(file, f"{value!r} is not an ISO date (YYYY-MM-DD)", line, "published")


def _collect(file: str, records: Iterator[tuple[int | None, int | None, object]]) -> list[RawArticle]:
    """Articles from (line, record number, object) triples, or every problem found (up to a limit)."""
    articles, problems = [], []
    for line, record, obj in records:
        article, found = _article_from_object(obj, file, line, record)
        problems.extend(found)
        if article:
            articles.append(article)
        if len(problems) >= MAX_PROBLEMS:
            break
    if problems:
        raise IngestError(problems)
    if not articles:
        raise IngestError([Problem(file, "holds no articles")])
    return articles


def _read_jsonl(file: str, text: str) -> list[RawArticle]:
    def records() -> Iterator[tuple[int, None, object]]:
        for number, line in enumerate(text.splitlines(), start=1):
            if not line.strip():
                continue
            try:
                yield number, None, json.loads(line)
            except json.JSONDecodeError as error:
                message = f"malformed JSON ({error.msg}, column {error.colno})"
                raise IngestError([Problem(file, message, number)]) from None

    return _collect(file, records())


def _read_json(file: str, text: str) -> list[RawArticle]:
    try:
        data = json.loads(text)
    except json.JSONDecodeError as error:
        message = f"malformed JSON ({error.msg}, column {error.colno})"
        raise IngestError([Problem(file, message, error.lineno)]) from None
    if not isinstance(data, list):
        return _collect(file, iter([(None, None, data)]))
    return _collect(file, ((None, number, item) for number, item in enumerate(data, start=1)))


def _read_csv(file: str, text: str) -> list[RawArticle]:
    csv.field_size_limit(16 * 1024 * 1024)
    reader = csv.DictReader(io.StringIO(text, newline=""))
    columns = [c.strip() for c in reader.fieldnames or []]
    if "text" not in columns:
        raise IngestError([Problem(file, f"has no 'text' column (columns: {', '.join(columns) or 'none'})")])
    reader.fieldnames = columns

    def records() -> Iterator[tuple[int, None, object]]:
        try:
            for row in reader:
                if None in row:
                    raise IngestError([Problem(file, "has more values than the header has columns", reader.line_num)])
                meta = {k: v for k, v in row.items() if k not in {"text", *METADATA_FIELDS} and v}
                fields = {k: row[k] for k in ("text", *METADATA_FIELDS) if row.get(k)}
                yield reader.line_num, None, {**fields, "meta": meta}
        except csv.Error as error:
            raise IngestError([Problem(file, f"malformed CSV ({error})", reader.line_num)]) from None

    return _collect(file, records())


def _read_html(file: str, html: str) -> RawArticle:
    # trafilatura is imported here: it pulls in lxml and friends, only needed for HTML.
    import trafilatura

    document = trafilatura.bare_extraction(html, with_metadata=True, include_comments=False, favor_precision=True)
    text = getattr(document, "text", None) if document is not None else None
    if not text or not text.strip():
        raise IngestError([Problem(file, "no article text found in this HTML page")])
    published, _ = parse_published(getattr(document, "date", None), file, None)
    return RawArticle(
        text=text,
        origin=file,
        title=(document.title or "").strip(),
        url=(document.url or "").strip(),
        outlet=(document.sitename or "").strip(),
        author=(document.author or "").strip(),
        published=published,
        from_html=True,
    )


def _read_zip(name: str, data: bytes, limits: Limits) -> tuple[list[RawArticle], list[str]]:
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        members = [m for m in archive.infolist() if not m.is_dir() and not m.filename.startswith(_ZIP_JUNK)]
    except zipfile.BadZipFile:
        raise IngestError([Problem(name, "is not a valid zip archive")]) from None
    problems = []
    for member in members:
        path = member.filename
        if path.startswith(("/", "\\")) or ":" in path.split("/")[0] or ".." in posixpath.normpath(path).split("/"):
            problems.append(Problem(name, f"member {path!r} has an absolute or '..' path"))
        elif Path(path).suffix.lower() == ".zip":
            problems.append(Problem(name, f"member {path!r} is a nested zip archive; unpack it first"))
        elif Path(path).suffix.lower() not in FORMATS:
            supported = ", ".join(FORMATS[:-1])
            problems.append(Problem(name, f"member {path!r} has an unknown format; supported: {supported}"))
    declared = sum(m.file_size for m in members)
    if declared > limits.max_unpacked_bytes:
        limit = limits.max_unpacked_bytes
        problems.append(Problem(name, f"unpacks to {declared:,} bytes, over the limit of {limit:,}"))
    if problems:
        raise IngestError(problems)
    if not members:
        raise IngestError([Problem(name, "holds no files")])
    articles, notes, unpacked = [], [], 0
    for member in members:
        with archive.open(member) as stream:
            # Read one byte past the declared size: a member whose header lies about its size is
            # caught here rather than trusted.
            content = stream.read(min(member.file_size, limits.max_file_bytes) + 1)
        unpacked += len(content)
        if len(content) > member.file_size or unpacked > limits.max_unpacked_bytes:
            raise IngestError([Problem(name, f"member {member.filename!r} unpacks past the size limit")])
        found, found_notes = read_file(f"{name}/{member.filename}", content, limits)
        articles.extend(found)
        notes.extend(found_notes)
    return articles, notes
