"""Importing files: every format, every bad input (clear message, nothing stored), dedupe, offsets."""

import io
import json
import zipfile

import pytest
from django.core.management import CommandError, call_command
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from claims.actors.service import save_actor
from claims.ingest.article import PARSER_VERSION
from claims.ingest.errors import IngestError
from claims.ingest.jobs import run_import_now
from claims.ingest.prepare import content_hash
from claims.ingest.readers import RawArticle
from claims.ingest.service import InputFile, import_articles
from claims.models import ActorMention, ImportJob, Project, Sentence, Source

pytestmark = pytest.mark.django_db

ARTICLE = (
    "Ministers meet in Port Asmel as dam talks resume\n"
    "Foreign ministers from Veloria and Kastran met in Port Asmel on Tuesday. "
    "Gen. Piotr Halas said the U.S. observers were not invited. "
    "“We will not sign anything today,” Ms. Dressel said.\n"
    "The talks are expected to last three days.\n"
)


def write(tmp_path, name: str, content: str | bytes) -> InputFile:
    path = tmp_path / name
    path.write_bytes(content.encode() if isinstance(content, str) else content)
    return InputFile(name, path)


def import_files(project, *files):
    return run_import_now(project=project, files=list(files))[1]


def assert_nothing_stored(project):
    assert Source.objects.filter(project=project).count() == 0
    assert Sentence.objects.filter(project=project).count() == 0
    assert ImportJob.objects.filter(project=project).count() == 0


def assert_offsets_exact(project):
    for sentence in Sentence.objects.filter(project=project).select_related("source"):
        assert sentence.source.text[sentence.start : sentence.end] == sentence.text


# --- formats -----------------------------------------------------------------------------------


def test_txt_article_gets_title_and_sentences(project, tmp_path):
    summary = import_files(project, write(tmp_path, "talks.txt", ARTICLE))
    assert (summary.sources, summary.duplicates) == (1, 0)
    source = Source.objects.get(project=project)
    assert source.title == "Ministers meet in Port Asmel as dam talks resume"
    kinds = list(source.sentences.values_list("kind", flat=True))
    assert kinds[0] == "title" and kinds.count("body") == 4
    texts = list(source.sentences.filter(kind="body").values_list("text", flat=True))
    assert texts[1] == "Gen. Piotr Halas said the U.S. observers were not invited."
    assert texts[2] == "“We will not sign anything today,” Ms. Dressel said."
    assert summary.sentences == source.sentences.count()
    assert_offsets_exact(project)


def test_crlf_is_normalised_once_at_import(project, tmp_path):
    import_files(project, write(tmp_path, "crlf.txt", ARTICLE.replace("\n", "\r\n")))
    source = Source.objects.get(project=project)
    assert "\r" not in source.text
    assert_offsets_exact(project)


def test_jsonl_with_metadata(project, tmp_path):
    lines = [
        {"text": "Kastran denied the report. It said the dam is safe.", "title": "Denial", "outlet": "KSN",
         "author": "A. Writer", "url": "https://example.org/a", "published": "2026-03-09", "meta": {"desk": "x"},
         "story": 7},
        {"text": "Veloria welcomed the talks."},
    ]
    summary = import_files(project, write(tmp_path, "a.jsonl", "\n".join(json.dumps(x) for x in lines) + "\n\n"))
    assert summary.sources == 2
    first = Source.objects.get(project=project, title="Denial")
    assert (first.outlet, first.author, first.url, str(first.published)) == (
        "KSN", "A. Writer", "https://example.org/a", "2026-03-09")
    assert first.meta == {"desk": "x", "story": 7}
    assert first.original_name == "a.jsonl:1"
    assert list(first.sentences.values_list("text", flat=True)) == ["Kastran denied the report.",
                                                                     "It said the dam is safe."]


def test_json_array_and_label_studio_tasks(project, tmp_path):
    data = [{"text": "One article here."}, {"id": 9, "data": {"text": "A Label Studio task.", "title": "LS"}}]
    assert import_files(project, write(tmp_path, "a.json", json.dumps(data))).sources == 2
    assert Source.objects.get(title="LS").meta == {"label_studio_id": 9}


