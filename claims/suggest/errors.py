"""The suggestion engine's expected failures: each carries a message a user can act on."""


class SuggestError(Exception):
    """A problem the user must fix (too few labels, an unknown base model, a one-label scheme)."""
