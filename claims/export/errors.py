"""The error an export request reports: every bad option, each naming its field."""

from claims.errors import ServiceError


class ExportError(ServiceError):
    """An export that cannot run as asked (unknown format, bad split, nothing labelled); nothing was written."""

    detail = "export refused; nothing was written"
