"""Hostile and broken import files through the command: a message naming the file, nothing stored.

The same files go through the REST API in tests/api/test_hostile_imports_api.py. The property tests
at the end feed the readers random bytes and random (often corrupted) zip archives.
"""

import io
import json
import zipfile

import pytest
from django.core.management import CommandError, call_command
from hypothesis import HealthCheck, event, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from claims.ingest import readers
from claims.ingest.errors import IngestError
from claims.ingest.readers import FORMATS, Limits, RawArticle, read_file
from claims.ingest.service import import_articles
from claims.models import ImportJob, Sentence, Source
from tests.ingest.hostile import ARTICLE, HOSTILE

pytestmark = pytest.mark.django_db


def assert_nothing_stored(project):
    assert Source.objects.filter(project=project).count() == 0
    assert Sentence.objects.filter(project=project).count() == 0
    assert ImportJob.objects.filter(project=project).count() == 0


def import_command(project, tmp_path, name: str, content: bytes) -> str:
    """Run import_sources on a good file and the given one; the error it ends in."""
    (tmp_path / "good.txt").write_bytes(ARTICLE)
    (tmp_path / name).write_bytes(content)
    with pytest.raises(CommandError) as error:
        call_command("import_sources", "--project", project.slug, str(tmp_path / "good.txt"), str(tmp_path / name))
    return str(error.value)


@pytest.mark.parametrize(("name", "content", "message"), [case[1:] for case in HOSTILE], ids=[c[0] for c in HOSTILE])
def test_command_refuses_hostile_file_and_stores_nothing(project, tmp_path, name, content, message):
    error = import_command(project, tmp_path, name, content)
    assert error.startswith("import failed, nothing was stored:")
    assert message in error
    assert_nothing_stored(project)


def test_an_unforeseen_error_in_a_reader_names_the_file(project, tmp_path, monkeypatch):
    def broken(file, text):
        raise KeyError("surprise")

    monkeypatch.setattr(readers, "_read_csv", broken)
    error = import_command(project, tmp_path, "list.csv", b"text\nTalks resumed.\n")
    assert "list.csv: could not be read (KeyError: 'surprise')" in error
    assert_nothing_stored(project)


def test_jsonl_lines_end_at_newline_only(project, tmp_path):
    # JSON allows a raw U+2028 or form feed inside a string; they are not line ends of a JSON Lines file.
    record = json.dumps({"text": "Talks\u2028resumed.\x0cBoth sides met."}, ensure_ascii=False)
    (tmp_path / "a.jsonl").write_text(record + "\n", encoding="utf-8")
    call_command("import_sources", "--project", project.slug, str(tmp_path / "a.jsonl"))
    # Both characters are line breaks in the stored text, and the sentences agree with it.
    assert Source.objects.get(project=project).text == "Talks\nresumed.\nBoth sides met."
    assert list(Sentence.objects.filter(project=project).values_list("text", flat=True)) == [
        "Talks", "resumed.", "Both sides met."]


def test_html_with_an_invalid_canonical_url_keeps_the_page_but_not_the_url(project, tmp_path, capsys):
    page = (b'<html><head><title>Talks</title><link rel="canonical" href="http://intranet/a"></head><body>'
            b"<article><p>" + b"Veloria and Kastran met on Tuesday to discuss the dam. " * 5 + b"</p></article>"
            b"</body></html>")
    (tmp_path / "page.html").write_bytes(page)
    call_command("import_sources", "--project", project.slug, str(tmp_path / "page.html"))
    assert Source.objects.get(project=project).url == ""
    assert "page.html: its URL 'http://intranet/a' is not a valid http or https URL and was left out" in (
        capsys.readouterr().out)


