"""Guidelines render as Markdown with every script vector inert."""

import pytest

from claims.web.markdown import render_markdown


def test_markdown_renders():
    html = render_markdown("# Rules\n\nMark **claims**; see [the handbook](https://example.org/h).")
    assert "<h1>Rules</h1>" in html and "<strong>claims</strong>" in html
    assert '<a href="https://example.org/h">the handbook</a>' in html


@pytest.mark.parametrize(
    "payload",
    ["<script>alert(1)</script>", "<img src=x onerror=alert(1)>", "[x](javascript:alert(1))",
     "[x](JaVaScRiPt:alert(1))", "<a href='javascript:alert(1)'>x</a>", "![x](javascript:alert(1))",
     "<javascript:alert(1)>", "[x](data:text/html;base64,PHNjcmlwdD4=)"],
)
def test_payloads_come_out_inert(payload):
    html = render_markdown(payload).lower()
    assert "<script" not in html and "<img src=x" not in html and 'href="javascript' not in html
    assert 'src="javascript' not in html and 'href="data:text' not in html
