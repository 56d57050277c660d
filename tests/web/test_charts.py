"""Server-drawn SVG bar charts: proportional bars, escaped labels."""

from claims.web.charts import BAR_WIDTH, Bar, bar_chart


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
