"""Finding actors' aliases in text: word boundaries, case, possessives, acronyms, longest first."""

from hypothesis import given
from hypothesis import strategies as st

from claims.ingest.mentions import ActorMatcher

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
