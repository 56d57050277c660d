"""Finding actors' aliases in text: word boundaries, case, possessives, acronyms, longest first."""

import re

from hypothesis import given
from hypothesis import strategies as st

from claims.actors.matching import ActorMatcher, _by_initial

RUSSIA, US, TALIBAN, KREMLIN_SPOKESMAN = 1, 2, 3, 4
MATCHER = ActorMatcher([
    (RUSSIA, ["Russia", "Moscow", "the Kremlin", "Russian Federation"]),
    (US, ["United States", "US", "U.S."]),
    (TALIBAN, ["Taliban"]),
    (KREMLIN_SPOKESMAN, ["Kremlin spokesman"]),
])


def found(text: str) -> list[tuple[int, str]]:
    return [(actor, text[start:end]) for actor, start, end in MATCHER.find(text)]


def test_case_insensitive_on_word_boundaries():
    assert found("MOSCOW and moscow, not Moscowitz nor Russian troops.") == [(RUSSIA, "MOSCOW"), (RUSSIA, "moscow")]


def test_possessives_with_either_apostrophe():
    assert found("Russia’s envoy met Russia's partners and the Taliban’s leaders.") == [
        (RUSSIA, "Russia"), (RUSSIA, "Russia"), (TALIBAN, "Taliban")]


def test_acronyms_match_case_sensitively():
    assert found("The US told us that U.S. forces left.") == [(US, "US"), (US, "U.S.")]


def test_leftmost_match_wins_then_scanning_goes_on_after_it():
    # "the Kremlin" starts before "Kremlin spokesman", so it is the mention; the overlap is not.
    assert found("The Russian Federation and the Kremlin spokesman spoke.") == [
        (RUSSIA, "Russian Federation"), (RUSSIA, "the Kremlin")]


def test_longest_alias_at_the_same_position():
    assert found("A Kremlin spokesman said so.") == [(KREMLIN_SPOKESMAN, "Kremlin spokesman")]
    assert found("The Russian Federation said so.") == [(RUSSIA, "Russian Federation")]


def test_whitespace_inside_an_alias_may_vary():
    assert found("the\u00a0Kremlin and the  Kremlin\nagain") == [(RUSSIA, "the\u00a0Kremlin"), (RUSSIA, "the  Kremlin")]


def test_offsets_within_a_range():
    text = "Moscow. Taliban. Moscow."
    assert [(a, s, e) for a, s, e in MATCHER.find(text, 8, 16)] == [(TALIBAN, 8, 15)]


def test_no_actors_finds_nothing():
    empty = ActorMatcher([])
    assert not empty and empty.find("Moscow") == []


PLURALS = ActorMatcher([
    (RUSSIA, ["Russia"]), (US, ["America", "US", "U.S."]), (TALIBAN, ["Taliban"]), (5, ["Canada"]),
    (6, ["ally"]), (7, ["Bush"]), (8, ["NGO"]), (9, ["Gulf state"]), (10, ["Hama"]), (11, ["Hamas"]),
])


def plural_found(text: str) -> list[tuple[int, str]]:
    return [(actor, text[start:end]) for actor, start, end in PLURALS.find(text)]


def test_plurals_and_demonym_plurals_match():
    text = ("The Russians and the Americans met; Canadians, RUSSIANS and Talibans watched. "
            "Two allies, the Bushes, three NGOs and the Gulf states signed.")
    assert plural_found(text) == [
        (RUSSIA, "Russians"), (US, "Americans"), (5, "Canadians"), (RUSSIA, "RUSSIANS"), (TALIBAN, "Talibans"),
        (6, "allies"), (7, "Bushes"), (8, "NGOs"), (9, "Gulf states")]


def test_singular_demonyms_and_near_misses_do_not_match():
    assert plural_found("Russian troops, an American envoy, Russianness, Americas, allys.") == []


def test_a_plural_never_takes_another_actors_own_alias():
    # "Hamas" is an actor of its own; "Hama" + s must not claim it.
    assert plural_found("Hama and Hamas.") == [(10, "Hama"), (11, "Hamas")]


def test_us_and_plural_acronyms_stay_case_sensitive():
    assert plural_found("Let us go; the US and the USs; ngos and NGOS are not NGOs.") == [
        (US, "US"), (US, "USs"), (8, "NGOs")]
    assert plural_found("U.S. forces, not U.S.s") == [(US, "U.S.")]


def test_find_each_finds_in_each_text_what_find_finds_in_it():
    texts = ["Moscow", "", "the Kremlin spokesman and the US", "Moscow.", "Russia’s ally", "US", "the\nKremlin"]
    assert MATCHER.find_each(texts) == [MATCHER.find(text) for text in texts]
    # An alias split across two texts is no mention: each text's edge stays an edge.
    assert MATCHER.find_each(["said the", "Kremlin spokesman"]) == [[], [(KREMLIN_SPOKESMAN, 0, 17)]]
    assert PLURALS.find_each(texts) == [PLURALS.find(text) for text in texts]
    assert MATCHER.find_each([]) == []


@given(st.lists(st.text(alphabet="Moscw Rusia’sUS.thekrmlinK\n-", max_size=30), max_size=8))
def test_find_each_agrees_with_find_on_any_texts(texts: list[str]) -> None:
    assert MATCHER.find_each(texts) == [MATCHER.find(text) for text in texts]


ALIASES = ["russia", "russians", "the kremlin", "kremlin spokesman", "taliban", "u.s.", "us", "ally", "allies", "a",
           "united states", "moscow", "ıstanbul", "istanbul", "(r)", "a b"]


def alternation(forms: list[str], flags: int, grouped: bool) -> re.Pattern:
    forms = sorted(forms, key=len, reverse=True)
    alternatives = [r"\s+".join(map(re.escape, form.split())) for form in forms]
    body = _by_initial(forms, alternatives, flags) if grouped else "|".join(alternatives)
    return re.compile(rf"(?<!\w)(?:{body})(?!\w)", flags)


@given(st.text(alphabet="ruskiemtlhnaybcd .()\nIİıRUSK’'", max_size=60), st.sets(st.sampled_from(ALIASES), min_size=1))
def test_aliases_grouped_by_first_character_match_as_the_plain_alternation(text: str, aliases: set[str]) -> None:
    for flags in (0, re.IGNORECASE):
        plain, grouped = (alternation(list(aliases), flags, grouped) for grouped in (False, True))
        assert [m.span() for m in grouped.finditer(text)] == [m.span() for m in plain.finditer(text)]


def test_first_characters_equal_ignoring_case_leave_the_alternation_ungrouped() -> None:
    # "ı" and "i" are equal ignoring case: grouped, "ı b" would be tried before the longer "i b c".
    forms = ["ızzzzzzz", "i b c", "ı b"]
    for text in ("i b c", "I B C d"):
        grouped = alternation(forms, re.IGNORECASE, grouped=True).search(text)
        assert grouped.span() == alternation(forms, re.IGNORECASE, grouped=False).search(text).span() == (0, 5)
