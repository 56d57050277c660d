"""Why an annotation, edit or skip was refused: every problem, each naming its field; nothing was written."""

from claims.errors import Problem, ServiceError

__all__ = ["AnnotationRejected", "Problem"]


class AnnotationRejected(ServiceError):
    """Bad input (status 400), a conflict with what is stored (409), or not in this project (404); nothing written."""

    @classmethod
    def conflict(cls, message: str, *, field: str = "sentence") -> "AnnotationRejected":
        # Most conflicts are about the sentence: already annotated, its slots taken.
        return cls([Problem(field, message)], status=409)
