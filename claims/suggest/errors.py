"""The suggestion engine's expected failures: each carries a message a user can act on."""

from claims.jobs import JobFailed


class SuggestError(JobFailed):
    """A problem the user must fix (too few labels, an unknown base model, a one-label scheme).

    A JobFailed, so a run that meets it fails with this message rather than "internal error".
    """

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message

    def __str__(self) -> str:
        return self.message
