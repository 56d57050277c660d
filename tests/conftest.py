"""Shared fixtures: the three personas (manager, annotator, outsider) and a project."""

import pytest
from rest_framework.test import APIClient

from claims.models import Role, User
from claims.projects import add_member, create_project


def make_user(username: str) -> User:
    return User.objects.create_user(username=username, password="pw-" + username)


@pytest.fixture
def manager(db) -> User:
    return make_user("manager")


@pytest.fixture
def editor(db) -> User:
    return make_user("editor")


@pytest.fixture
def annotator(db) -> User:
    return make_user("annotator")


@pytest.fixture
def outsider(db) -> User:
    return make_user("outsider")


@pytest.fixture
def project(manager, editor, annotator):
    project = create_project(name="Border talks", slug="border-talks", manager=manager)
    add_member(project=project, user=editor, role=Role.EDITOR)
    add_member(project=project, user=annotator, role=Role.ANNOTATOR)
    return project


@pytest.fixture
def stranger(db):
    """A manager of another project: a member of something, but not of this project."""
    user = User.objects.create_user(username="stranger", password="pw-stranger")
    create_project(name="Elsewhere", slug="elsewhere", manager=user)
    return user


@pytest.fixture
def api():
    """An API client; call api.force_authenticate(user) or use as_user."""
    return APIClient()


@pytest.fixture
def as_user(api):
    def login(user: User) -> APIClient:
        api.force_authenticate(user)
        return api

    return login


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    # The real hasher takes ~0.3 s a user by design; tests create many users.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def celery_worker():
    """A real Celery worker (in a thread) on the configured broker, on a queue of its own.

    The private queue keeps a developer's running worker, which uses the development database,
    from taking the test's messages.
    """
    import uuid

    from celery.contrib.testing.worker import start_worker
    from celery.signals import task_postrun
    from django.db import connections

    from annotate.celery import app

    queue = f"tests-{uuid.uuid4().hex[:8]}"
    previous = app.conf.task_default_queue
    app.conf.task_default_queue = queue

    # Django connections are per thread: the worker thread closes its own after each task, so the
    # test database can be dropped and no other thread's connection (a live server's) is touched.
    def close_worker_connections(**_):
        connections.close_all()

    task_postrun.connect(close_worker_connections, weak=False)
    try:
        with start_worker(app, pool="solo", perform_ping_check=False, shutdown_timeout=10, queues=[queue]) as worker:
            yield worker
    finally:
        task_postrun.disconnect(close_worker_connections)
        app.conf.task_default_queue = previous


@pytest.fixture(autouse=True)
def _media_in_tmp(settings, tmp_path):
    # Uploaded files go to a per-test folder, not the developer's var/media.
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def run_rematch():
    """run_rematch(project): run the project's queued actor re-match here, as the worker would, and return it."""
    from claims.actors.rematch import run_rematch_job
    from claims.models import ActorMatchJob

    def run(project) -> ActorMatchJob:
        job = ActorMatchJob.objects.filter(project=project, status="queued").get()
        return run_rematch_job(job_id=job.id)

    return run


ARTICLES_TO_ANNOTATE = [
    ("Dam talks stall in Dunmere\n\nVeloria said on Monday that it would fund the new dam. Kastran rejected the "
     "plan and accused Veloria of ignoring farmers. The bloc called for talks.\n\nOfficials in Dunmere declined to "
     "comment.", "Dam talks", "Northwind Wire"),
    ("Border reopens\n\nKastran denied that it had sent troops to the border. Estravia welcomed the decision.",
     "Border", "Ledger"),
]


@pytest.fixture
def annotation_corpus(project):
    """The project with three actors and six body sentences to annotate (document order), overlap 2."""
    from types import SimpleNamespace

    from claims.actors.service import save_actor
    from claims.ingest.readers import RawArticle
    from claims.ingest.service import import_articles
    from claims.models import Sentence

    actors = {name: save_actor(project=project, name=name, kind="state", aliases=aliases)
              for name, aliases in (("Veloria", ["Dunmere"]), ("Kastran", []), ("Estravia", []))}
    import_articles(project=project, articles=[RawArticle(text=text, origin=f"{n}.txt", title=title, outlet=outlet)
                                               for n, (text, title, outlet) in enumerate(ARTICLES_TO_ANNOTATE)])
    sentences = list(Sentence.objects.filter(project=project, kind="body").order_by("source_id", "index"))
    return SimpleNamespace(project=project, actors=actors, sentences=sentences)


@pytest.fixture(autouse=True)
def _fresh_token_memory():
    # API tokens are remembered per process for a few seconds; each test starts with none.
    from claims.api.auth import forget_tokens

    forget_tokens()
