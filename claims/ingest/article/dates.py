"""Dates, time stamps and datelines: recognising date lines and reading publication dates."""

from __future__ import annotations

import datetime
import re

from .text import SPEAKER

_MONTHS = {
    name: number
    for number, names in enumerate(
        ["jan january", "feb february", "mar march", "apr april", "may", "jun june", "jul july", "aug august",
         "sep sept september", "oct october", "nov november", "dec december"],
        start=1,
    )
    for name in names.split()
}  # fmt: skip
_MONTH = "|".join(sorted(_MONTHS, key=len, reverse=True))
DATE_RE = (
    rf"(?i:(?P<d1>\d{{1,2}})(?:st|nd|rd|th)?\s+(?P<m1>{_MONTH})\.?,?\s+(?P<y1>\d{{4}})"
    rf"|(?P<m2>{_MONTH})\.?\s+(?P<d2>\d{{1,2}})(?:st|nd|rd|th)?,?\s+(?P<y2>\d{{4}})"
    rf"|(?P<y3>\d{{4}})-(?P<m3>\d{{2}})-(?P<d3>\d{{2}}))"
)
DATE = re.compile(rf"\b{DATE_RE}\b")
WEEKDAY = r"(?:mon|tue|tues|wed|thu|thur|thurs|fri|sat|sun)(?:day|nesday|sday|urday)?\.?,?\s+"
# A time after the date, maybe with its zone, which some sites put in parentheses: "9:00AM (UTC)".
_TIME = (
    r"(?:\s*(?:,|at|-|\|)?\s*\d{1,2}[:.]\d{2}(?:\s*[ap]\.?m\.?)?"
    r"(?:\s*(?:[A-Z]{2,5}|GMT|UTC)(?:[+-]\d{1,2})?|\s*\((?:[A-Z]{2,5}|GMT|UTC)(?:[+-]\d{1,2})?\))?)?"
)
# "September 12, 2024 2:41 PM GMT+2 Updated 3 hours ago": an update time may follow.
_UPDATED = r"(?:\s*[|•·,]?\s*(?:last\s+)?updated:?\s+\S.{0,40})?"
_DATE_LINE = re.compile(rf"(?i)(?:{WEEKDAY})?{DATE_RE}{_TIME}{_UPDATED}")
# The rest must look like a time ("3 hours ago", a number) so that a heading
# such as "Updated figures" is not taken for a timestamp.
_STAMP_LINE = re.compile(
    r"(?i)(?:published|updated|posted|last\s+updated|first\s+published|(?:last\s+)?modified|issued(?=\s+on\b|\s*:))"
    r"(?:\s+on)?\s*:?\s+(?=.*(?:\d|\bago\b|\btoday\b|\byesterday\b|\bjust\s+now\b))\S.{0,70}"
)


_RELEASE = re.compile(r"(?i)for\s+immediate\s+release\b.{0,60}")  # press releases
# "3 hours ago", "an hour ago", "Just now": the time stamp of web pages and live blogs.
_AGO_LINE = re.compile(
    r"(?i)(?:(?:\d+|an?|one|two|three|four|five|six|ten)\s+(?:sec(?:ond)?|min(?:ute)?|h(?:ou)?r|day|week|month|year)s?"
    r"\s+ago|just\s+now)"
)


# A live blog's entry time on its own line: "11:58 p.m.", "14:05 GMT", "9:30 am ET".
TIME_STAMP = re.compile(
    r"\d{1,2}[:.]\d{2}(?:\s*[apAP]\.?[mM]\.?)?"
    r"(?:\s+(?:GMT|UTC|BST|CET|CEST|EET|EEST|MSK|[ECMP][SD]?T|IST|PKT|AST|EAT|WAT|CAT|JST|KST|HKT|SGT|AE[SD]T)\b"
    r"(?:[+-]\d{1,2})?)?"
)


def is_time_line(line: str) -> bool:
    return len(line) <= 20 and line[:1].isdigit() and TIME_STAMP.fullmatch(line) is not None


def is_date_line(line: str) -> bool:
    if len(line) > 90:
        return False
    if line.endswith("."):
        return line[:1].isdigit() and is_time_line(line)  # "11:31 p.m."
    return True and (
        _DATE_LINE.fullmatch(line) is not None
        or _STAMP_LINE.fullmatch(line) is not None
        or _RELEASE.fullmatch(line) is not None
        or (("ago" in line or "now" in line) and _AGO_LINE.fullmatch(line) is not None)
    )


