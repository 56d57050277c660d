"""Rule-based English sentence splitter that returns exact code-point offsets.

Why hand-written: the importer must reach 20,000 sentences/s end to end on two
cores, so this function needs >= 150,000 sentences/s on one core. Measured with
bench/segmentation.py (one core, CPU time, Python 3.11; boundary F1 against
hand-made gold, every splitter fed the same furniture-free paragraphs):

* pysbd 0.3.4: about 2,000 sentences/s; F1 0.98 on the project corpus, 0.94
  on the held-out articles. Good rules, but ~250x too slow.
* syntok 1.4.4: about 1,300 sentences/s. Too slow to be considered further.
* blingfire 0.1.8: about 35,000-43,000 sentences/s; F1 1.0 on the corpus, 0.94
  held out. Still 4x short of the target; on its own it does not treat a
  newline as a boundary (a heading is glued to the next paragraph), it splits
  "Mr." off after a sentence end and "1." off list items, and its rules cannot
  be extended.
* this module: one compiled regex ``finditer`` over candidate boundaries plus
  frozenset look-ups for ambiguous periods: about 450,000-650,000 sentences/s;
  F1 1.0 on the corpus, 0.95 on the held-out articles before they were used to
  develop the rules (0.995 after; only a set nobody has read is an honest test).

Rules, in short: a newline always ends a sentence; ``. ? ! …`` (plus any
closing quotes/brackets) followed by whitespace end one unless the next word
starts in lower case; a single period after a known abbreviation only ends a
sentence when the abbreviation can end one (``U.S.``, ``Inc.``, ``etc.``) and
the next word is a common sentence starter (``The``, ``He``, ``But`` ...).
A quote closed after ``?``/``!`` and followed by a name and a speech verb
(``"Why?" Smith asked.``) goes on, and so does an ellipsis followed by the
pronoun ``I`` (a pause in speech).
"""

from __future__ import annotations

import re

# Every character str.splitlines() treats as a line break: a paragraph break.
_LB = "\n\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029"
_CLOSERS = "\"'”’»)]}"
_OPENERS = "\"'“‘«([{"

# One character class first keeps the regex engine on its fast scanning path.
# Line-break branch: the break and the whitespace after it. Punctuation branch,
# tried only at the start of a run of punctuation (with possessive repeats, so
# that "......" cannot make matching quadratic): group 1 = rest of the run,
# group 2 = closing quotes/brackets that still belong to the sentence,
# group 3 = first character of what follows.
_P = ".?!…‽"
_CANDIDATE = re.compile(
    rf"[{_P}{_LB}](?:(?<=[{_LB}])\s*"
    rf"|(?<![{_P}][{_P}])([{_P}]*+)([{re.escape(_CLOSERS)}]*+)[^\S{_LB}]++(?=(\S)))"
)
_QUOTES = "\"'“‘«"
# After a closing quote that ends in "?" or "!", a name and a speech verb
# attribute the quote: '"Why?" Smith asked.' is one sentence.
_ATTRIBUTION = re.compile(
    r"[A-Z][\w'’.-]*(?:\s+[A-Z][\w'’.-]*){0,3}\s+"
    r"(?:said|says|asked|asks|added|adds|told|tells|replied|replies|wrote|writes|shouted|shouts|yelled|cried"
    r"|exclaimed|insisted|recalled|explained|continued|wondered|demanded|laughed|joked|warned|tweeted|posted)\b"
)
_LETTERS = re.compile(r"[^\W\d_]+")
_NEXT_WORD = re.compile(r"\s+([^\W\d_]+)")
_DOTTED = re.compile(r"(?:[^\W\d_]\.)+[^\W\d_]")  # U.S, U.N, a.m, U.S.A
_ENUMERATOR = re.compile(r"\d{1,3}|[A-Za-z]|[ivxlcdm]{1,5}|[IVXLCDM]{1,5}")  # "1.", "b.", "Q.", "IV."

# A boundary candidate followed by one of these is not a boundary. Straight
# quotes are left out: after a period they usually open the next sentence.
_CONTINUATION = frozenset(",;:.…!?-‐‑–—”’»)]}")
_TOKEN_TRIM = _OPENERS + "—–-/*_"


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


