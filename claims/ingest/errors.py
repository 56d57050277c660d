"""The error an import reports: every problem found, each naming its file, line and field."""

from dataclasses import asdict, dataclass


def _storable(text: str) -> str:
    """The text with NUL and lone surrogates written as escapes: hostile input is quoted in messages."""
    if "\x00" in text:
        text = text.replace("\x00", "\\x00")
    return text if text.isascii() else text.encode("utf-8", "backslashreplace").decode("utf-8")


@dataclass(frozen=True)
class Problem:
    """One thing wrong with the input, said so that a user can fix it."""

    file: str
    message: str
    line: int | None = None
    field: str | None = None

    def __post_init__(self) -> None:
        # Problems are stored on the job row (jsonb) and shown on pages: a file name or a quoted value
        # holding a NUL or a lone surrogate would make the failure report itself fail.
        for name in ("file", "message", "field"):
            if (value := getattr(self, name)) is not None:
                object.__setattr__(self, name, _storable(value))

    def __str__(self) -> str:
        where = self.file
        if self.line is not None:
            where += f", line {self.line}"
        if self.field:
            where += f", field '{self.field}'"
        return f"{where}: {self.message}"

    def as_dict(self) -> dict:
        return {key: value for key, value in asdict(self).items() if value is not None}


class IngestError(Exception):
    """Raised when an import cannot proceed; nothing of it has been stored."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        more = f" (and {len(problems) - 5} more)" if len(problems) > 5 else ""
        super().__init__("; ".join(map(str, problems[:5])) + more)