def parse_date(line: str) -> datetime.date | None:
    m = DATE.search(line)
    if m is None:
        return None
    g = m.groupdict()
    try:
        if g["y3"]:
            return datetime.date(int(g["y3"]), int(g["m3"]), int(g["d3"]))
        day, month, year = (g["d1"], g["m1"], g["y1"]) if g["y1"] else (g["d2"], g["m2"], g["y2"])
        return datetime.date(int(year), _MONTHS[month.lower()], int(day))
    except ValueError:
        return None


# "MOSCOW (Reuters) —", "KABUL, Oct 19 (AP) -", "Washington (CNN) —", "(Reuters) -"
_DATELINE_WITH_OUTLET = re.compile(
    r"(?:(?!(?:The|A|An|In|On|At)\b)[A-Z][\w.'’-]{0,30}(?:\s+[A-Z][\w.'’-]{0,30}){0,3}(?:,[^,()\n]{1,30}){0,2}\s*)?"
    r"\((?P<outlet>[A-Z][^()\n]{1,40})\)\s*(?:—|–|--?|:)\s+"
)
# "MOSCOW —", "NEW YORK, May 3 –": the place must be in capitals without an outlet.
_DATELINE_CAPS = re.compile(
    r"[A-Z][A-Z.'’-]{1,30}(?:\s+[A-Z][A-Z.'’-]{1,30}){0,3}(?:,[^,()\n—–]{1,30}){0,3}\s+(?:—|–|--?)\s+"
)  # the third comma group takes a press-release date and wire: "SAN JOSE, Calif., May 3, 2024 /PRNewswire/ --"
# "ISLAMABAD: ...", "NEW DELHI: ...": a place in capitals and a colon, in the
# first paragraph only, and not a label ("UPDATE:") or an interview speaker.
_COLON_LABELS = (
    r"UPDATE|UPDATED|BREAKING|EXCLUSIVE|WATCH|LISTEN|READ|NOTE|EDITOR|CORRECTION|CLARIFICATION|ANALYSIS|OPINION"
    r"|LIVE|VIDEO|PHOTOS?|WARNING|SPOILER|FACT|BACKGROUND|CONTEXT|SUMMARY|WHAT|WHY|HOW|WHO|WHEN|WHERE|KEY|NEWS"
)
_DATELINE_COLON = re.compile(
    rf"(?!(?:{_COLON_LABELS})\b)"
    r"[A-Z][A-Z.'’-]{2,30}(?:\s+[A-Z][A-Z.'’-]{1,30}){0,2}:\s+(?=[A-Z“\"‘'])"
)
# "Muscat: Oman on Sunday hosted ...", "Abu Dhabi: ...": the same in title case,
# only under a byline or date line, and never a label word ("Update:", "Summary:", "Dear Sir:").
_DATELINE_COLON_TITLE = re.compile(
    rf"(?!(?i:{_COLON_LABELS}|TIMELINE|EXPLAINER|HIGHLIGHTS|RECAP|RESULTS?|VERDICT|SOURCES?|CREDIT|CAPTION|DEAR"
    r"|PICTURE|IMAGE|TOPICS?|TAGS|SUBJECT|RE|FROM|TO|DATE|TIME|VENUE|WEBSITE|CONTACT|DETAILS|STORY|POLL|QUESTION"
    r"|ANSWER|INTERVIEW|TRANSCRIPT|REVIEW|COMMENT|PREVIEW|BOTTOM|THE|A|AN|IN|ON|AT|BUT|AND|SO|YES|NO)\b)"
    r"[A-Z][a-z][\w'’-]{1,20}(?:[ -](?:[A-Z][\w'’-]{1,20}|al|el|es|de)){0,2}:\s+(?=[A-Z][a-z])"
)


def find_colon_dateline(line: str) -> re.Match[str] | None:
    """A title-case colon dateline ("Muscat: ...") opening the first paragraph under the header."""
    m = _DATELINE_COLON_TITLE.match(line) if ":" in line[:40] else None
    return m if m is not None and len(line) - m.end() >= 60 else None


def find_dateline(line: str, following: str) -> re.Match[str] | None:
    """The dateline opening the first body paragraph ("MOSCOW (Reuters) — ..."), with the text after it; or None.

    A colon dateline ("ISLAMABAD: ...") is not read when the next paragraph
    opens with a speaker too: that is an interview.
    """
    # The outlet's brackets are tested for first: the regex backtracks through every capitalised word.
    m = ("(" in line and _DATELINE_WITH_OUTLET.match(line)) or _DATELINE_CAPS.match(line)
    if m is None and ":" in line[:40]:
        m = _DATELINE_COLON.match(line)
        if m is not None and SPEAKER.match(following):
            m = None
    return m if m is not None and m.end() < len(line) else None