# Titles and the like: always followed by a name or a phrase, never end a sentence.
_NEVER_END = _words(
    """
    mr mrs ms mmes messrs mme mlle dr drs prof profs gen lt col capt cpt maj sgt cpl pvt adm cmdr cdr
    brig sen sens rep reps gov pres supt insp det rev hon rt ret fr msgr amb atty sec dept mt moh mohd
    muh vs v e.g i.e cf viz approx ca esp incl excl dist civ crim
    """
)
# Abbreviations that are only an abbreviation when a number follows ("No. 10").
_BEFORE_NUMBER = _words(
    """
    no nos nr p pp vol vols art arts fig figs ch para op ed pt pts est tel jan feb mar apr jun jul aug
    sep sept oct nov dec cir supp
    """
)
# Abbreviations that may end a sentence (besides initials and dotted acronyms).
_MAY_END = _words(
    """
    inc ltd co corp cos llc plc lp llp bros jr sr etc al st ave blvd rd ft govt univ intl assn ph.d jan
    feb mar apr jun jul aug sep sept oct nov dec ala ariz ark calif colo conn del fla ga ill ind kan ky
    la md mass mich minn miss mo mont neb nev okla ore pa tenn vt va wash wis wyo
    """
)
# Court and agency abbreviations that may end a sentence only when capitalised:
# "the Fed. The" splits, "Fed. R. Civ. P. 56" and "U.S. Dist. Ct. for" do not,
# and the verb in "they were fed. John" is left to the ordinary rules.
_MAY_END_CAPITALISED = _words("fed ct cir")
# "23 min. GOAL!": a minute mark opening a line of live commentary.
_MINUTE = _words("min mins")
# Company suffixes: "Inc. Shares rose" splits, "Inc. CEO Tim Cook" does not.
_COMPANY = _words("inc corp co cos ltd llc plc lp llp bros")
_AFTER_COMPANY_OR_TIME = _COMPANY | _words(
    """
    chief chairman chairwoman chair president vice executive director founder cofounder co-founder spokesman
    spokeswoman spokesperson senior managing general board monday tuesday wednesday thursday friday saturday
    sunday january february march april may june july august september october november december
    mon tue tues wed thu thur thurs fri sat sun jan feb mar apr jun jul aug sep sept oct nov dec
    """
)
# Month abbreviations and "etc." may close a sentence: after them any
# capitalised word starts a new one ("dissolved in Sept. Critics said",
# "solar plants, etc. Separately, ..."); a number goes on ("Sept. 11").
_CLOSE_BEFORE_CAPITAL = _words("jan feb mar apr jun jul aug sep sept oct nov dec etc")
# A two-letter initial of consonants is a patronymic ("Nurlanbek Sh. Toktogulov",
# "Zh.", "Kh."): between two capitalised names it does not end a sentence.
_CONSONANTS = frozenset("bcdfghjklmnpqrstvwxz")
# Street abbreviations: "between Oak Ave. and Elm St. Work is expected" ends a
# sentence when the capitalised word after it is followed by a verb.
_STREET = _words("st ave rd blvd")
_CLAUSE_VERBS = _words(
    """
    is are was were will would should could can may might must has have had does did said says remains remain
    """
)
# "St." is "Saint" unless a street name or number comes before it; these words
# come before the saint in place names ("East St. Louis", "Mount St. Helens").
_BEFORE_SAINT = _words("east west north south mount mt fort ft port lake sault great little upper lower")
# After a may-end abbreviation, these words mean a new sentence has started.
_STARTERS = _words(
    """
    The A An This That These Those It Its He She They We I You His Her Their Our My Your There Here In
    On At By For From With Without After Before During Since Until When While Where What Who Whom Whose
    Why How Which If As But And Or Nor So Yet Not No Now Then Still Also However Meanwhile Moreover
    Furthermore Nevertheless Nonetheless Instead Indeed Later Earlier Last Next Some Many Most Few All
    Both Each Every Several Such Other Others Another Despite Although Though Because According Once Today
    Yesterday Tomorrow Asked Officials Everyone Everybody Nobody None Someone Somebody Something Everything
    Nothing Neither Either Much More Only Even Just
    """
)


def split_sentences(text: str, start: int = 0, end: int | None = None) -> list[tuple[int, int]]:
    """Return stripped, non-empty, ordered (start, end) sentence spans inside text[start:end]."""
    if end is None or end > len(text):
        end = len(text)
    start = max(start, 0)
    if 0 < start < end and text[start - 1] in _P and text[start] in _P:
        # The run-start lookbehind would see text before the range: use a slice.
        return [(s + start, e + start) for s, e in split_sentences(text[start:end])]
    spans: list[tuple[int, int]] = []
    sent = start
    while sent < end and text[sent].isspace():
        sent += 1
    for m in _CANDIDATE.finditer(text, start, end):
        more, close, nxt = m.group(1, 2, 3)
        if more is None:  # line break
            e = m.start()
            while e > sent and text[e - 1].isspace():
                e -= 1
            if e > sent:
                spans.append((sent, e))
            sent = m.end()
        elif _ends_sentence(text, m, more, close, nxt, sent, end):
            spans.append((sent, m.end(2)))
            sent = m.end()
    e = end
    while e > sent and text[e - 1].isspace():
        e -= 1
    if e > sent:
        spans.append((sent, e))
    return spans


