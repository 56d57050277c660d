"""The wording rules: every example in the table, and how certainty and content come out of sentences."""

import pytest

from claims.suggest.wording import CUES, read_wording


@pytest.mark.parametrize("cue", CUES, ids=lambda cue: cue.name)
def test_every_rule_matches_its_examples_and_not_its_counter_examples(cue):
    assert cue.matches and cue.non_matches
    for example in cue.matches:
        assert cue.pattern.search(example), f"{cue.name} should match: {example}"
    for example in cue.non_matches:
        assert not cue.pattern.search(example), f"{cue.name} should not match: {example}"


@pytest.mark.parametrize(("sentence", "certainty", "content", "speaker"), [
    ("Norvala accused Ostrane of diverting water.", "asserted", "Norvala accused Ostrane of diverting water", None),
    ("Ilse Varga said on Monday that the canal broke a treaty.", "reported", "the canal broke a treaty",
     "Ilse Varga"),
    ("Ostrane denied that it had built a dam.", "denied", "it had built a dam", "Ostrane"),
    ("Ostrane rejected the accusation as baseless.", "denied", "Ostrane rejected the accusation as baseless",
     "Ostrane"),
    ("The spill may have reached the bay, according to local officials.", "hedged",
     "The spill may have reached the bay", "local officials"),
    ("Veltra said construction could start in the spring.", "hedged", "construction could start in the spring",
     "Veltra"),
    ("A ceasefire might be announced before May.", "hedged", "A ceasefire might be announced before May", None),
    ("The talks ended in May.", "asserted", "The talks ended in May", None),
    ("“We will not give up the valley,” Rell told reporters.", "reported", "We will not give up the valley",
     "Rell"),
])
def test_certainty_content_and_speaker(sentence, certainty, content, speaker):
    wording = read_wording(sentence)
    assert wording.certainty == certainty
    assert sentence[slice(*wording.content)] == content
    assert (sentence[slice(*wording.speaker)] if wording.speaker else None) == speaker


def test_denial_wins_over_a_hedge_in_its_content():
    assert read_wording("Marisca denied that its boats may have crossed the line.").certainty == "denied"
