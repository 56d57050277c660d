"""Middleware: requests refused before a view reads them (bodies too large or of unknown length, NULs).

A body over the limit is a 413 and a chunked body with no length a 411, judged from the headers
before a byte of it is read: Django would otherwise stream a huge upload to disk first, and reads
a chunked body as empty (a silent loss: a PATCH that changes nothing yet answers 200).

A NUL character in a query parameter or a web form is a 400, never a database error.

PostgreSQL text cannot hold NUL, so a NUL passed on to a filter or a save would be a 500 wherever the
value is used. Refusing it here covers every page and every API query string at once. The API's
bodies are parsed by its own parsers (claims/api/parsers.py), which apply the same rule.
"""

from django.conf import settings
from django.http import JsonResponse
from django.shortcuts import render
from rest_framework.views import APIView

from claims.failures import refusal, too_large
from claims.storable import nul_field

FORM_TYPES = ("application/x-www-form-urlencoded", "multipart/form-data")


class RefuseNulMiddleware:
    """Answers 400 (JSON from the API, a page elsewhere) when a query parameter or form field holds a NUL."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        api = isinstance(getattr(view_func, "cls", None), type) and issubclass(view_func.cls, APIView)
        name = nul_field(request.GET.lists())
        where = "query parameter"
        # The API's parsers check its bodies: reading request.POST here would take the body from them.
        if name is None and not api and request.method == "POST" and request.content_type in FORM_TYPES:
            name, where = nul_field(request.POST.lists()), "form field"
        if name is None:
            return None
        message = f"{where} {name!r} contains a NUL character, which is not allowed"
        if api:
            return JsonResponse({"detail": message}, status=400)
        return render(request, "400.html", {"problems": [message]}, status=400)


class RequestBodyMiddleware:
    """Answers 411 for a chunked body without Content-Length and 413 for a body over the limit, unread."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        length = request.META.get("CONTENT_LENGTH") or ""
        if "chunked" in request.META.get("HTTP_TRANSFER_ENCODING", "").lower() and not length:
            return refusal(request, 411, "send the body with a Content-Length header; chunked bodies are not read")
        # Uploads (imports) may be large; every other body is read into memory and has Django's limit.
        multipart = request.META.get("CONTENT_TYPE", "").startswith("multipart/")
        limit = settings.REQUEST_MAX_BYTES if multipart else settings.DATA_UPLOAD_MAX_MEMORY_SIZE
        if length.isdigit() and int(length) > limit:
            return too_large(request, limit)
        return self.get_response(request)
