"""The errors a correction can meet: bad input (400) and a conflict with work resting on the text (409)."""


class CorrectionError(ValueError):
    """A correction that cannot be made; the message says why, field names the input at fault."""

    status = 400

    def __init__(self, message: str, *, field: str = ""):
        super().__init__(message)
        self.field = field


class CorrectionConflict(CorrectionError):
    """A correction that would disturb annotations, or a segment changed by someone else meanwhile."""

    status = 409
