"""Bar charts drawn on the server as SVG: no script, no chart library, nothing fetched from elsewhere.

Every label is escaped by format_html; colours come from the project's scheme, which only admits
#rrggbb values.
"""

from dataclasses import dataclass

from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString

ROW_HEIGHT = 26
LABEL_WIDTH = 150
BAR_WIDTH = 380
VALUE_WIDTH = 110
DEFAULT_BAR = "#1f5fa8"


@dataclass(frozen=True)
class Bar:
    """One bar: what it is, how long, what it reads, and its colour."""

    label: str
    value: float
    text: str = ""
    color: str = DEFAULT_BAR


def bar_chart(bars: list[Bar], *, title: str, maximum: float | None = None) -> SafeString:
    """A horizontal bar chart with its title for screen readers and a value at the end of each bar."""
    top = maximum if maximum is not None else max((bar.value for bar in bars), default=0)
    height = max(len(bars), 1) * ROW_HEIGHT + 4
    width = LABEL_WIDTH + BAR_WIDTH + VALUE_WIDTH

    def row(index: int, bar: Bar):
        y = index * ROW_HEIGHT + 2
        length = round(BAR_WIDTH * bar.value / top, 1) if top else 0
        return (
            y + ROW_HEIGHT / 2 + 4, LABEL_WIDTH - 8, bar.label,
            LABEL_WIDTH, y + 4, BAR_WIDTH, ROW_HEIGHT - 8,
            LABEL_WIDTH, y + 4, length, ROW_HEIGHT - 8, bar.color, bar.label, bar.text or bar.value,
            y + ROW_HEIGHT / 2 + 4, LABEL_WIDTH + length + 6, bar.text or bar.value,
        )

    rows = format_html_join(
        "",
        '<text class="chart-label" x="{1}" y="{0}" text-anchor="end">{2}</text>'
        '<rect class="chart-track" x="{3}" y="{4}" width="{5}" height="{6}" rx="3"></rect>'
        '<rect x="{7}" y="{8}" width="{9}" height="{10}" fill="{11}" rx="3"><title>{12}: {13}</title></rect>'
        '<text class="chart-value" x="{15}" y="{14}">{16}</text>',
        (row(index, bar) for index, bar in enumerate(bars)),
    )
    return format_html(
        '<svg class="chart" viewBox="0 0 {} {}" width="{}" height="{}" role="img" aria-label="{}">'
        "<title>{}</title>{}</svg>",
        width, height, width, height, title, title, rows,
    )