def test_csv_with_optional_columns(project, tmp_path):
    csv_text = 'title,text,outlet,published,desk\nFirst,"Veloria said no. Kastran said yes.",NW,2026-03-10,world\n'
    summary = import_files(project, write(tmp_path, "a.csv", csv_text))
    assert (summary.sources, summary.sentences) == (1, 2)
    source = Source.objects.get(project=project)
    assert (source.title, source.outlet, str(source.published), source.meta) == ("First", "NW", "2026-03-10",
                                                                                   {"desk": "world"})


def test_html_main_text_and_metadata(project, tmp_path):
    html = """<html><head><title>Dam talks resume | Northwind Wire</title>
    <meta property="og:site_name" content="Northwind Wire"><meta name="author" content="Jonas Pell">
    <meta property="article:published_time" content="2026-03-11T08:00:00Z"></head>
    <body><nav>Home | World | Sport</nav><article><h1>Dam talks resume</h1>
    <p>Foreign ministers from Veloria and Kastran met again on Wednesday to discuss the Tarvos Dam.
    Officials said the meeting lasted four hours and ended without a statement.</p>
    <p>Both delegations are expected to return to Port Asmel next week for a further round.
    Observers from the regional bloc attended as guests of the host government.</p></article>
    <footer>Share this article. Back to Top. Copyright 2026</footer></body></html>"""
    import_files(project, write(tmp_path, "page.html", html))
    source = Source.objects.get(project=project)
    assert source.author == "Jonas Pell"
    assert str(source.published) == "2026-03-11"
    assert source.outlet == "Northwind Wire"
    assert "Foreign ministers from Veloria" in source.text
    assert "Home | World" not in source.text and "Back to Top" not in source.text
    assert_offsets_exact(project)


def test_zip_of_mixed_formats(project, tmp_path):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("one.txt", "Veloria closed the border. Kastran protested.")
        archive.writestr("more/two.jsonl", json.dumps({"text": "The bloc met on Friday."}))
        archive.writestr("__MACOSX/._one.txt", "junk")
    assert import_files(project, write(tmp_path, "batch.zip", buffer.getvalue())).sources == 2


def test_cp1252_text_is_detected_and_decoded(project, tmp_path):
    text = "Le ministre a déclaré que l’accord était « prématuré ». Les négociations reprendront à Genève."
    summary = import_files(project, write(tmp_path, "fr.txt", text.encode("cp1252")))
    assert Source.objects.get(project=project).text == text
    assert any("not UTF-8" in note for note in summary.notes)


# --- dedupe ------------------------------------------------------------------------------------


def test_reimport_skips_duplicates_by_normalised_hash(project, tmp_path):
    import_files(project, write(tmp_path, "a.txt", ARTICLE))
    # Same words, different whitespace and case: still the same article.
    again = import_files(project, write(tmp_path, "b.txt", ARTICLE.upper().replace(" ", "  ")),
                         write(tmp_path, "c.txt", "A genuinely new article. It has two sentences."))
    assert (again.sources, again.duplicates) == (1, 1)
    assert Source.objects.filter(project=project).count() == 2


def test_duplicates_within_one_import_are_counted(project, tmp_path):
    lines = "\n".join(json.dumps({"text": "Same text. Twice."}) for _ in range(3))
    summary = import_files(project, write(tmp_path, "dup.jsonl", lines))
    assert (summary.sources, summary.duplicates) == (1, 2)


def test_same_article_in_two_projects_is_not_a_duplicate(project, manager, tmp_path):
    other = Project.objects.create(name="Other", slug="other")
    import_files(project, write(tmp_path, "a.txt", ARTICLE))
    assert import_files(other, write(tmp_path, "a.txt", ARTICLE)).sources == 1
    assert Source.objects.get(project=other).content_hash == content_hash(Source.objects.get(project=project).text)


