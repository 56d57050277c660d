"""Certainty and attribution from a sentence's wording: who says it, what is said, how surely.

The rules are data: each cue is a pattern with examples that must match and examples that must
not (tests/suggest/test_wording.py checks every one). The code that applies them is small:

- An **attribution** ("X said (that) ...", "... , X said.", "according to X, ...") splits a
  sentence into the speaker and the content; the claimant is the actor named in the speaker part.
- A **denial** ("X denied (that) ...", "X rejected reports that ...") does the same, and makes the
  certainty "denied".
- A **hedge** ("may", "could", "is expected to", "reportedly") anywhere in the content makes it
  "hedged".

Certainty precedence: denied, then hedged, then reported (an attribution), then asserted. Speech
acts that carry a stance themselves ("accused", "praised", "warned") are not attributions: the
outlet asserts that the act happened, and the speaker is the claim's subject.
"""

import re
from dataclasses import dataclass

# Verbs that report speech without judging; a stance-laden act ("accused", "praised") is not one.
# These take a bare clause ("X said the talks failed")...
REPORTING_VERBS = (
    "said", "says", "say", "insisted", "argued", "added", "wrote", "believes", "stated",
    "told reporters", "told journalists", "told the press", "told parliament", "told lawmakers",
)
# ...these mostly an object ("claimed responsibility", "announced a partnership"): only "X announced that ...".
REPORTING_THAT_VERBS = (
    "announced", "claimed", "claims", "confirmed", "noted", "explained", "acknowledged", "admitted", "maintained",
    "asserted", "alleged", "told", "reported", "estimated", "concluded",
)
DENIAL_OBJECTS = "reports?|claims?|allegations?|accusations?|suggestions?|charges?|rumou?rs?"
# Words between a reporting verb and "that": when, where, in what ("said on Monday that").
_CIRCUMSTANCE = r"(?:\s+(?:on|in|at|during|late|early|earlier|last|this|after|before|to)\b[^,]{0,40}?)?"
_SPEAKER = r"(?P<speaker>[^,;:.!?]{2,80}?)"
# A passive ("a ceasefire might be announced") has no speaker.
_NOT_PASSIVE = r"(?<!\bbe)(?<!\bbeen)(?<!\bbeing)(?<!\bis)(?<!\bare)(?<!\bwas)(?<!\bwere)"
_CLAUSE_END = r"\s*[.!?]?[\"”’']?\s*$"


def _verbs(words) -> str:
    return "|".join(re.escape(word).replace(r"\ ", r"\s+") for word in words)


@dataclass(frozen=True)
class Cue:
    """One wording rule: what it signals, its pattern, and examples that must and must not match."""

    name: str
    certainty: str
    pattern: re.Pattern
    matches: tuple[str, ...]
    non_matches: tuple[str, ...]


def _cue(name, certainty, pattern, matches, non_matches, flags=re.IGNORECASE) -> Cue:
    return Cue(name, certainty, re.compile(pattern, flags), tuple(matches), tuple(non_matches))


# Attributions and denials: the groups `speaker` and `clause` locate the two parts. Order matters
# only between these entries: the first that matches a sentence decides its speaker and content.
ATTRIBUTIONS = (
    _cue(
        "denial", "denied",
        rf"^{_SPEAKER}\s+(?:(?:denied|denies|deny|refuted)(?:{_CIRCUMSTANCE}\s+that\s+|\s+)"
        rf"|(?:rejected|dismissed)\s+(?:the\s+)?(?:{DENIAL_OBJECTS}){_CIRCUMSTANCE}\s+that\s+)"
        rf"(?P<clause>.+?){_CLAUSE_END}",
        ["Ostrane denied that it had built any dam upstream of the border.",
         "Norvala denied supplying weapons to the Red Ridge Brigade.",
         "Veltra Energy rejected reports that its tanker had leaked fuel.",
         "The ministry on Tuesday dismissed claims that troops had crossed the border."],
        ["Norvala rejected the plan.", "Ostrane accused Norvala of lying.", "The denial came late on Monday.",
         "Ostrane rejected the accusation as baseless."],
    ),
    _cue(
        "denial-object", "denied",
        rf"^{_SPEAKER}\s+(?:rejected|dismissed|denied)\s+(?:the\s+)?(?:{DENIAL_OBJECTS})\b(?P<clause>)",
        ["Ostrane rejected the accusation as baseless.", "The Brigade dismissed the reports."],
        ["Ostrane rejected the offer as too small.", "Ostrane accused the Pact of spreading reports."],
    ),
    _cue(
        "according-to-first", "reported",
        rf"^according\s+to\s+{_SPEAKER},\s+(?P<clause>.+?){_CLAUSE_END}",
        ["According to diplomats, Ostrane may agree to release water.",
         "According to the Pact, both sides agreed to meet again."],
        ["Ostrane acted according to plan.", "According to plan the troops left."],
    ),
    _cue(
        "according-to-last", "reported",
        rf"^(?P<clause>.+?),\s+according\s+to\s+{_SPEAKER}{_CLAUSE_END}",
        ["The spill may have reached the protected bay, according to local officials.",
         "Rell is expected to accept the invitation, according to aides."],
        ["The troops moved according to plan.", "According to officials, the talks failed."],
    ),
    _cue(
        "speaker-first", "reported",
        rf"^{_SPEAKER}{_NOT_PASSIVE}\s+(?:(?:{_verbs(REPORTING_VERBS)})(?:{_CIRCUMSTANCE}\s+that\s+|,?\s+)"
        rf"|(?:{_verbs(REPORTING_THAT_VERBS)})(?:\s+[^,]{{0,40}}?)?\s+that\s+)(?P<clause>.+?){_CLAUSE_END}",
        ["Ilse Varga said the new canal broke a treaty signed in 1998.",
         "Veltra Energy announced on Friday that it would sell the tanker.",
         "Amira Sot told reporters that the Pact would send two more battalions.",
         "Norvala said on Monday that it would fund the new dam.",
         "The union said the money should go to coastal towns instead."],
        ["Ostrane warned Veltra Energy that the route crossed disputed waters.",
         "Norvala accused Ostrane of diverting water.", "The talks, officials said, were useful.",
         "A ceasefire might be announced before the end of the month.",
         "The Red Ridge Brigade claimed responsibility for the bombing of a bridge.",
         "Veltra Energy announced a partnership with the Norvala government."],
    ),
    _cue(
        "speaker-last", "reported",
        rf"^(?P<clause>.+?)[,\"”]\s*[\"”]?\s*{_SPEAKER}\s+(?:said|says|say|added|told\s+[^,.]{{1,40}}?|noted|wrote)"
        rf"(?:\s+(?:on|in|at)\b[^,.]{{0,40}})?{_CLAUSE_END}",
        ["Tomas Rell could respond by moving troops to the border, analysts said.",
         "Further expulsions could follow, a senior official said.",
         "The Brigade may have received a ransom, two officials said on Friday."],
        ["Norvala said the talks failed.", "Ostrane, Norvala and Marisca met in Soren Bay."],
    ),
    _cue(
        "said-speaker-last", "reported",
        rf"^(?P<clause>.+?),\s+(?:said|says|added)\s+{_SPEAKER}{_CLAUSE_END}",
        ["The talks were useful, said Ilse Varga.", "Both sides want peace, says a senior diplomat."],
        ["Ilse Varga said the talks were useful."],
    ),
)

