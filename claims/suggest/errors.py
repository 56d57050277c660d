"""The suggestion engine's expected failures: each carries a message a user can act on."""

from claims.errors import ServiceError
from claims.jobs import JobFailed


class SuggestError(JobFailed, ServiceError):
    """A problem the user must fix (too few labels, an unknown base model, a one-label scheme).

    A JobFailed, so a run that meets it fails with this message rather than "internal error"; a
    ServiceError, so a request that meets it answers 400 with it.
    """

    def __init__(self, message: str):
        super().__init__(message)  # JobFailed's errors, then ServiceError's problems (one, with no field)
        self.message = message

    def __str__(self) -> str:
        return self.message
