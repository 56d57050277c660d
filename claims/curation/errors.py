"""The errors a correction can meet: bad input (400) and a conflict with work resting on the text (409)."""

from claims.errors import ServiceError


class CorrectionError(ServiceError):
    """A correction that cannot be made; the message says why, field names the input at fault."""

    def __init__(self, message: str, *, field: str = ""):
        super().__init__(message, field=field)

    @property
    def field(self) -> str:
        return self.problems[0].field

    def __str__(self) -> str:
        # The messages name their field already ("url must be a full http:// or https:// address").
        return self.problems[0].message

    def as_response_body(self) -> dict:
        """The common answer, with the field at fault also at the top (what API clients were first given)."""
        return super().as_response_body() | ({"field": self.field} if self.field else {})


class CorrectionConflict(CorrectionError):
    """A correction that would disturb annotations, or a segment changed by someone else meanwhile."""

    status = 409