# Hedges: anywhere in the content, they make a claim "hedged" (whoever says it).
HEDGES = _cue(
    "hedge", "hedged",
    # "may" in lower case only: "May" is also the month.
    r"\b(?:may|(?i:might|could|possibly|perhaps|probably|reportedly|allegedly|apparently|likely|unlikely"
    r"|(?:is|are|was|were)\s+(?:expected|believed|thought|said|reported|rumou?red)\s+to"
    r"|appears?\s+to|appeared\s+to|seems?\s+to|seemed\s+to|unconfirmed))\b",
    ["Marisca is expected to open a consulate in Halden next year.",
     "The Brigade reportedly receives money from exiled businessmen.",
     "A ceasefire might be announced before the end of the month.",
     "Veltra Energy appears to be losing about a million a day.",
     "Construction could start in the spring."],
    ["Norvala signed the agreement.", "The talks ended in May.", "Ostrane said the deal would hurt farmers."],
    flags=0,
)

CUES = (*ATTRIBUTIONS, HEDGES)
CUE_NAMES = ("reported", "denied", "hedged", "speaker_is_actor")


@dataclass(frozen=True)
class Wording:
    """What the wording says about a sentence: its content span, speaker span, and certainty cues."""

    content: tuple[int, int]  # character span of what is claimed (the whole sentence if no attribution)
    speaker: tuple[int, int] | None  # who says it, when an attribution names someone
    cue: str  # the name of the attribution or denial rule that matched, or ""
    certainty: str  # the cue-implied certainty: denied, hedged, reported or asserted
    hedged: bool

    def features(self) -> list[float]:
        """Cue indicators for the learned heads (speaker_is_actor is filled in by the caller)."""
        return [float(self.certainty == "reported"), float(self.cue.startswith("denial")), float(self.hedged), 0.0]


def read_wording(text: str) -> Wording:
    """Find the attribution, content and certainty cues of one sentence."""
    content, speaker, cue, certainty = _trimmed(text, 0, len(text)), None, "", "asserted"
    for rule in ATTRIBUTIONS:
        found = rule.pattern.search(text)
        if found:
            cue, certainty = rule.name, rule.certainty
            speaker = found.span("speaker")
            if found.group("clause"):
                content = _trimmed(text, *found.span("clause"))
            break
    hedged = bool(HEDGES.pattern.search(text, *content))
    if hedged and certainty != "denied":
        certainty = "hedged"
    return Wording(content=content, speaker=speaker, cue=cue, certainty=certainty, hedged=hedged)


def _trimmed(text: str, start: int, end: int) -> tuple[int, int]:
    """The span without surrounding spaces, quotes and the closing full stop."""
    while end > start and text[end - 1] in " \t\n.!?\"”’'":
        end -= 1
    while start < end and text[start] in " \t\n\"“‘'":
        start += 1
    return (start, end) if start < end else (0, len(text))


# Certainty priors: P(certainty | the cue-implied certainty), written down, not learnt. They say
# how far the rules are trusted; labels refine them (claims.suggest.heads).
CERTAINTY_PRIOR = {
    "denied": {"denied": 0.70, "reported": 0.10, "hedged": 0.05, "asserted": 0.15},
    "hedged": {"hedged": 0.65, "reported": 0.10, "asserted": 0.20, "denied": 0.05},
    "reported": {"reported": 0.70, "asserted": 0.20, "hedged": 0.05, "denied": 0.05},
    "asserted": {"asserted": 0.75, "reported": 0.10, "hedged": 0.08, "denied": 0.07},
}
