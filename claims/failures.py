"""Django's error handlers: JSON with `detail` for the API, pages for people; 503 while the database is down.

Errors that DRF's own exception handler never sees end here: a URL that matches no route (an id
that is not a number), a body Django refuses as too large, an exception in a middleware, a
database that cannot be reached. An API client always gets `{"detail", "errors"}` with the status
that means what happened (RFC 9110), never an HTML page; a person gets a page.
"""

import sys

from django.core.exceptions import RequestDataTooBig
from django.db import InterfaceError, OperationalError
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.template.loader import render_to_string
from django.views import defaults

# How long a client should wait before trying again while the database is unreachable.
RETRY_AFTER_SECONDS = 30


def is_api(request: HttpRequest) -> bool:
    return request.path.startswith("/api/")


TITLES = {411: "Length required", 413: "Too large", 503: "Try again shortly"}


def refusal(request: HttpRequest, status: int, detail: str, *, headers: dict | None = None) -> HttpResponse:
    """The same refusal as JSON for the API or as a page for a browser."""
    if is_api(request):
        response = JsonResponse({"detail": detail, "errors": []}, status=status)
    else:
        # Rendered without a request: the page must not need the database (sessions, the user).
        page = render_to_string("refused.html", {"title": TITLES.get(status, "Refused"), "detail": detail})
        response = HttpResponse(page, status=status)
    for name, value in (headers or {}).items():
        response[name] = value
    return response


def bad_request(request: HttpRequest, exception: Exception, template_name: str = "400.html") -> HttpResponse:
    if isinstance(exception, RequestDataTooBig):
        return too_large(request)
    if is_api(request):
        return refusal(request, 400, "bad request: the request could not be read")
    return defaults.bad_request(request, exception, template_name)


def too_large(request: HttpRequest, limit: int | None = None) -> HttpResponse:
    size = f" of {limit / 1024 / 1024:g} MiB" if limit else ""
    return refusal(request, 413, f"the request body is over the limit{size}; nothing was stored")


def not_found(request: HttpRequest, exception: Exception, template_name: str = "404.html") -> HttpResponse:
    if is_api(request):
        return refusal(request, 404, "not found: no such address, or an id that is not one of this project's")
    return defaults.page_not_found(request, exception, template_name)


def permission_denied(request: HttpRequest, exception: Exception, template_name: str = "403.html") -> HttpResponse:
    if is_api(request):
        return refusal(request, 403, "you do not have permission to do this")
    return defaults.permission_denied(request, exception, template_name)


def server_error(request: HttpRequest, template_name: str = "500.html") -> HttpResponse:
    # Django calls this while handling the exception, so it is still in sys.exc_info().
    _, error, _ = sys.exc_info()
    if isinstance(error, OperationalError | InterfaceError):
        return database_unavailable(request)
    if is_api(request):
        return refusal(request, 500, "internal error; the operator's log has details")
    return defaults.server_error(request, template_name)


def database_unavailable(request: HttpRequest) -> HttpResponse:
    """503 with Retry-After: the database cannot be reached now; nothing was stored."""
    return refusal(request, 503, "the database cannot be reached just now; nothing was stored, try again shortly",
                   headers={"Retry-After": str(RETRY_AFTER_SECONDS)})
