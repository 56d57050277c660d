"""Long articles (issue 17): offsets checked in linear time, a per-article limit, a killed client stops."""

import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.db import IntegrityError, InternalError, connection, transaction

from claims.ingest.errors import IngestError
from claims.ingest.readers import RawArticle
from claims.ingest.service import InputFile, import_articles, import_files
from claims.models import Sentence, Source
from tests.processes import process_environment

DB_ERRORS = (IntegrityError, InternalError)

# Multi-byte characters (2, 3 and 4 bytes) so that characters and bytes differ everywhere.
PARAGRAPH = "Kastran’s envoy said the dam was “safe” — Veloria disagreed 🙂. Dunmere, naïve, waited. "


@pytest.fixture
def long_source(project):
    import_articles(project=project, articles=[RawArticle(text=PARAGRAPH * 40, origin="long.txt")])
    return Source.objects.get(project=project)


@pytest.mark.django_db
def test_every_sentence_of_a_long_article_is_stored_exactly_across_the_checks_blocks(long_source):
    sentences = list(Sentence.objects.filter(source=long_source))
    assert len(sentences) > 40 and len(long_source.text) > 3 * 255
    assert all(long_source.text[s.start:s.end] == s.text for s in sentences)
    # Some sentences straddle a 255-character block of the check, or start or end exactly on one.
    assert any(s.start // 255 != (s.end - 1) // 255 for s in sentences)


@pytest.mark.django_db
@pytest.mark.parametrize("start", [0, 250, 254, 255, 256, 509, 510, 1000])
def test_a_sentence_that_does_not_match_its_text_is_refused_wherever_it_lies(long_source, start):
    text = long_source.text
    for end in (start + 1, start + 5, start + 300):
        right = text[start:end]
        wrong = right[:-1] + ("x" if right[-1] != "x" else "y")
        with pytest.raises(DB_ERRORS, match="does not match the text of source"), transaction.atomic():
            Sentence.objects.create(project=long_source.project, source=long_source, index=10_000, start=start,
                                    end=end, text=wrong)
        with transaction.atomic():  # the exact slice is accepted, then undone
            Sentence.objects.create(project=long_source.project, source=long_source, index=10_000, start=start,
                                    end=end, text=right)
            transaction.set_rollback(True)


@pytest.mark.django_db
def test_a_sentence_past_the_end_of_a_long_text_is_refused(long_source):
    length = len(long_source.text)
    with pytest.raises(DB_ERRORS), transaction.atomic():
        Sentence.objects.create(project=long_source.project, source=long_source, index=10_000, start=length - 1,
                                end=length + 255, text=long_source.text[-1])


@pytest.mark.django_db
def test_an_article_over_the_per_article_limit_is_refused_up_front_and_nothing_is_stored(
        project, settings, tmp_path: Path):
    settings.IMPORT_MAX_ARTICLE_CHARS = 1_000
    path = tmp_path / "book.jsonl"
    path.write_text('{"text": "Short and fine."}\n{"text": "%s"}\n' % ("Long. " * 200), encoding="utf-8")
    with pytest.raises(IngestError) as refused:
        import_files(project=project, files=[InputFile("book.jsonl", path)])
    assert str(refused.value) == ("book.jsonl:2: one article of 1,200 characters, over the limit of 1,000 for one "
                                  "article (IMPORT_MAX_ARTICLE_CHARS); split it into parts")
    assert not Source.objects.filter(project=project).exists()


KILLED_CLIENT = """
import django, os
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "annotate.settings")
django.setup()
from django.db import connection
with connection.cursor() as cursor:
    cursor.execute("SET application_name = %s", [os.environ["APP_NAME"]])
    print("ready", flush=True)
    cursor.execute("SELECT pg_sleep(120)")  # a long statement: a COPY of a long article, a re-match
"""


@pytest.mark.django_db(transaction=True)
def test_a_killed_clients_statement_stops_within_seconds():
    # The client (a worker or a command) is killed; without client_connection_check_interval its
    # backend would run the statement to its end, holding whatever locks it took.
    name = f"killed-client-{time.monotonic_ns()}"
    child = subprocess.Popen([sys.executable, "-c", KILLED_CLIENT], env=process_environment(APP_NAME=name),
                             stdout=subprocess.PIPE, text=True, cwd=Path(__file__).resolve().parents[2])
    assert child.stdout.readline().strip() == "ready"

    def backends() -> int:
        with connection.cursor() as cursor:
            cursor.execute("SELECT count(*) FROM pg_stat_activity WHERE application_name = %s", [name])
            return cursor.fetchone()[0]

    deadline = time.monotonic() + 10
    while not backends() and time.monotonic() < deadline:
        time.sleep(0.1)
    assert backends() == 1
    child.kill()
    child.wait()
    killed = time.monotonic()
    while backends() and time.monotonic() < killed + 15:
        time.sleep(0.2)
    assert backends() == 0, "the killed client's statement was still running after 15 s"
