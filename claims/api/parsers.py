"""The API's request parsers: DRF's own, refusing (400) what PostgreSQL cannot store before a view runs.

Serializer CharFields already refuse NUL characters; these cover the rest of a body: JSON fields,
keys, lone surrogates, NaN, a nesting deep enough to crash the parser. (Django drops unprintable
characters from uploaded files' names itself.)
"""

from rest_framework import parsers
from rest_framework.exceptions import ParseError

from claims.storable import json_problem, nul_field


class JSONParser(parsers.JSONParser):
    """JSON bodies with nothing that cannot be stored."""

    def parse(self, stream, media_type=None, parser_context=None):
        try:
            data = super().parse(stream, media_type, parser_context)
        except RecursionError:
            raise ParseError("JSON parse error - nested too deeply") from None
        if problem := json_problem(data):
            raise ParseError(f"JSON body: {problem}")
        return data


def _refuse_nul(data) -> None:
    if (name := nul_field(data.lists())) is not None:
        raise ParseError(f"field {name!r} contains a NUL character, which is not allowed")


class FormParser(parsers.FormParser):
    """URL-encoded forms with no NUL character in a field."""

    def parse(self, stream, media_type=None, parser_context=None):
        data = super().parse(stream, media_type, parser_context)
        _refuse_nul(data)
        return data


class MultiPartParser(parsers.MultiPartParser):
    """Multipart forms with no NUL character in a field."""

    def parse(self, stream, media_type=None, parser_context=None):
        parsed = super().parse(stream, media_type, parser_context)
        _refuse_nul(parsed.data)
        return parsed
