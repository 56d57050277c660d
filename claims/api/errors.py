"""Turn the services' expected errors into clear JSON answers with their status; never a stack trace."""

from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

from claims.errors import ServiceError


def exception_handler(exc, context):
    """Every capability's refusal is a ServiceError: {"detail", "errors"} with its status (400, 404, 409)."""
    if isinstance(exc, ServiceError):
        return Response(exc.as_response_body(), status=exc.status)
    return drf_exception_handler(exc, context)
