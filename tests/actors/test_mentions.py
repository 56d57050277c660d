"""The one owner of stored mentions: matcher_for reads the actor list only once it holds the project's
lock, write_mentions stores exactly the rows it is given, and no other product code writes mentions."""

import ast
import re
import threading
import time
from pathlib import Path

import psycopg
import pytest
from django.db import connection

from claims.actors.mentions import MENTIONS_LOCK, matcher_for, write_mentions
from claims.actors.service import save_actor
from claims.ingest.readers import RawArticle
from claims.ingest.service import import_articles
from claims.models import ActorMention, Sentence

CLAIMS = Path(__file__).resolve().parents[2] / "claims"


def side_connection() -> psycopg.Connection:
    params = connection.get_connection_params()
    params.pop("cursor_factory", None)
    params.pop("context", None)
    return psycopg.connect(**params)


@pytest.mark.django_db(transaction=True)  # the other session must see the actor, and we must see its change
def test_matcher_for_reads_the_actor_list_once_it_holds_the_lock(project):
    veloria = save_actor(project=project, name="Veloria")
    taken = threading.Event()

    def change_under_the_lock():
        # Holds the project's lock while it gives Veloria an alias, and commits the alias as it lets go.
        with side_connection() as other:
            other.execute("SELECT pg_advisory_xact_lock(%s, %s)", [MENTIONS_LOCK, project.id])
            other.execute("UPDATE claims_actor SET aliases = ARRAY['Dunmere'] WHERE id = %s", [veloria.id])
            taken.set()
            time.sleep(0.5)

    thread = threading.Thread(target=change_under_the_lock)
    thread.start()
    assert taken.wait(10)
    started = time.monotonic()
    matcher = matcher_for(project)
    assert time.monotonic() - started >= 0.4
    thread.join()
    assert matcher.find("Dunmere and Veloria") == [(veloria.id, 0, 7), (veloria.id, 12, 19)]


@pytest.mark.django_db
def test_write_mentions_stores_exactly_its_rows_and_nothing_when_given_none(project, django_assert_num_queries):
    import_articles(project=project, articles=[RawArticle(text="Talks\n\nDunmere met Veloria.", origin="a.txt")])
    veloria = save_actor(project=project, name="Veloria")  # matched by its job, which does not run here
    sentence = Sentence.objects.get(project=project, kind="body")
    assert not ActorMention.objects.exists()
    with django_assert_num_queries(0):
        assert write_mentions(mentions=[]) == 0
    dunmere = sentence.start + sentence.text.index("Dunmere")
    assert write_mentions(mentions=[(sentence.id, veloria.id, dunmere, dunmere + 7)]) == 1
    assert list(ActorMention.objects.values_list("sentence_id", "actor_id", "start", "end")) == [
        (sentence.id, veloria.id, dunmere, dunmere + 7)]


def claims_modules():
    return [path for path in CLAIMS.rglob("*.py") if "migrations" not in path.parts]


# Every way product code could create mention rows, spelled as it would appear in the source.
WRITES_MENTIONS = re.compile(
    r"(?<!class )ActorMention\(|ActorMention\.objects\.(create|bulk_create|get_or_create|update_or_create)"
    r"|mentions\.(create|bulk_create|add)\(|(COPY|INSERT INTO)\s+claims_actormention",
    re.IGNORECASE,
)


def test_only_claims_actors_mentions_writes_mention_rows():
    writers = {path.relative_to(CLAIMS).as_posix() for path in claims_modules()
               if WRITES_MENTIONS.search(path.read_text(encoding="utf-8"))}
    assert writers == {"actors/mentions.py"}


def test_claims_actors_never_imports_ingest():
    imported = set()
    for path in (CLAIMS / "actors").glob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and node.module:
                imported.add(node.module)
            elif isinstance(node, ast.Import):
                imported.update(alias.name for alias in node.names)
    assert "claims.actors.matching" in imported  # the walk sees the package's own imports
    assert not {name for name in imported if name == "claims.ingest" or name.startswith("claims.ingest.")}
