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


# Heatmaps: a matrix of values in low..high, one coloured cell each, the value written in it
CELL = 60
HEAT_LABEL = 130
HEAT_TOP = 28
NEGATIVE, POSITIVE = (179, 38, 30), (31, 95, 168)  # the site's danger and accent colours


def heat_colour(value: float | None, low: float = -1.0, high: float = 1.0) -> str:
    """White at 0, the accent colour toward high, the danger colour toward low; grey for no value."""
    if value is None:
        return "#eef1f4"
    share = max(0.0, min(1.0, value / high if value >= 0 else value / low))
    base = POSITIVE if value >= 0 else NEGATIVE
    return "#" + "".join(f"{round(255 + (c - 255) * share):02x}" for c in base)


def heatmap(rows: list[str], columns: list[str], values: list[list[float | None]], *, title: str,
            links: list[list[str]] | None = None, low: float = -1.0, high: float = 1.0) -> SafeString:
    """A matrix as coloured cells, each with its value (— for none) and a tooltip; a cell with a link opens it."""
    width, height = HEAT_LABEL + CELL * len(columns) + 4, HEAT_TOP + CELL * len(rows) + 4

    def cell(r: int, c: int) -> SafeString:
        value = values[r][c]
        shown = "—" if value is None else f"{value:.2f}"
        x, y = HEAT_LABEL + c * CELL, HEAT_TOP + r * CELL
        ink = "#fff" if value is not None and abs(value) > 0.55 * max(high, -low) else "#1d2125"
        drawn = format_html(
            '<rect x="{}" y="{}" width="{}" height="{}" fill="{}" stroke="#fff"><title>{} × {}: {}</title></rect>'
            '<text x="{}" y="{}" text-anchor="middle" font-size="12" fill="{}">{}</text>',
            x, y, CELL, CELL, heat_colour(value, low, high), rows[r], columns[c], shown,
            x + CELL / 2, y + CELL / 2 + 4, ink, shown)
        href = links[r][c] if links else ""
        return format_html('<a href="{}">{}</a>', href, drawn) if href else drawn

    heads = format_html_join("", '<text class="chart-label" x="{}" y="{}" text-anchor="middle">{}</text>',
                             ((HEAT_LABEL + c * CELL + CELL / 2, HEAT_TOP - 8, name[:9])
                              for c, name in enumerate(columns)))
    sides = format_html_join("", '<text class="chart-label" x="{}" y="{}" text-anchor="end">{}</text>',
                             ((HEAT_LABEL - 8, HEAT_TOP + r * CELL + CELL / 2 + 4, name[:18])
                              for r, name in enumerate(rows)))
    cells = format_html_join("", "{}", ((cell(r, c),) for r in range(len(rows)) for c in range(len(columns))))
    return format_html(
        '<svg xmlns="http://www.w3.org/2000/svg" class="chart heatmap" viewBox="0 0 {} {}" width="{}" height="{}" '
        'role="img" aria-label="{}"><title>{}</title>{}{}{}</svg>',
        width, height, width, height, title, title, heads, sides, cells)


# Networks: actors on a circle, directed edges between them (the stance map)
NET_SIZE = 620
NET_RADIUS = 220
NODE_RADIUS = 7


@dataclass(frozen=True)
class Node:
    id: int
    name: str


@dataclass(frozen=True)
class Edge:
    """A directed edge: from one node to another, its colour, how heavy, what it says, and where it leads."""

    source: int
    target: int
    colour: str
    weight: int
    title: str
    href: str = ""
    bend: int = 0  # edges between the same two nodes bend apart: 0, 1, 2, ...


def network(nodes: list[Node], edges: list[Edge], *, title: str, key: str = "net") -> SafeString:
    """Nodes on a circle (in the given order), edges as arrows bent apart, width by weight; ``key`` keeps the
    arrowheads' ids apart when a page holds two networks."""
    import math

    centre = NET_SIZE / 2
    at = {}
    for n, node in enumerate(nodes):
        angle = 2 * math.pi * n / max(len(nodes), 1) - math.pi / 2
        at[node.id] = (centre + NET_RADIUS * math.cos(angle), centre + NET_RADIUS * math.sin(angle), angle)
    colours = sorted({edge.colour for edge in edges})
    heaviest = max((edge.weight for edge in edges), default=1)
    markers = format_html_join(
        "", '<marker id="{}-{}" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="12" markerHeight="12" '
            'markerUnits="userSpaceOnUse" orient="auto-start-reverse">'
            '<path d="M 0 0 L 10 5 L 0 10 z" fill="{}"/></marker>',
        ((key, n, colour) for n, colour in enumerate(colours)))

    def path(edge: Edge) -> str:
        x1, y1, _ = at[edge.source]
        x2, y2, angle = at[edge.target]
        if edge.source == edge.target:  # a loop outside the circle
            ox, oy = math.cos(angle) * 40, math.sin(angle) * 40
            return (f"M {x1:.1f} {y1:.1f} C {x1 + ox - oy / 2:.1f} {y1 + oy + ox / 2:.1f} "
                    f"{x1 + ox + oy / 2:.1f} {y1 + oy - ox / 2:.1f} {x1:.1f} {y1:.1f}")
        dx, dy = x2 - x1, y2 - y1
        length = math.hypot(dx, dy) or 1
        # Stop short of the target's dot, and bend to the right of the direction of travel.
        x2, y2 = x2 - dx / length * (NODE_RADIUS + 2), y2 - dy / length * (NODE_RADIUS + 2)
        bend = 18 + 22 * edge.bend
        cx, cy = (x1 + x2) / 2 - dy / length * bend, (y1 + y2) / 2 + dx / length * bend
        return f"M {x1:.1f} {y1:.1f} Q {cx:.1f} {cy:.1f} {x2:.1f} {y2:.1f}"

    def line(edge: Edge) -> SafeString:
        drawn = format_html(
            '<path d="{}" fill="none" stroke="{}" stroke-width="{}" stroke-opacity="0.8" marker-end="url(#{}-{})">'
            "<title>{}</title></path>",
            path(edge), edge.colour, f"{1.5 + 4.5 * edge.weight / heaviest:.1f}", key, colours.index(edge.colour),
            edge.title)
        return format_html('<a href="{}">{}</a>', edge.href, drawn) if edge.href else drawn

    def dot(node: Node) -> tuple:
        x, y, angle = at[node.id]
        lx, ly = x + math.cos(angle) * 14, y + math.sin(angle) * 14 + 4
        anchor = "middle" if abs(math.cos(angle)) < 0.3 else ("start" if math.cos(angle) > 0 else "end")
        return (f"{x:.1f}", f"{y:.1f}", NODE_RADIUS, node.name, f"{lx:.1f}", f"{ly:.1f}", anchor, node.name[:28])

    lines = format_html_join("", "{}", ((line(edge),) for edge in edges))
    dots = format_html_join(
        "", '<circle cx="{}" cy="{}" r="{}" fill="#17324d"><title>{}</title></circle>'
            '<text class="chart-label" x="{}" y="{}" text-anchor="{}">{}</text>',
        (dot(node) for node in nodes))
    return format_html(
        '<svg xmlns="http://www.w3.org/2000/svg" class="chart network" viewBox="-90 -10 {} {}" role="img" '
        'aria-label="{}"><title>{}</title><defs>{}</defs>{}{}</svg>',
        NET_SIZE + 180, NET_SIZE + 20, title, title, markers, lines, dots)
