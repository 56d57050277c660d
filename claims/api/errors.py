"""Turn the services' expected errors into clear 400 responses; never a stack trace."""

from rest_framework import status
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

from claims.accounts import AccountError
from claims.actors.service import ActorImportError
from claims.annotation.errors import AnnotationRejected
from claims.api.curation import correction_error_response
from claims.curation.errors import CorrectionError
from claims.errors import ServiceError
from claims.ingest.errors import IngestError
from claims.projects import ProjectError
from claims.suggest.errors import SuggestError


def exception_handler(exc, context):
    if isinstance(exc, ServiceError):
        return Response(exc.as_response_body(), status=exc.status)
    if isinstance(exc, IngestError):
        return Response(
            {"detail": "import rejected; nothing was stored", "errors": [p.as_dict() for p in exc.problems]},
            status=status.HTTP_400_BAD_REQUEST,
        )
    if isinstance(exc, ActorImportError | SuggestError):
        return Response({"detail": str(exc)}, status=status.HTTP_400_BAD_REQUEST)
    if isinstance(exc, ProjectError):
        return Response({"detail": "nothing was changed", "errors": exc.errors}, status=status.HTTP_400_BAD_REQUEST)
    if isinstance(exc, AccountError):
        return Response({"detail": str(exc)}, status=status.HTTP_400_BAD_REQUEST)
    if isinstance(exc, AnnotationRejected):
        return Response({"detail": str(exc), "errors": [p.as_dict() for p in exc.problems]}, status=exc.status)
    if isinstance(exc, CorrectionError):
        return correction_error_response(exc)
    return drf_exception_handler(exc, context)
