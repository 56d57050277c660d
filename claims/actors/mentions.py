"""Storing actor mentions: the project's lock, its matcher and the one writer of ActorMention rows.

Mentions are derived from the actor list, and three kinds of work write them: an import (new
sentences), an editor's correction (split, merged or re-parsed sentences) and a re-match (every
sentence, after the list changed). They take turns on a PostgreSQL advisory lock per project, held
to the end of their transactions, and each reads the actor list only after taking it
(`matcher_for`): an import matches its sentences against the list it reads then, and a re-match
waiting for the lock sees the import's sentences once it gets it. So an actor changed during an
import is matched in the import's sentences too, by the re-match that runs after it.
"""

from collections.abc import Sequence

from django.db import connection

from claims.actors.matching import ActorMatcher
from claims.models import Actor, Project

# First key of the project's advisory lock (the second is the project id): "MENT".
MENTIONS_LOCK = 0x4D454E54
COPY_MENTIONS = 'COPY claims_actormention (sentence_id, actor_id, start, "end") FROM STDIN'


def matcher_for(project: Project) -> ActorMatcher:
    """The project's actor list as a matcher, read after taking the project's mentions lock (held to the
    end of this transaction): call it inside the transaction that writes the mentions."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_advisory_xact_lock(%s, %s)", [MENTIONS_LOCK, project.id])
    return ActorMatcher([(actor.id, actor.surface_forms) for actor in Actor.objects.filter(project=project).in_use()])


def write_mentions(*, mentions: Sequence[tuple[int, int, int, int]]) -> int:
    """Store (sentence id, actor id, start, end) mentions, offsets into the source text, with one COPY; how many.

    The caller's transaction holds the project's lock (matcher_for). COPY, not the ORM's
    bulk_create, which would spend most of a large import building model instances; the table's
    statement-level trigger checks the rows (claims.models.corpus.ActorMention).
    """
    if not mentions:
        return 0
    with connection.cursor() as cursor, cursor.cursor.copy(COPY_MENTIONS) as copy:
        for row in mentions:
            copy.write_row(row)
    return len(mentions)
