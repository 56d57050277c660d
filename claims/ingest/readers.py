"""Reading uploaded files into raw articles: txt, jsonl, json, csv, html, and zips of these.

A reader never touches the database. It returns RawArticle records or raises IngestError with
every problem it found, so that a bad file is reported whole and nothing is stored.
"""

import csv
import datetime
import io
import json
import logging
import lzma
import posixpath
import stat
import zipfile
import zlib
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import charset_normalizer

from claims.ingest.errors import IngestError, Problem
from claims.ingest.labels import LabelledClaim, read_labels
from claims.storable import field_problems, is_link, json_problem, string_problem

logger = logging.getLogger(__name__)

FORMATS = (".txt", ".jsonl", ".json", ".csv", ".html", ".htm", ".zip")
METADATA_FIELDS = ("title", "url", "outlet", "author", "published")
_NOT_EXTRA = frozenset({"text", "meta", *METADATA_FIELDS})  # a record's keys that are not kept as metadata
# Stop collecting after this many problems: a wholly wrong file would otherwise list every line.
MAX_PROBLEMS = 50
# Zip members that are archive furniture, not content.
_ZIP_JUNK = ("__MACOSX/", ".DS_Store", "Thumbs.db")
# Compression methods the standard library unpacks; anything else (Deflate64, PPMd, ...) is refused by name.
_UNPACKABLE = {zipfile.ZIP_STORED: "stored", zipfile.ZIP_DEFLATED: "deflate", zipfile.ZIP_BZIP2: "bzip2",
               zipfile.ZIP_LZMA: "lzma"}
_CHUNK = 64 * 1024


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
    # Claims a doccano or Label Studio record was labelled with (claims.ingest.labels); None: no labels.
    labels: list[LabelledClaim] | None = None


@dataclass(frozen=True)
class Limits:
    """Size limits: bytes of one file and of everything unpacked from one archive; characters of one article."""

    max_file_bytes: int
    max_unpacked_bytes: int
    max_article_chars: int = 20_000_000


def overlong(article: "RawArticle", limit: int) -> Problem | None:
    """The problem with an article longer than the per-article limit, if it is."""
    if len(article.text) <= limit:
        return None
    return Problem(article.origin, f"one article of {len(article.text):,} characters, over the limit of {limit:,} "
                                   "for one article (IMPORT_MAX_ARTICLE_CHARS); split it into parts")


def oversize(name: str, size: int, limit: int) -> Problem | None:
    """The problem with a file of this size, if it is over the limit."""
    return Problem(name, f"is {size:,} bytes, over the limit of {limit:,}") if size > limit else None


def read_file(name: str, data: bytes, limits: Limits) -> tuple[list[RawArticle], list[str]]:
    """Read one uploaded file into articles and notes (how it was decoded), or raise IngestError naming it.

    Whatever the bytes, the outcome is articles or an IngestError: an error nobody foresaw becomes
    "NAME: could not be read (REASON)" here, at the boundary, rather than a stack trace.
    """
    try:
        if problem := oversize(name, len(data), limits.max_file_bytes):
            raise IngestError([problem])
        suffix = _suffix(name)
        if suffix == ".zip":
            return _read_zip(name, data, limits)
        return _read_document(name, suffix, data)
    except IngestError:
        raise
    except Exception as error:  # noqa: BLE001 - the boundary: every other error is reported, none escapes
        logger.warning("%s could not be read", name, exc_info=True)
        raise IngestError([Problem(name, f"could not be read ({type(error).__name__}: {str(error)[:200]})")]) from None


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
        article, note = _read_html(name, text)
        articles = [article]
        notes.extend([note] if note else [])
    return articles, notes


def decode(name: str, data: bytes) -> tuple[str, list[str]]:
    """Decode text: UTF-8 (with or without BOM) first, else a detected encoding, else an error."""
    if not data.strip():
        raise IngestError([Problem(name, "is empty")])
    # One rule for NUL, wherever it is: no text holds one (PostgreSQL cannot store it), so a file
    # with one is binary. UTF-16 is the exception, where NUL bytes are half of every ASCII letter;
    # its decoded text is checked instead.
    if not data.startswith((b"\xff\xfe", b"\xfe\xff")) and (position := data.find(b"\x00")) >= 0:
        raise IngestError([Problem(name, f"is a binary file, not text (a NUL byte at byte {position:,})")])
    try:
        return data.decode("utf-8-sig"), []
    except UnicodeDecodeError:
        pass
    best = charset_normalizer.from_bytes(data).best()
    if best is None or best.encoding is None:
        raise IngestError([Problem(name, "is not UTF-8 and its encoding could not be detected; save it as UTF-8")])
    text = str(best)
    if (position := text.find("\x00")) >= 0:
        raise IngestError([Problem(name, f"is a binary file, not text (a NUL character at position {position:,})")])
    if sum(not (c.isprintable() or c.isspace()) for c in text[:4096]) > 8:
        raise IngestError([Problem(name, "is a binary file, not text")])
    return text, [f"{name}: not UTF-8, decoded as {best.encoding}"]


