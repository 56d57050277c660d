"""Claim candidates from the wording and the actors a sentence names (no model)."""

from claims.suggest.candidates import MAX_CANDIDATES, Mention, read_sentence


def mentions(text: str, *names: str) -> list[Mention]:
    return [Mention(number, text.index(name), text.index(name) + len(name)) for number, name in enumerate(names, 1)]


def test_the_first_named_actor_is_the_likeliest_subject():
    text = "Norvala accused Ostrane of diverting water."
    reading = read_sentence(text, mentions(text, "Norvala", "Ostrane"))
    best = reading.candidates[0]
    assert (best.subject.actor, best.target.actor) == (1, 2)
    assert best.claimant_is_outlet and best.claimant is None
    assert text[best.start:best.end] == "Norvala accused Ostrane of diverting water"
    pairs = {(c.subject.actor, c.target.actor if c.target else None) for c in reading.candidates}
    assert pairs == {(1, 2), (2, 1), (1, None), (2, None)}


def test_an_attribution_names_the_claimant_and_the_speaker_becomes_subject_when_the_content_names_nobody():
    text = "Ostrane denied that it had built any dam upstream."
    reading = read_sentence(text, mentions(text, "Ostrane"))
    [only] = reading.candidates
    assert only.subject.actor == 1 and only.target is None and only.claimant == 1
    assert not only.claimant_is_outlet
    assert text[only.start:only.end] == "it had built any dam upstream"


def test_contrasting_parts_give_each_pair_its_own_span():
    text = "Veloria praised the Bloc but condemned Kastran."
    reading = read_sentence(text, mentions(text, "Veloria", "Bloc", "Kastran"))
    spans = {(c.subject.actor, c.target.actor): text[c.start:c.end] for c in reading.candidates if c.target}
    assert spans[(1, 2)] == "Veloria praised the Bloc"
    assert spans[(1, 3)] == "condemned Kastran"


def test_a_sentence_naming_nobody_has_no_candidate_and_a_low_prior():
    reading = read_sentence("Grain prices fell by four percent.", [])
    assert reading.candidates == [] and reading.actor_count == 0
    assert reading.has_claim_prior_logit < 0


def test_candidates_are_capped():
    names = ["Aland", "Borvia", "Cestra", "Dunmar", "Elvon", "Ferra"]
    text = " and ".join(names) + " signed the pact."
    assert len(read_sentence(text, mentions(text, *names)).candidates) == MAX_CANDIDATES
