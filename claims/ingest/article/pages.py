"""Whole web pages pasted as text: judge blocks (lines) as boilerplate removers judge HTML blocks."""

from __future__ import annotations


def judge_page(text: str, spans: list[tuple[int, int]]) -> list[tuple[int, int, str]]:
    """(start, end, rule id) of the lines of spans that are page boilerplate, judged as blocks of a whole page."""
    return []


PAGE_RULES: tuple = ()