def _article_from_object(
    obj: object, file: str, line: int | None, record: int | None = None
) -> tuple[RawArticle | None, list[Problem]]:
    # In a JSON array, records are numbered by position: a line number would mislead.
    prefix = f"record {record}: " if record is not None else ""
    if not isinstance(obj, dict):
        return None, [Problem(file, f"{prefix}each record must be a JSON object", line)]
    problems = []
    try:
        labels = read_labels(obj)
    except ValueError as error:
        labels, problems = None, [Problem(file, f"{prefix}{error}", line, "labels")]
    if isinstance(obj.get("data"), dict) and "text" not in obj:
        # A Label Studio task: the article fields sit under "data"; its annotations are kept as they came.
        kept = {"label_studio_id": obj["id"]} if "id" in obj else {}
        kept |= {f"label_studio_{key}": obj[key] for key in ("annotations", "predictions") if key in obj}
        given = obj["data"].get("meta")
        given = given if isinstance(given, dict) else {} if given is None else {"data_meta": given}
        obj = {**obj["data"], "meta": {**given, **kept}}
    text = obj.get("text")
    if not isinstance(text, str) or not text or text.isspace():  # blank (strip() would copy the whole text)
        problems.append(Problem(file, f"{prefix}'text' is missing or empty", line, "text"))
    elif problem := string_problem(text):
        problems.append(Problem(file, prefix + problem, line, "text"))
    values: dict[str, str] = {}
    for key in ("title", "url", "outlet", "author"):
        value = obj.get(key)
        if value is None:
            continue
        if not isinstance(value, str):
            problems.append(Problem(file, f"{prefix}must be a string", line, key))
        else:
            values[key] = value.strip()
    problems.extend(Problem(file, prefix + problem, line, key) for key, problem in field_problems(values))
    published, problem = parse_published(obj.get("published"), file, line)
    if problem:
        problems.append(Problem(file, prefix + problem.message, line, problem.field))
    meta = obj.get("meta") or {}
    if not isinstance(meta, dict):
        problems.append(Problem(file, f"{prefix}must be a JSON object", line, "meta"))
        meta = {}
    # Other keys are kept as metadata, as doccano does, so nothing the user sent is lost.
    extra = {k: v for k, v in obj.items() if k not in _NOT_EXTRA}
    for where, value in (("meta", meta), ("meta", extra)):
        if problem := json_problem(value):
            problems.append(Problem(file, prefix + problem, line, where))
    if problems:
        return None, problems
    origin = f"{file}:{line}" if line is not None else file
    return RawArticle(text=text, origin=origin, published=published, meta={**extra, **meta}, labels=labels,
                      **values), []


def parse_published(value: object, file: str, line: int | None) -> tuple[datetime.date | None, Problem | None]:
    """An ISO 8601 date or date-time, or nothing."""
    if value is None or value == "":
        return None, None
    if isinstance(value, str):
        try:
            return datetime.date.fromisoformat(value.strip()[:10]), None
        except ValueError:
            pass
    return None, Problem(file, f"{str(value)[:50]!r} is not an ISO date (YYYY-MM-DD)", line, "published")


def _refuse_constant(name: str) -> object:
    raise ValueError(f"{name} is not a JSON number; use null")


# One decoder for every record: json.loads given parse_constant builds a new one per call.
_STRICT_JSON = json.JSONDecoder(parse_constant=_refuse_constant)


def _parse_json(file: str, text: str, line: int | None) -> object:
    """Parse JSON strictly (no NaN or Infinity), or raise IngestError naming the file and line."""
    try:
        if text.startswith("\ufeff"):  # json.loads refuses a BOM before its decoder runs: so do we
            raise json.JSONDecodeError("Unexpected UTF-8 BOM (decode using utf-8-sig)", text, 0)
        return _STRICT_JSON.decode(text)
    except json.JSONDecodeError as error:
        message = f"malformed JSON ({error.msg}, column {error.colno})"
        raise IngestError([Problem(file, message, line or error.lineno)]) from None
    except RecursionError:
        raise IngestError([Problem(file, "malformed JSON (nested too deeply to read)", line)]) from None
    except ValueError as error:  # NaN or Infinity, or an integer too long to convert
        raise IngestError([Problem(file, f"malformed JSON ({error})", line)]) from None


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
        # Lines end at "\n" only (JSON Lines): splitlines() would also cut at a U+2028 or a form
        # feed, which JSON allows inside a string.
        for number, line in enumerate(text.split("\n"), start=1):
            if line.strip():
                yield number, None, _parse_json(file, line, number)

    return _collect(file, records())


