"""Database access below the ORM that several capabilities share: server-side prepared statements."""

from django.db import connection
from django.db.backends.postgresql.base import ServerBindingCursor
from django.db.backends.utils import CursorWrapper


def prepared_cursor() -> CursorWrapper:
    """A Django cursor whose parameters are bound by the server, so that psycopg prepares each statement
    (from its fifth run on a connection) and PostgreSQL plans it once, not on every request.

    Planning the queue's statements cost about as much as running them: Django's default cursor
    sends every statement as new text with the values inlined. Queries stay counted in tests.
    """
    connection.ensure_connection()
    connection.validate_thread_sharing()
    raw = ServerBindingCursor(connection.connection)
    return connection.make_debug_cursor(raw) if connection.queries_logged else connection.make_cursor(raw)