# --- actor mentions ----------------------------------------------------------------------------


def test_mentions_recorded_with_offsets_into_source(project, tmp_path):
    save_actor(project=project, name="Kastran", kind="state", aliases=["Bravik", "Amber Palace"])
    save_actor(project=project, name="Piotr Halas", kind="person", aliases=["Gen. Piotr Halas", "Halas"])
    text = "Bravik’s envoy met Gen. Piotr Halas. Kastran's army moved; the amber palace said nothing."
    import_files(project, write(tmp_path, "a.txt", text))
    source = Source.objects.get(project=project)
    found = [(m.actor.name, source.text[m.start : m.end]) for m in
             ActorMention.objects.filter(sentence__source=source).select_related("actor")]
    assert found == [("Kastran", "Bravik"), ("Piotr Halas", "Gen. Piotr Halas"), ("Kastran", "Kastran"),
                     ("Kastran", "amber palace")]


# --- bad input: a clear message and nothing stored ------------------------------------------------


BAD_INPUTS = [
    ("empty.txt", b"", "empty.txt: is empty"),
    ("blank.jsonl", b"\n  \n", "blank.jsonl: is empty"),
    ("image.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00", "image.txt: is a binary file"),
    ("bad.jsonl", b'{"text": "fine"}\n{"text": "broken",\n', "bad.jsonl, line 2: malformed JSON"),
    ("notext.jsonl", b'{"title": "no text"}\n', "notext.jsonl, line 1, field 'text': 'text' is missing or empty"),
    ("date.jsonl", b'{"text": "x.", "published": "last Tuesday"}\n', "field 'published'"),
    ("cols.csv", b"title,body\nA,B\n", "cols.csv: has no 'text' column (columns: title, body)"),
    ("array.json", b'[{"text": "Fine."}, {"title": "x"}]', "array.json, field 'text': record 2: 'text' is missing"),
    ("ragged.csv", b'text,title\n"One.",A,extra\n', "ragged.csv, line 2: has more values than the header has columns"),
    ("article.pdf", b"%PDF-1.4", "article.pdf: unknown format '.pdf'"),
    ("noext", b"hello", "unknown format '(no extension)'"),
    ("page.html", b"<html><body><nav>Home</nav></body></html>", "page.html: no article text"),
]


@pytest.mark.parametrize(("name", "content", "message"), BAD_INPUTS, ids=[b[0] for b in BAD_INPUTS])
def test_bad_input_is_rejected_whole(project, tmp_path, name, content, message):
    good = write(tmp_path, "good.txt", ARTICLE)
    with pytest.raises(IngestError) as error:
        import_files(project, good, write(tmp_path, name, content))
    assert message in str(error.value)
    assert_nothing_stored(project)


def zip_bytes(members: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in members.items():
            archive.writestr(zipfile.ZipInfo(name), content)
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("members", "message"),
    [
        ({"inner.zip": zip_bytes({"a.txt": b"x"})}, "member 'inner.zip' is a nested zip archive"),
        ({"../escape.txt": b"Text."}, "member '../escape.txt' has an absolute or '..' path"),
        ({"/etc/passwd.txt": b"Text."}, "member '/etc/passwd.txt' has an absolute or '..' path"),
        ({"a/../../b.txt": b"Text."}, "has an absolute or '..' path"),
        ({"virus.exe": b"MZ"}, "member 'virus.exe' has an unknown format"),
        ({}, "batch.zip: holds no files"),
    ],
    ids=["nested", "dotdot", "absolute", "deep-dotdot", "unknown-member", "empty"],
)
def test_bad_zip_is_rejected_whole(project, tmp_path, members, message):
    with pytest.raises(IngestError) as error:
        import_files(project, write(tmp_path, "batch.zip", zip_bytes(members)))
    assert message in str(error.value)
    assert_nothing_stored(project)


