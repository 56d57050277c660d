"""Settings from the environment: production refuses to start without a secret, and passes check --deploy."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PRODUCTION = {
    "DATABASE_URL": "postgresql://postgres@127.0.0.1:5432/unused",
    "SECRET_KEY": "x7#Lq" * 12,
    "ALLOWED_HOSTS": "claims.example.org",
    "SECURE_SSL_REDIRECT": "true",
    "SECURE_HSTS_SECONDS": "31536000",
    "SECURE_HSTS_INCLUDE_SUBDOMAINS": "true",
    "SECURE_HSTS_PRELOAD": "true",
}


def manage(*args: str, **env: str) -> subprocess.CompletedProcess:
    clean = {k: v for k, v in os.environ.items() if k not in PRODUCTION and k != "DEBUG"}
    return subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, env={**clean, **env},
                          capture_output=True, text=True, timeout=120)


def test_check_deploy_is_clean_with_production_variables():
    result = manage("check", "--deploy", "--fail-level", "WARNING", **PRODUCTION)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_production_without_secret_key_refuses_to_start():
    env = {k: v for k, v in PRODUCTION.items() if k != "SECRET_KEY"}
    result = manage("check", **env)
    assert result.returncode != 0
    assert "SECRET_KEY must be set when DATABASE_URL is set" in result.stderr


def test_a_non_postgresql_database_is_refused():
    result = manage("check", **{**PRODUCTION, "DATABASE_URL": "sqlite:///db.sqlite3"})
    assert result.returncode != 0
    assert "DATABASE_URL must be a PostgreSQL URL" in result.stderr


def test_debug_must_be_a_boolean():
    result = manage("check", **{**PRODUCTION, "DEBUG": "maybe"})
    assert result.returncode != 0
    assert "DEBUG must be true or false" in result.stderr


def readme_production_variables() -> dict[str, str]:
    """The variables the README's production section exports (a generated SECRET_KEY stands in for its $(...))."""
    readme = (ROOT / "README.md").read_text()
    section = readme.split("## Running in production", 1)[1].split("\n## ", 1)[0]
    variables = {}
    for line in section.splitlines():
        if line.startswith("export "):
            for assignment in line.removeprefix("export ").split("#", 1)[0].split():
                name, _, value = assignment.partition("=")
                variables[name] = value
    variables["SECRET_KEY"] = PRODUCTION["SECRET_KEY"]
    return variables


def test_check_deploy_is_clean_with_the_readme_production_variables():
    variables = readme_production_variables()
    assert {"ALLOWED_HOSTS", "SECURE_HSTS_SECONDS", "SECURE_HSTS_INCLUDE_SUBDOMAINS"} <= set(variables)
    result = manage("check", "--deploy", "--fail-level", "WARNING", **variables)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout
