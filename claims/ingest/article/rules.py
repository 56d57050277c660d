"""Every structure rule of the article parser, by id: the tables of furniture.py and layout_rules.py."""

from __future__ import annotations

from .furniture import CONTEXT_RULES, LINE_PREDICATES, LINE_RULES, SHORT_LINE_RULES
from .layout_rules import CAPTION_CREDIT, DATELINE_RULES, ENTRY_TIME, LAYOUT_RULES
from .model import Rule
from .pages import PAGE_RULES

RULES: tuple[Rule, ...] = (
    *LINE_RULES,
    *SHORT_LINE_RULES,
    *LINE_PREDICATES,
    *CONTEXT_RULES,
    *PAGE_RULES,
    *LAYOUT_RULES,
    *DATELINE_RULES,
)
# Ids given by the parser itself to the parts of a line it cuts: a live-blog entry's time, a caption's credit.
PART_IDS = frozenset({ENTRY_TIME, CAPTION_CREDIT})
BY_ID = {rule.id: rule for rule in RULES}
