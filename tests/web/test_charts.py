"""Server-drawn SVG charts, one module for the site: bar charts (dashboard) and line charts (model page),
proportional, every text escaped the same way."""

import pytest

from claims.web.charts import BAR_WIDTH, LEFT, LINE_WIDTH, RIGHT, TOP, Bar, Series, bar_chart, line_chart

PAYLOAD = '<script>alert(1)</script>"'


def test_bars_are_proportional_to_the_largest():
    svg = bar_chart([Bar("a", 10), Bar("b", 5)], title="Items")
    assert f'width="{BAR_WIDTH}.0"' in svg or f'width="{float(BAR_WIDTH)}"' in svg
    assert f'width="{BAR_WIDTH / 2}"' in svg
    assert 'role="img" aria-label="Items"' in svg


def test_a_given_maximum_and_an_empty_chart():
    svg = bar_chart([Bar("a", 0.25, "25%")], title="Rate", maximum=1)
    assert f'width="{BAR_WIDTH / 4}"' in svg and ">25%</text>" in svg
    assert "<svg" in bar_chart([], title="Nothing")


def test_labels_are_escaped():
    svg = bar_chart([Bar('<script>alert(1)</script>"', 1)], title="<b>t</b>")
    assert "<script>" not in svg and "&lt;script&gt;" in svg and "<b>" not in svg


def line(**changes) -> str:
    chart = {"title": "Curve", "x_label": "labelled claims", "y_label": "macro-F1"} | changes
    return line_chart([Series("trained", "#1565c0", [(10, 0.5), (30, 1.0)]),
                       Series("baseline", "#757575", [(10, 0.0)], "6 4"),
                       Series("nothing yet", "#000000", [])], **chart)


def test_line_points_span_the_plot_from_the_smallest_to_the_largest_x():
    svg = line()
    right, bottom = LINE_WIDTH - RIGHT, 224.0  # the plot's right edge; y = 0 sits at its bottom
    assert f'points="{LEFT:.1f},120.0 {right:.1f},{TOP:.1f}"' in svg  # y 0.5 half-way up, y 1 at the top
    assert f'stroke-dasharray="6 4" points="{LEFT:.1f},{bottom}"' in svg
    assert "<title>trained: 1.000 at 30</title>" in svg
    assert svg.count("<polyline") == 2  # an empty series draws nothing
    assert 'role="img" aria-label="Curve"' in svg and ">labelled claims</text>" in svg and ">macro-F1</text>" in svg


@pytest.mark.parametrize("field", ["title", "x_label", "y_label", "name", "colour", "dash"])
def test_every_text_of_a_line_chart_is_escaped(field):
    if field in ("title", "x_label", "y_label"):
        svg = line(**{field: PAYLOAD})
    else:
        values = {"name": "a", "colour": "#123456", "points": [(1, 0.5)], "dash": "2 3"} | {field: PAYLOAD}
        svg = line_chart([Series(**values)], title="t", x_label="x", y_label="y")
    assert "<script>" not in svg and "&lt;script&gt;alert(1)&lt;/script&gt;&quot;" in svg


def test_the_same_text_is_escaped_alike_in_both_kinds():
    bar = bar_chart([Bar(PAYLOAD, 1)], title=PAYLOAD)
    curve = line_chart([Series(PAYLOAD, "#123456", [(1, 0.5)])], title=PAYLOAD, x_label="x", y_label="y")
    escaped = "&lt;script&gt;alert(1)&lt;/script&gt;&quot;"
    assert bar.count(escaped) >= 3 and curve.count(escaped) >= 4  # title, label; name in legend and tooltip


def test_the_model_page_and_the_dashboard_draw_with_this_module():
    from claims.web import dashboard, suggest

    assert dashboard.bar_chart is bar_chart and suggest.line_chart is line_chart
