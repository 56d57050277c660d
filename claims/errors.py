"""The one base of every capability's expected errors.

A service that refuses a request raises a `ServiceError` (or a subclass of its capability): a list of
problems, each naming the field at fault, and the HTTP status the refusal means (400 bad input, 404
not found in this project, 409 a conflict with what is stored). Nothing has been written when it is
raised. The API turns any of them into one JSON shape (`claims/api/errors.py`); web views show the
problems on the page; commands print them. Services never raise `Http404` themselves.
"""

from dataclasses import asdict, dataclass


@dataclass(frozen=True)
class Problem:
    """One thing wrong with the request, said so that a user can fix it."""

    field: str
    message: str

    def as_dict(self) -> dict:
        return asdict(self)

    def __str__(self) -> str:
        return f"{self.field}: {self.message}" if self.field else self.message


class ServiceError(Exception):
    """A request a service refused; `problems` say why, `status` is what it means over HTTP."""

    status = 400
    detail = ""  # a sentence put before the problems in the API's answer, e.g. "nothing was stored"

    def __init__(self, problems: "list | str", *, status: int | None = None, field: str = ""):
        self.problems = [Problem(field, problems)] if isinstance(problems, str) else list(problems)
        if status is not None:
            self.status = status
        super().__init__("; ".join(map(str, self.problems)))

    @classmethod
    def invalid(cls, message: str, *, field: str = "") -> "ServiceError":
        return cls([Problem(field, message)], status=400)

    @classmethod
    def not_found(cls, message: str, *, field: str = "") -> "ServiceError":
        return cls([Problem(field, message)], status=404)

    @classmethod
    def conflict(cls, message: str, *, field: str = "") -> "ServiceError":
        return cls([Problem(field, message)], status=409)

    def as_response_body(self) -> dict:
        """The API's answer: `detail` for people, `errors` (each with its field) for programs."""
        detail = f"{self.detail}: {self}" if self.detail else str(self)
        return {"detail": detail, "errors": [problem.as_dict() for problem in self.problems]}
