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
