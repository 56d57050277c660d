"""Finding actors' names and aliases in text. No Django here: it also runs in a helper process."""

import re
from collections.abc import Iterable

# Short all-capital acronyms ("US", "UN", "IS") are matched case-sensitively: matched
# case-insensitively they would find the pronoun "us" and the verb "is" everywhere.
_ACRONYM = re.compile(r"^[A-Z]{2,5}$")


class ActorMatcher:
    """Finds every alias of a set of actors in text, on word boundaries, longest alias first.

    Possessives match too: "Russia’s" and "Russia's" are mentions of Russia (the apostrophe is
    not a word character, so the boundary after the name holds).
    """

    def __init__(self, actors: Iterable[tuple[int, Iterable[str]]]):
        folded: dict[str, int] = {}
        exact: dict[str, int] = {}
        for actor_id, forms in actors:
            for form in forms:
                form = " ".join(form.split())
                if not form:
                    continue
                if _ACRONYM.match(form):
                    exact.setdefault(form, actor_id)
                else:
                    folded.setdefault(form.casefold(), actor_id)
        self._folded, self._exact = folded, exact
        self._folded_seen: dict[str, int] = {}
        self._exact_seen: dict[str, int] = {}
        self._pattern = self._compile([*folded], re.IGNORECASE), self._compile([*exact], 0)

    @staticmethod
    def _compile(forms: list[str], flags: int) -> re.Pattern | None:
        if not forms:
            return None
        forms.sort(key=len, reverse=True)
        # Any run of whitespace inside an alias matches any other ("the  Kremlin").
        alternatives = "|".join(r"\s+".join(map(re.escape, form.split())) for form in forms)
        # Testing the first letter before the word boundary halves the time: most positions in
        # a text cannot start any alias.
        first = {form[0].lower() for form in forms} | {form[0].upper() for form in forms}
        initials = "".join(re.escape(char) for char in sorted(first))
        return re.compile(rf"(?=[{initials}])(?<!\w)(?:{alternatives})(?!\w)", flags)

    def __bool__(self) -> bool:
        return bool(self._folded or self._exact)

    def find(self, text: str, start: int = 0, end: int | None = None) -> list[tuple[int, int, int]]:
        """(actor_id, start, end) for every mention inside text[start:end], in order."""
        end = len(text) if end is None else end
        folded_pattern, exact_pattern = self._pattern
        found = self._scan(folded_pattern, text, start, end, str.casefold) if folded_pattern else []
        if exact_pattern:
            found += self._scan(exact_pattern, text, start, end, str)
            found.sort(key=lambda mention: mention[1])
            found = _drop_overlaps(found)
        return found

    def _scan(self, pattern: re.Pattern, text: str, start: int, end: int, fold) -> list[tuple[int, int, int]]:
        table, surfaces = (self._folded, self._folded_seen) if fold is str.casefold else (self._exact, self._exact_seen)
        # The same few surface forms recur thousands of times in a corpus: remember each one's actor.
        found = []
        for match in pattern.finditer(text, start, end):
            surface = match.group()
            actor_id = surfaces.get(surface)
            if actor_id is None:
                actor_id = surfaces[surface] = table[fold(" ".join(surface.split()))]
            found.append((actor_id, *match.span()))
        return found


def _drop_overlaps(mentions: list[tuple[int, int, int]]) -> list[tuple[int, int, int]]:
    kept: list[tuple[int, int, int]] = []
    for mention in mentions:
        if kept and mention[1] < kept[-1][2]:
            if mention[2] - mention[1] > kept[-1][2] - kept[-1][1]:
                kept[-1] = mention
            continue
        kept.append(mention)
    return kept
