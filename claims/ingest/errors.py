"""The error an import reports: every problem found, each naming its file, line and field."""

from dataclasses import asdict, dataclass

from claims.errors import ServiceError


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


class IngestError(ServiceError):
    """Raised when an import cannot proceed; nothing of it has been stored."""

    detail = "import rejected; nothing was stored"

    def __str__(self) -> str:
        # A zip of a thousand bad files: the message names the first five, `problems` holds them all.
        more = f" (and {len(self.problems) - 5} more)" if len(self.problems) > 5 else ""
        return "; ".join(map(str, self.problems[:5])) + more