def _ends_sentence(text: str, m: re.Match[str], more: str, close: str, nxt: str, sent: int, end: int) -> bool:
    if nxt in _CONTINUATION:
        return False
    if nxt.islower():
        # Lower case goes on with the sentence, except brand names ("eBay", "iPhone").
        after = text[m.end() + 1 : min(m.end() + 3, end)]
        if after.lower() == after:
            return False
    first = text[m.start()]
    if more or first != "." or close.strip(")]}"):
        # "?", "!", "..." or a period inside quotes: an upper-case or non-letter
        # continuation means a new sentence, with two exceptions. Inside
        # brackets "(ret.)" the period may still belong to an abbreviation, so
        # those go on to the checks below.
        if first in "?!" and close.strip(")]}") and _ATTRIBUTION.match(text, m.end(), end):
            return False  # '"Why?" Smith asked.'
        if (first == "…" or more[:1] == ".") and nxt == "I" and not text[m.end() + 1 : min(m.end() + 2, end)].isalpha():
            return False  # a pause in speech: "I'll survive this one... I hope."
        return True
    # A lone period right after a word: only abbreviations need a closer look,
    # and none is longer than six letters.
    p = m.start()
    if p - 7 >= sent and text[p - 7 : p].isalpha():
        return True
    lo = max(sent, p - 16)
    parts = text[lo:p].rsplit(None, 1)
    if not parts:
        return True
    token = parts[-1]
    if lo > sent and len(token) == p - lo:
        return True  # longer than any abbreviation
    word = token.lstrip(_TOKEN_TRIM)
    key = word.lower()
    if key in _NEVER_END:
        return False
    if key in _MINUTE and text[sent : p - len(token)].strip().isdigit():
        return False
    if p - len(token) == sent and _ENUMERATOR.fullmatch(word):
        return False  # "1. The first point" / "IV. Conclusions"
    if nxt.isdigit():  # "No. 10", "Sept. 11", "18 U.S.C. 1001"
        return key not in _BEFORE_NUMBER and _DOTTED.fullmatch(word) is None
    if len(word) == 2 and word[0].isupper() and word[1] in _CONSONANTS and nxt.isupper() and key not in _MAY_END:
        return not _is_patronymic(text, m.end(), end, p - len(token), sent)
    if (
        key in _MAY_END
        or (len(word) == 1 and word.isupper())
        or (key in _MAY_END_CAPITALISED and word[0].isupper())
        or _DOTTED.fullmatch(word)
    ):
        # Two spaces after the period are a typist's sentence break.
        return (
            m.end() - m.end(2) > 1
            or _starts_sentence(text, m.end(), end, key)
            or (key in _STREET and _starts_clause_after_street(text, m.end(), end, p - len(token), sent, key))
        )
    return True


def _is_patronymic(text: str, pos: int, end: int, token_start: int, sent: int) -> bool:
    """Whether a two-letter initial at token_start sits between a first name and a capitalised surname."""
    before = text[max(sent, token_start - 30) : token_start].rsplit(None, 1)
    if not before or not before[-1][:1].isupper() or not before[-1].isalpha():
        return False
    w = _LETTERS.match(text, pos, end)
    if w is None:
        return False
    word = w.group()
    return len(word) > 1 and word[0].isupper() and not word.isupper() and word not in _STARTERS


def _starts_clause_after_street(text: str, pos: int, end: int, token_start: int, sent: int, abbreviation: str) -> bool:
    """Whether "Elm St." / "Kessler Ave." is followed by a new clause: "Work is ...", "Drivers should ..."."""
    w = _LETTERS.match(text, pos, end)
    if w is None or not w.group()[0].isupper() or w.group().isupper():
        return False
    following = _NEXT_WORD.match(text, w.end(), end)
    if following is None or following.group(1) not in _CLAUSE_VERBS:
        return False
    if abbreviation != "st":
        return True
    before = text[max(sent, token_start - 20) : token_start].rsplit(None, 1)
    if not before:
        return False
    name = before[-1].rstrip(",").lower()
    return (before[-1][0].isupper() or before[-1][0].isdigit()) and name.rstrip(".") not in _BEFORE_SAINT


def _starts_sentence(text: str, pos: int, end: int, abbreviation: str) -> bool:
    """Whether the word at pos opens a new sentence after an abbreviation that may end one."""
    quoted = text[pos] in _QUOTES
    w = _LETTERS.match(text, pos + 1 if quoted else pos, end)
    if w is None:
        return quoted
    word = w.group()
    if word in _STARTERS or (quoted and word[0].isupper()):
        return True
    if abbreviation in _CLOSE_BEFORE_CAPITAL:
        return word[0].isupper()
    if abbreviation not in _COMPANY and abbreviation not in ("a.m", "p.m"):
        return False  # "U.S. Army", "John F. Kennedy": a capitalised word goes on with the name
    # After "Co." or "p.m." a capitalised word is a new sentence unless it is
    # an acronym, a title ("Inc. CEO", "Corp. Chairman"), a day or month
    # ("5 p.m. Tuesday") or a place before "time" ("10 a.m. Moscow time").
    if not word[0].isupper() or word.isupper() or word.lower() in _AFTER_COMPANY_OR_TIME:
        return False
    following = _NEXT_WORD.match(text, w.end(), end)
    return following is None or following.group(1).lower() != "time"