def _read_json(file: str, text: str) -> list[RawArticle]:
    data = _parse_json(file, text, None)
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


def _read_html(file: str, html: str) -> tuple[RawArticle, str | None]:
    """The page's article and a note if its URL was left out."""
    # trafilatura is imported here: it pulls in lxml and friends, only needed for HTML.
    import trafilatura

    document = trafilatura.bare_extraction(html, with_metadata=True, include_comments=False, favor_precision=True)
    text = getattr(document, "text", None) if document is not None else None
    if not text or not text.strip():
        raise IngestError([Problem(file, "no article text found in this HTML page")])
    published, _ = parse_published(getattr(document, "date", None), file, None)
    url, note = (document.url or "").strip(), None
    # A saved page's canonical link is often relative ("/news/1"): not worth refusing the page for,
    # but never stored, since it is shown as a link.
    if url and not is_link(url):
        url, note = "", f"{file}: its URL {url[:100]!r} is not a valid http or https URL and was left out"
    values = {"title": (document.title or "").strip(), "url": url, "outlet": (document.sitename or "").strip(),
              "author": (document.author or "").strip()}
    if problems := field_problems(values):
        raise IngestError([Problem(file, problem, None, key) for key, problem in problems])
    return RawArticle(text=text, origin=file, published=published, from_html=True, **values), note


def _member_problem(member: zipfile.ZipInfo) -> str | None:
    """What makes a zip member unreadable as an article file, judged from its entry alone."""
    path = member.filename
    if path.startswith(("/", "\\")) or ":" in path.split("/")[0] or ".." in posixpath.normpath(path).split("/"):
        return "has an absolute or '..' path"
    mode = member.external_attr >> 16
    if member.create_system == 3 and stat.S_ISLNK(mode):  # 3: made on Unix, where the high bits are st_mode
        return "is a symbolic link, not a file"
    if member.create_system == 3 and stat.S_IFMT(mode) not in (0, stat.S_IFREG):
        return "is not a regular file"
    if member.flag_bits & 0x1:
        return "is encrypted; unpack it and import the files"
    if member.compress_type not in _UNPACKABLE:
        methods = ", ".join(_UNPACKABLE.values())
        return f"uses an unsupported compression method ({member.compress_type}); zip it with one of: {methods}"
    if Path(path).suffix.lower() == ".zip":
        return "is a nested zip archive; unpack it first"
    if Path(path).suffix.lower() not in FORMATS:
        return f"has an unknown format; supported: {', '.join(FORMATS[:-1])}"
    return None


def _unpack(name: str, archive: zipfile.ZipFile, member: zipfile.ZipInfo, limit: int) -> bytes:
    """A member's bytes, counted as they inflate (never trusting its header): at most `limit` of them."""
    chunks, size = [], 0
    try:
        with archive.open(member) as stream:
            while chunk := stream.read(_CHUNK):
                size += len(chunk)
                if size > limit:
                    raise IngestError([Problem(name, f"member {member.filename!r} unpacks past the size limit")])
                chunks.append(chunk)
    except (zipfile.BadZipFile, EOFError, OSError, ValueError, RuntimeError, NotImplementedError, zlib.error,
            lzma.LZMAError) as error:
        # A bad CRC, a truncated or corrupt stream, a header whose sizes lie.
        raise IngestError([Problem(name, f"member {member.filename!r} is damaged ({error})")]) from None
    if size != member.file_size:
        # The standard library stops at the size the header declares but does not mind fewer bytes.
        lie = f"its header says {member.file_size:,} bytes, it holds {size:,}"
        raise IngestError([Problem(name, f"member {member.filename!r} is damaged ({lie})")])
    return b"".join(chunks)


def _read_zip(name: str, data: bytes, limits: Limits) -> tuple[list[RawArticle], list[str]]:
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        members = [m for m in archive.infolist() if not m.is_dir() and not m.filename.startswith(_ZIP_JUNK)]
    except (zipfile.BadZipFile, EOFError, OSError, ValueError, NotImplementedError, UnicodeDecodeError) as error:
        reason = f" ({error})" if str(error) and str(error) != "File is not a zip file" else ""
        raise IngestError([Problem(name, f"is not a valid zip archive{reason}")]) from None
    problems = [Problem(name, f"member {m.filename!r} {problem}") for m in members if (problem := _member_problem(m))]
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
        content = _unpack(name, archive, member, min(limits.max_file_bytes, limits.max_unpacked_bytes - unpacked))
        unpacked += len(content)
        found, found_notes = read_file(f"{name}/{member.filename}", content, limits)
        articles.extend(found)
        notes.extend(found_notes)
    return articles, notes
