"""What a value must be to be stored: the rules applied to imports and to request input.

PostgreSQL cannot store some text at all (a NUL character, a lone surrogate, NaN in JSON): these are
refused with a message wherever input arrives, never left to become a database error. And the bulk
import bypasses the Source model's validation, so its field rules are applied here, read from the
model itself so that the two cannot drift apart.
"""

import math
from collections.abc import Iterable, Mapping

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator

from claims.models import Source

METADATA_COLUMNS = ("title", "url", "outlet", "author")
MAX_LENGTH = {name: Source._meta.get_field(name).max_length for name in METADATA_COLUMNS}
# Only web links: a "javascript:" or "data:" URL would run or render when a reader clicks it.
LINK_SCHEMES = ("http", "https")
# Metadata is a record's loose ends (a desk, a task id) and a request body a few fields: deeper nesting is hostile.
MAX_JSON_DEPTH = 32

_is_link = URLValidator(schemes=list(LINK_SCHEMES))


def is_link(value: str) -> bool:
    """Whether the value is an absolute http or https URL that the Source model's URLField accepts."""
    try:
        _is_link(value)
    except ValidationError:
        return False
    return True


def string_problem(value: str) -> str | None:
    """Why PostgreSQL cannot store this string (a NUL character or a lone surrogate), or None."""
    if (position := value.find("\x00")) >= 0:
        return f"contains a NUL character (U+0000) at position {position:,}"
    if not value.isascii():
        try:
            value.encode("utf-8")
        except UnicodeEncodeError as error:
            code = f"U+{ord(value[error.start]):04X}"
            return f"contains a lone surrogate ({code}) at position {error.start:,}, which is not a character"
    return None


def field_problems(values: Mapping[str, str]) -> list[tuple[str, str]]:
    """(field, why) for each metadata value (title, url, outlet, author) the Source model would refuse."""
    problems = []
    for name, value in values.items():
        if not value:
            continue  # most records leave most fields empty, and an empty value is always storable
        if problem := string_problem(value):
            problems.append((name, problem))
        elif len(value) > MAX_LENGTH[name]:
            problems.append((name, f"is {len(value):,} characters long, over the limit of {MAX_LENGTH[name]:,}"))
        elif name == "url" and value and not is_link(value):
            problems.append((name, f"{value[:100]!r} is not a valid http or https URL"))
    return problems


def json_problem(value: object) -> str | None:
    """Why this JSON value cannot be stored (NUL or lone surrogate in a key or string, NaN, too deep), or None."""
    # Walked with a stack, not recursion: the value may be as deep as the JSON parser allowed.
    stack = [(value, 1)]
    while stack:
        value, depth = stack.pop()
        if depth > MAX_JSON_DEPTH:
            return f"is nested more than {MAX_JSON_DEPTH} levels deep"
        if isinstance(value, dict):
            for key, item in value.items():
                if problem := string_problem(key):
                    return f"key {key[:50]!r} {problem}"
                stack.append((item, depth + 1))
        elif isinstance(value, list):
            stack.extend((item, depth + 1) for item in value)
        elif isinstance(value, str):
            if problem := string_problem(value):
                return f"value {value[:50]!r} {problem}"
        elif isinstance(value, float) and not math.isfinite(value):
            return f"holds {value}, which JSON cannot store"
    return None


def nul_field(fields: Iterable[tuple[str, list[str]]]) -> str | None:
    """The name of the first (name, values) pair, as QueryDict.lists() gives them, with a NUL character."""
    for name, values in fields:
        if "\x00" in name or any("\x00" in value for value in values if isinstance(value, str)):
            return name
    return None
