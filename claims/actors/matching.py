"""Finding actors' names and aliases in text. No Django here: it also runs in a helper process."""

import re
from collections.abc import Iterable

# Short all-capital acronyms ("US", "UN", "IS") are matched case-sensitively: matched
# case-insensitively they would find the pronoun "us" and the verb "is" everywhere.
_ACRONYM = re.compile(r"^[A-Z]{2,5}$")


def plural_endings(form: str) -> tuple[str, list[str]]:
    """(stem, endings): stem + each ending spells the alias itself (the first) or one of its plurals.

    An alias also matches in the plural and, for names ending in -a, as the plural of their
    demonym: "Russia" → "Russians", "America" → "Americans", "Canada" → "Canadians"; "ally" →
    "allies", "Taliban" → "Talibans", "Bush" → "Bushes", "NGO" → "NGOs". Only the last word
    changes ("Gulf state" → "Gulf states"). Singular demonyms ("Russian troops") are left alone:
    the adjective is not the actor. A name ending in -a takes no plain -s ("Hama" is not
    "Hamas"). Aliases that end in a dot or a digit ("U.S.", "G7") keep their one spelling.
    """
    last = form[-1]
    lower = last.lower()
    if not last.isalpha():
        return form, [""]
    if _ACRONYM.match(form):
        return form, ["", "s"]  # case-sensitive: "NGOs", never "us"
    if lower == "y" and len(form) > 2 and form[-2].lower() not in "aeiou":
        return form[:-1], [last, "ies"]
    if lower in "sxz" or form.lower().endswith(("ch", "sh")):
        return form, ["", "es"]
    if lower == "a":
        return form[:-1], [last, last + "ns", "ians"]
    return form, ["", "s"]


def surface_variants(form: str) -> list[str]:
    """The alias and every plural that plural_endings allows for it, the alias first."""
    stem, endings = plural_endings(form)
    return [stem + ending for ending in endings]


class ActorMatcher:
    """Finds every alias of a set of actors in text, on word boundaries, longest alias first.

    Possessives match too: "Russia’s" and "Russia's" are mentions of Russia (the apostrophe is
    not a word character, so the boundary after the name holds).
    """

    def __init__(self, actors: Iterable[tuple[int, Iterable[str]]]):
        folded: dict[str, int] = {}
        exact: dict[str, int] = {}
        spelled = [(actor_id, " ".join(form.split())) for actor_id, forms in actors for form in forms]
        spelled = [(actor_id, form) for actor_id, form in spelled if form]
        # Aliases as written first, plurals after: an alias that another actor's plural also
        # spells ("Hamas" beside "Hama") stays that actor's.
        written = [(actor_id, form, form) for actor_id, form in spelled]
        plurals = [(actor_id, form, plural) for actor_id, form in spelled for plural in surface_variants(form)[1:]]
        for actor_id, form, surface in written + plurals:
            if _ACRONYM.match(form):
                exact.setdefault(surface, actor_id)
            else:
                folded.setdefault(surface.casefold(), actor_id)
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
        alternatives = [r"\s+".join(map(re.escape, form.split())) for form in forms]
        # Testing the first letter before the word boundary halves the time: most positions in
        # a text cannot start any alias.
        first = {form[0].lower() for form in forms} | {form[0].upper() for form in forms}
        initials = "".join(re.escape(char) for char in sorted(first))
        return re.compile(rf"(?=[{initials}])(?<!\w)(?:{_by_initial(forms, alternatives, flags)})(?!\w)", flags)

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

    def find_each(self, texts: list[str]) -> list[list[tuple[int, int, int]]]:
        """find(text) for each of texts, in one scan of them all: a call per short text costs more than its scan."""
        # The texts are joined by NUL, which no stored text holds (claims.storable) and which is
        # no word character nor space: no mention runs across it, and each text's edges stay edges.
        found = self.find("\x00".join(texts))
        each: list[list[tuple[int, int, int]]] = [[] for _ in texts]
        number, offset, next_offset = -1, 0, 0
        for actor_id, start, end in found:
            while start >= next_offset:  # the mention lies in a later text
                number += 1
                offset, next_offset = next_offset, next_offset + len(texts[number]) + 1
            each[number].append((actor_id, start - offset, end - offset))
        return each

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


def _by_initial(forms: list[str], alternatives: list[str], flags: int) -> str:
    """The alternatives (patterns of forms, longest first) as one alternation grouped by their first character.

    The regex engine tries the alternatives of an alternation one by one at each word: grouped,
    it tries the few that start with the word's first character. Only one group can match at a
    position when no two first characters are equal ignoring case (else the alternation is left
    ungrouped), and a group keeps its aliases' order, so the longest alias still wins.
    """
    groups: dict[str, list[str]] = {}
    for form, pattern in zip(forms, alternatives, strict=True):
        # re.escape escapes character by character: the pattern starts with its first character's escape.
        groups.setdefault(form[0], []).append(pattern[len(re.escape(form[0])) :])
    if any(re.fullmatch(re.escape(a), b, flags) for a in groups for b in groups if a != b):
        return "|".join(alternatives)
    return "|".join(f"{re.escape(initial)}(?:{'|'.join(rests)})" for initial, rests in groups.items())


def _drop_overlaps(mentions: list[tuple[int, int, int]]) -> list[tuple[int, int, int]]:
    kept: list[tuple[int, int, int]] = []
    for mention in mentions:
        if kept and mention[1] < kept[-1][2]:
            if mention[2] - mention[1] > kept[-1][2] - kept[-1][1]:
                kept[-1] = mention
            continue
        kept.append(mention)
    return kept
