"""Why a review request was refused; nothing was written."""

from claims.errors import ServiceError


class ReviewRejected(ServiceError):
    """A gold decision, proposition or conflict resolution refused: 400 bad input, 404 unknown, 409 taken meanwhile."""

    detail = "nothing was changed"