def test_zip_over_unpacked_limit(project, tmp_path, settings):
    settings.IMPORT_MAX_UNPACKED_BYTES = 10_000
    archive = zip_bytes({"big.txt": b"All work and no play. " * 1000})  # compresses to almost nothing
    with pytest.raises(IngestError, match="unpacks to 22,000 bytes, over the limit of 10,000"):
        import_files(project, write(tmp_path, "bomb.zip", archive))
    assert_nothing_stored(project)


def test_not_a_zip(project, tmp_path):
    with pytest.raises(IngestError, match="broken.zip: is not a valid zip archive"):
        import_files(project, write(tmp_path, "broken.zip", b"PK\x03\x04 not really"))
    assert_nothing_stored(project)


def test_file_over_size_limit(project, tmp_path, settings):
    settings.IMPORT_MAX_FILE_BYTES = 100
    with pytest.raises(IngestError, match=r"big.txt: is 2,200 bytes, over the limit of 100"):
        import_files(project, write(tmp_path, "big.txt", "Text goes on. " * 100 + "x" * 800))
    assert_nothing_stored(project)


def test_only_furniture_is_an_error(project, tmp_path):
    with pytest.raises(IngestError, match="no article text left"):
        import_files(project, write(tmp_path, "furniture.txt", "Back to Top\n"))
    assert_nothing_stored(project)


# --- the management command ----------------------------------------------------------------------


def test_command_imports_and_summarises(project, tmp_path, capsys):
    write(tmp_path, "a.txt", ARTICLE)
    call_command("import_sources", "--project", project.slug, str(tmp_path / "a.txt"))
    out = capsys.readouterr().out
    assert "1 sources, 5 sentences imported; 0 duplicates skipped" in out
    call_command("import_sources", "--project", project.slug, str(tmp_path))
    assert "0 sources, 0 sentences imported; 1 duplicates skipped" in capsys.readouterr().out


def test_command_create_makes_project(db, tmp_path):
    write(tmp_path, "a.txt", ARTICLE)
    call_command("import_sources", "--project", "fresh", "--create", str(tmp_path / "a.txt"))
    assert Source.objects.filter(project__slug="fresh").count() == 1


def test_command_records_file_names_not_server_paths(project, tmp_path):
    write(tmp_path, "a.jsonl", '{"text": "Veloria said no."}\n')
    (tmp_path / "corpus" / "2026").mkdir(parents=True)
    (tmp_path / "corpus" / "2026" / "b.txt").write_text(ARTICLE)
    call_command("import_sources", "--project", project.slug, str(tmp_path / "a.jsonl"), str(tmp_path / "corpus"))
    names = set(Source.objects.filter(project=project).values_list("original_name", flat=True))
    assert names == {"a.jsonl:1", "corpus/2026/b.txt"}
    job = ImportJob.objects.get(project=project)
    assert [f["name"] for f in job.files] == ["a.jsonl", "corpus/2026/b.txt"]


def test_command_create_with_a_manager(db, manager, tmp_path, capsys):
    write(tmp_path, "a.txt", ARTICLE)
    call_command("import_sources", "--project", "fresh", "--create", "--manager", "manager", str(tmp_path / "a.txt"))
    project = Project.objects.get(slug="fresh")
    assert project.role_of(manager) == "manager"
    assert ImportJob.objects.get(project=project).created_by == manager
    assert "manager is a manager of fresh" in capsys.readouterr().out
    # Again: the re-import skips the duplicate and the membership stays as it is.
    call_command("import_sources", "--project", "fresh", "--manager", "manager", str(tmp_path / "a.txt"))
    assert project.memberships.count() == 1


def test_command_unknown_manager_changes_nothing(db, tmp_path):
    write(tmp_path, "a.txt", ARTICLE)
    with pytest.raises(CommandError, match="no user 'ghost'"):
        call_command("import_sources", "--project", "fresh", "--create", "--manager", "ghost", str(tmp_path))
    assert not Project.objects.filter(slug="fresh").exists()


