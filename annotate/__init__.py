"""Django project package: settings, root URLs, the Celery app, WSGI/ASGI."""

from annotate.celery import app as celery_app

__all__ = ["celery_app"]