def test_raw_articles_are_held_to_the_model_rules_by_the_service(project):
    """import_articles is public (the demo uses it): the bulk insert never sees what the model refuses."""
    bad = [RawArticle(text="Talks resumed.", origin="api:1", url="javascript:alert(1)"),
           RawArticle(text="Talks \x00resumed.", origin="api:2"),
           RawArticle(text="Talks went on.", origin="api:3", meta={"k": float("nan")})]
    with pytest.raises(IngestError) as error:
        import_articles(project=project, articles=bad)
    messages = str(error.value)
    assert "api:1, field 'url': 'javascript:alert(1)' is not a valid http or https URL" in messages
    assert "api:2: contains a NUL character (U+0000) at position 6" in messages
    assert "api:3: holds nan, which JSON cannot store" in messages
    assert Source.objects.count() == 0


# --- property tests: whatever the bytes, a clean refusal or an import with exact offsets -----------

LIMITS = Limits(max_file_bytes=1_000_000, max_unpacked_bytes=2_000_000)
DOCUMENTS = [f"f{suffix}" for suffix in FORMATS if suffix != ".zip"]
NAMES = st.sampled_from(DOCUMENTS)
JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(st.characters(codec=None), max_size=30),
    lambda children: st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=8), children, max_size=4),
    max_leaves=12,
)
RECORDS = st.fixed_dictionaries(
    {"text": st.text(st.characters(codec=None), min_size=1, max_size=80)},
    optional={"url": st.text(max_size=30) | st.just("https://example.org/a"), "title": st.text(max_size=30),
              "meta": JSON_VALUES, "published": st.text(max_size=12)},
)
# Random bytes, text in odd encodings, and JSON records with any character (lone surrogates, NUL,
# NaN) in any field.
CONTENTS = st.one_of(
    st.binary(max_size=300),
    st.text(max_size=200).map(lambda text: text.encode("utf-8")),
    st.text(max_size=100).map(lambda text: text.encode("utf-16")),
    st.lists(RECORDS, min_size=1, max_size=3).map(lambda rs: "\n".join(map(json.dumps, rs)).encode()),
    st.lists(RECORDS, min_size=1, max_size=3).map(lambda rs: json.dumps(rs).encode()),
)


def store_or_refuse(project, name: str, data: bytes) -> None:
    """Read and import; a refusal must be an IngestError naming the file and store nothing."""
    before = Sentence.objects.filter(project=project).count()
    try:
        articles, _ = read_file(name, data, LIMITS)
        import_articles(project=project, articles=articles)
    except IngestError as error:
        assert error.problems and all(problem.file for problem in error.problems)
        assert Sentence.objects.filter(project=project).count() == before
        event(f"refused: {error.problems[0].message[:40]}")
        return
    event("stored")
    for sentence in Sentence.objects.filter(project=project).select_related("source"):
        assert sentence.source.text[sentence.start : sentence.end] == sentence.text


@hypothesis_settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(name=NAMES, data=CONTENTS)
def test_random_files_are_refused_cleanly_or_stored_exactly(project, name, data):
    store_or_refuse(project, name, data)


@hypothesis_settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    members=st.dictionaries(st.sampled_from([*DOCUMENTS, "sub/f.txt", "x.zip", "../x.txt", "d/"]),
                            st.just(ARTICLE) | CONTENTS, min_size=1, max_size=3),
    method=st.sampled_from([zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED, zipfile.ZIP_BZIP2, zipfile.ZIP_LZMA]),
    damage=st.none() | st.lists(st.tuples(st.integers(min_value=0), st.integers(min_value=0, max_value=255)),
                                min_size=1, max_size=3),
)
def test_random_zip_archives_are_refused_cleanly_or_stored_exactly(project, members, method, damage):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", method) as archive:
        for name, content in members.items():
            archive.writestr(name, content)
    data = bytearray(buffer.getvalue())
    for position, value in damage or []:  # overwrite a few bytes anywhere: headers, sizes, CRCs, streams
        data[position % len(data)] = value
    store_or_refuse(project, "batch.zip", bytes(data))
