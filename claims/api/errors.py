"""Turn every refusal into one JSON shape with its status: `{"detail", "errors"}`; never a stack trace.

Services raise ServiceError (claims/errors.py), which carries its own body. DRF's own refusals
(a serializer's or a filter's ValidationError, 401, 403, 405, 415…) come as `{"field": [...]}` or
`{"detail": ...}`: `detail` and `errors` are added beside what DRF gave, so clients that read the
field keys keep working. Errors DRF never sees (no route, database down) are in claims/failures.py.
"""

from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

from claims.errors import ServiceError


def exception_handler(exc, context):
    """Every capability's refusal is a ServiceError: {"detail", "errors"} with its status (400, 404, 409)."""
    if isinstance(exc, ServiceError):
        return Response(exc.as_response_body(), status=exc.status)
    response = drf_exception_handler(exc, context)
    if response is not None:
        response.data = with_detail(response.data)
    return response


def with_detail(data) -> dict:
    """DRF's error body with `detail` (one sentence) and `errors` ([{"field", "message"}]) added."""
    if not isinstance(data, dict):
        data = {"non_field_errors": data}
    if "detail" in data and len(data) == 1:
        return {"detail": str(data["detail"]), "errors": []}
    if "detail" in data and "errors" in data:
        return data
    errors = [{"field": "" if field in ("non_field_errors", "detail") else field, "message": message}
              for field, value in data.items() if field != "errors" for message in _messages(value)]
    detail = "; ".join(f"{e['field']}: {e['message']}" if e["field"] else e["message"] for e in errors)
    return {**data, "detail": str(data.get("detail", detail or "bad request")), "errors": errors}


def _messages(value) -> list[str]:
    """Every message in a (possibly nested) DRF error value, nested ones prefixed with where they are."""
    if isinstance(value, dict):
        return [f"{key}: {message}" for key, item in value.items() for message in _messages(item)]
    if isinstance(value, list | tuple):
        return [message for item in value for message in _messages(item)]
    return [str(value)]