def test_command_unknown_project_without_create(db, tmp_path):
    with pytest.raises(CommandError, match="no project 'nope'; pass --create"):
        call_command("import_sources", "--project", "nope", str(tmp_path))


def test_command_error_leaves_nothing_not_even_the_created_project(db, tmp_path):
    write(tmp_path, "a.txt", ARTICLE)
    write(tmp_path, "bad.jsonl", "{oops\n")
    with pytest.raises(CommandError, match=r"bad.jsonl, line 1: malformed JSON"):
        call_command("import_sources", "--project", "fresh", "--create", str(tmp_path))
    assert not Project.objects.filter(slug="fresh").exists()
    assert Source.objects.count() == 0


def test_command_missing_path(project, tmp_path):
    with pytest.raises(CommandError, match="no such file or folder"):
        call_command("import_sources", "--project", project.slug, str(tmp_path / "missing.txt"))


# --- offsets on random text, through PostgreSQL --------------------------------------------------

NEWSY = st.lists(
    st.sampled_from(list("abcXYZ .,!?;:\"'“”‘’()—-…\n\r\t\u00a0\u2028éß😀1") + ["U.S. ", "Mr. ", "\r\n", "Moscow "]),
    min_size=1, max_size=200,
).map("".join)


@hypothesis_settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=NEWSY)
def test_random_text_stores_exact_offsets(project, text):
    stored_before = Sentence.objects.filter(project=project).count()
    try:
        import_articles(project=project, articles=[RawArticle(text=text, origin="random.txt")])
    except IngestError as error:
        # Only whitespace or page furniture ("———", "Share"): refused whole, nothing stored.
        assert "no article text left" in str(error)
        assert Sentence.objects.filter(project=project).count() == stored_before
        return
    # The database trigger already refused any mismatch; read back and check once more.
    for sentence in Sentence.objects.filter(project=project).select_related("source"):
        assert sentence.source.text[sentence.start : sentence.end] == sentence.text
        assert sentence.text == sentence.text.strip() and sentence.text


# --- nothing the parser judges to be furniture is lost ------------------------------------------------

PAGE = (
    "Editor in Chief: Jane Doe Monday, March 3rd, 2025\r\n"
    "Ministers meet in Port Asmel as dam talks resume\r\n"
    "Share on Facebook / Twitter\r\n"
    "Foreign ministers from Veloria and Kastran met in Port Asmel on Tuesday.   \r\n"
    "Topics: the budget, the war and the dam.\r\n"
    "\r\n\r\n\r\n\r\n"
    "Back to Top\r\n"
    "The opinions and views expressed by the authors are theirs alone and don't reflect any official position "
    "of The Asmel Ledger.\r\n"
)


def test_furniture_is_kept_as_segments_with_every_character_and_the_rules(project, tmp_path):
    import_files(project, write(tmp_path, "page.txt", PAGE))
    source = Source.objects.get(project=project)
    assert source.text == PAGE.replace("\r\n", "\n")  # every character, line endings unified
    assert source.parser_version == PARSER_VERSION
    rows = list(Sentence.objects.filter(source=source).values_list("kind", "rule", "text"))
    assert ("furniture", "furniture.share-row", "Share on Facebook / Twitter") in rows
    assert ("furniture", "furniture.back-to-top", "Back to Top") in rows
    assert ("body", "body.paragraph", "Topics: the budget, the war and the dam.") in rows
    assert rows[0] == ("byline", "byline.masthead-role", "Editor in Chief: Jane Doe Monday, March 3rd, 2025")
    assert rows[1][:2] == ("title", "title.first-line")
    assert rows[-1][:2] == ("disclaimer", "disclaimer.views-of-site")
    assert all(rule for _, rule, _ in rows)
    # The masthead's editor and date and the disclaimer's site are the source's metadata.
    assert (source.title, source.outlet, str(source.published)) == (
        "Ministers meet in Port Asmel as dam talks resume", "The Asmel Ledger", "2025-03-03"
    )
    assert source.meta == {"editor": "Jane Doe"}
    assert_offsets_exact(project)
