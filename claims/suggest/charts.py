"""The learning curve as a server-rendered SVG: held-out macro-F1 against labelled claims (no script, no CDN)."""

from dataclasses import dataclass

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

WIDTH, HEIGHT = 560, 260
LEFT, RIGHT, TOP, BOTTOM = 48, 160, 16, 36


@dataclass(frozen=True)
class Series:
    """One line: a name for the legend, a colour, a dash pattern, and (x, y) points with y in 0..1."""

    name: str
    colour: str
    points: list[tuple[float, float]]
    dash: str = ""


def learning_curve_svg(series: list[Series], *, title: str, x_label: str = "labelled claims") -> SafeString:
    """An SVG line chart; every text in it is escaped."""
    drawn = [s for s in series if s.points]
    xs = [x for s in drawn for x, _ in s.points] or [0, 1]
    low, high = min(xs), max(xs)
    if high == low:
        low, high = low - 1, high + 1
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM

    def px(x: float) -> float:
        return LEFT + (x - low) / (high - low) * plot_w

    def py(y: float) -> float:
        return TOP + (1 - max(0.0, min(1.0, y))) * plot_h

    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {HEIGHT}" role="img" '
             f'class="chart" aria-labelledby="chart-title"><title id="chart-title">{escape(title)}</title>']
    for tick in (0, 0.25, 0.5, 0.75, 1):
        y = py(tick)
        parts.append(f'<line x1="{LEFT}" y1="{y:.1f}" x2="{LEFT + plot_w}" y2="{y:.1f}" stroke="#ddd"/>'
                     f'<text x="{LEFT - 6}" y="{y + 4:.1f}" text-anchor="end" font-size="11">{tick:.2f}</text>')
    for x in sorted(set(xs)):
        parts.append(f'<text x="{px(x):.1f}" y="{TOP + plot_h + 16}" text-anchor="middle" font-size="11">'
                     f'{escape(f"{x:g}")}</text>')
    parts.append(f'<text x="{LEFT + plot_w / 2:.1f}" y="{HEIGHT - 4}" text-anchor="middle" font-size="12">'
                 f'{escape(x_label)}</text>')
    parts.append(f'<text x="12" y="{TOP + plot_h / 2:.1f}" text-anchor="middle" font-size="12" '
                 f'transform="rotate(-90 12 {TOP + plot_h / 2:.1f})">macro-F1</text>')
    for number, s in enumerate(drawn):
        points = " ".join(f"{px(x):.1f},{py(y):.1f}" for x, y in s.points)
        dash = f' stroke-dasharray="{escape(s.dash)}"' if s.dash else ""
        parts.append(f'<polyline fill="none" stroke="{escape(s.colour)}" stroke-width="2"{dash} points="{points}"/>')
        for x, y in s.points:
            parts.append(f'<circle cx="{px(x):.1f}" cy="{py(y):.1f}" r="3" fill="{escape(s.colour)}">'
                         f'<title>{escape(s.name)}: {y:.3f} at {x:g}</title></circle>')
        legend_y = TOP + 14 + 18 * number
        parts.append(f'<line x1="{LEFT + plot_w + 12}" y1="{legend_y - 4}" x2="{LEFT + plot_w + 32}" '
                     f'y2="{legend_y - 4}" stroke="{escape(s.colour)}" stroke-width="2"{dash}/>'
                     f'<text x="{LEFT + plot_w + 36}" y="{legend_y}" font-size="11">{escape(s.name)}</text>')
    parts.append("</svg>")
    return mark_safe("".join(parts))  # noqa: S308 - built from numbers and escaped names only


def project_curve(points: list[dict]) -> SafeString:
    """The project's trained versions: held-out score, stance macro-F1, cold start and baseline on the same items;
    fine-tuned versions as a line of their own."""
    def line(key, kind=None):
        return [(p["labelled_claims"], p[key]) for p in points
                if p.get(key) is not None and kind in (None, p.get("kind", "heads"))]

    return learning_curve_svg([
        Series("trained (mean)", "#1565c0", line("score", "heads")),
        Series("trained (stance)", "#2e7d32", line("stance", "heads")),
        Series("fine-tuned (mean)", "#6a1b9a", line("score", "finetuned")),
        Series("cold start", "#ef6c00", line("cold_start"), "2 3"),
        Series("majority baseline", "#757575", line("baseline"), "6 4"),
    ], title="Held-out macro-F1 of each trained version against the labelled claims it learnt from")
