"""Why an annotation, edit or skip was refused: every problem, each naming its field; nothing was written."""

from dataclasses import asdict, dataclass


@dataclass(frozen=True)
class Problem:
    """One thing wrong with the request, said so that the annotator can fix it."""

    field: str
    message: str

    def as_dict(self) -> dict:
        return asdict(self)


class AnnotationRejected(Exception):
    """Bad input (status 400) or a conflict with what is stored (409); nothing has been written."""

    def __init__(self, problems: list[Problem], *, status: int = 400):
        self.problems = problems
        self.status = status
        super().__init__("; ".join(f"{p.field}: {p.message}" if p.field else p.message for p in problems))

    @classmethod
    def conflict(cls, message: str, *, field: str = "sentence") -> "AnnotationRejected":
        return cls([Problem(field, message)], status=409)

    @classmethod
    def invalid(cls, message: str, *, field: str) -> "AnnotationRejected":
        return cls([Problem(field, message)])
