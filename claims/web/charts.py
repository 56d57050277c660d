"""The site's charts, drawn on the server as SVG: no script, no chart library, nothing fetched from elsewhere.

Bar charts (the dashboard) and line charts (the model page's learning curves). Every text and
attribute goes through format_html, so names, titles and colours are escaped the same way in
both; the bar colours come from the project's scheme, which only admits #rrggbb values.
"""

from dataclasses import dataclass

from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString

# Bar charts
ROW_HEIGHT = 26
LABEL_WIDTH = 150
BAR_WIDTH = 380
VALUE_WIDTH = 110
DEFAULT_BAR = "#1f5fa8"
# Line charts: the plot, with margins for the axis labels on the left and below and the legend on the right
LINE_WIDTH, LINE_HEIGHT = 560, 260
LEFT, RIGHT, TOP, BOTTOM = 48, 160, 16, 36


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


@dataclass(frozen=True)
class Series:
    """One line: a name for the legend, a colour, a dash pattern, and (x, y) points with y in 0..1."""

    name: str
    colour: str
    points: list[tuple[float, float]]
    dash: str = ""


def line_chart(series: list[Series], *, title: str, x_label: str, y_label: str) -> SafeString:
    """A line chart of values in 0..1 with a legend; each point shows its value as a tooltip."""
    drawn = [s for s in series if s.points]
    xs = [x for s in drawn for x, _ in s.points] or [0, 1]
    low, high = min(xs), max(xs)
    if high == low:
        low, high = low - 1, high + 1
    plot_w, plot_h = LINE_WIDTH - LEFT - RIGHT, LINE_HEIGHT - TOP - BOTTOM

    # Coordinates as text with one decimal: format_html escapes its arguments, so they arrive formatted.
    def px(x: float) -> str:
        return f"{LEFT + (x - low) / (high - low) * plot_w:.1f}"

    def py(y: float, shift: float = 0) -> str:
        return f"{TOP + (1 - max(0.0, min(1.0, y))) * plot_h + shift:.1f}"

    grid = format_html_join(
        "",
        '<line x1="{0}" y1="{1}" x2="{2}" y2="{1}" stroke="#ddd"/>'
        '<text x="{3}" y="{4}" text-anchor="end" font-size="11">{5}</text>',
        ((LEFT, py(tick), LEFT + plot_w, LEFT - 6, py(tick, 4), f"{tick:.2f}") for tick in (0, 0.25, 0.5, 0.75, 1)),
    )
    x_ticks = format_html_join(
        "", '<text x="{}" y="{}" text-anchor="middle" font-size="11">{}</text>',
        ((px(x), TOP + plot_h + 16, f"{x:g}") for x in sorted(set(xs))),
    )
    lines = format_html_join("", "{}", ((_line(number, s, px, py, plot_w),) for number, s in enumerate(drawn)))
    middle = f"{TOP + plot_h / 2:.1f}"
    return format_html(
        '<svg xmlns="http://www.w3.org/2000/svg" class="chart" viewBox="0 0 {} {}" role="img" aria-label="{}">'
        "<title>{}</title>{}{}"
        '<text x="{}" y="{}" text-anchor="middle" font-size="12">{}</text>'
        '<text x="12" y="{}" text-anchor="middle" font-size="12" transform="rotate(-90 12 {})">{}</text>'
        "{}</svg>",
        LINE_WIDTH, LINE_HEIGHT, title, title, grid, x_ticks,
        f"{LEFT + plot_w / 2:.1f}", LINE_HEIGHT - 4, x_label, middle, middle, y_label, lines,
    )


def _line(number: int, s: Series, px, py, plot_w: int) -> SafeString:
    """One series: its polyline, a dot with a tooltip per point, and its row of the legend."""
    dash = format_html(' stroke-dasharray="{}"', s.dash) if s.dash else ""
    points = " ".join(f"{px(x)},{py(y)}" for x, y in s.points)
    dots = format_html_join(
        "", '<circle cx="{}" cy="{}" r="3" fill="{}"><title>{}: {} at {}</title></circle>',
        ((px(x), py(y), s.colour, s.name, f"{y:.3f}", f"{x:g}") for x, y in s.points),
    )
    legend_y = TOP + 14 + 18 * number
    return format_html(
        '<polyline fill="none" stroke="{}" stroke-width="2"{} points="{}"/>{}'
        '<line x1="{}" y1="{}" x2="{}" y2="{}" stroke="{}" stroke-width="2"{}/>'
        '<text x="{}" y="{}" font-size="11">{}</text>',
        s.colour, dash, points, dots,
        LEFT + plot_w + 12, legend_y - 4, LEFT + plot_w + 32, legend_y - 4, s.colour, dash,
        LEFT + plot_w + 36, legend_y, s.name,
    )
