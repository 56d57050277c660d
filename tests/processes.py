"""The environment for processes a test starts (Celery workers): the very settings this test run uses.

A worker started by a test must reach the same database (the test database, on whichever server the
run uses: the embedded one listens on a socket folder, not 127.0.0.1), sign with the same secret and
take messages from the same broker, whatever the developer's environment holds. Rebuilding any of these
from defaults sends the worker elsewhere, and the test waits out its timeout.
"""

import os
from urllib.parse import quote

from django.conf import settings
from django.db import connection


def database_url() -> str:
    """A URL for the database the test run is connected to (host may be a socket folder)."""
    db = connection.settings_dict
    password = f":{quote(db['PASSWORD'], safe='')}" if db["PASSWORD"] else ""
    # The embedded server's URL names its socket folder as ?host=..., which Django keeps in OPTIONS.
    host = quote(db["HOST"] or db["OPTIONS"].get("host") or "127.0.0.1", safe="")
    return f"postgresql://{quote(db['USER'], safe='')}{password}@{host}:{db['PORT'] or 5432}/{db['NAME']}"


def process_environment(**extra: str) -> dict[str, str]:
    """os.environ with the test run's database, secret, broker and media folder, plus `extra`."""
    return os.environ | {
        "DATABASE_URL": database_url(),
        "SECRET_KEY": settings.SECRET_KEY,
        "CELERY_BROKER_URL": settings.CELERY_BROKER_URL,
        "MEDIA_ROOT": str(settings.MEDIA_ROOT),
    } | extra
