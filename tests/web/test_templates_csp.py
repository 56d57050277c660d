"""The templates hold nothing the Content-Security-Policy would block: scripts and styles live in static/."""

import re
from pathlib import Path

import pytest

TEMPLATES = sorted((Path(__file__).resolve().parents[2] / "templates").rglob("*.html"))
BLOCKED = {
    "inline script": re.compile(r"<script(?![^>]*\bsrc=)[^>]*>", re.I),
    "inline event handler": re.compile(r"<[^>]+\son[a-z]+\s*=", re.I),
    "inline style": re.compile(r"<style\b|\sstyle\s*=", re.I),
    "javascript: URL": re.compile(r"javascript:", re.I),
}


@pytest.mark.parametrize("template", TEMPLATES, ids=lambda path: path.name)
def test_template_has_no_inline_script_or_style(template):
    html = template.read_text()
    found = [what for what, pattern in BLOCKED.items() if pattern.search(html)]
    assert not found, f"{template.name}: {', '.join(found)}"
