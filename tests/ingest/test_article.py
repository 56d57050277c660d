"""Tests for claims.ingest.article: normalisation, structure detection, furniture kept as segments, offsets."""

from __future__ import annotations

import datetime
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from claims.ingest.article import (
    SEGMENT_KINDS,
    ParsedArticle,
    Segment,
    normalise_line_endings,
    normalise_text,
    parse_article,
)
from claims.ingest.article.text import BULLETS, LINE_BREAKS

FIXTURES = Path(__file__).parent / "fixtures"


def fixture(name: str) -> str:
    return (FIXTURES / name).read_text(encoding="utf-8")


def kinded(parsed: ParsedArticle) -> list[tuple[str, str]]:
    """(kind, text) of the segments that are not furniture."""
    return [(s.kind, parsed.text[s.start : s.end]) for s in parsed.segments if s.kind != "furniture"]


def furniture(parsed: ParsedArticle) -> list[str]:
    """The texts of the furniture segments."""
    return [parsed.text[s.start : s.end] for s in parsed.segments if s.kind == "furniture"]


def content(parsed: ParsedArticle) -> str:
    """The text with its furniture segments taken out (as the parser once stored it), blank lines dropped."""
    return "\n".join(line.strip() for line in parsed.without_furniture().split("\n") if line.strip())


def assert_kept_as_furniture(parsed: ParsedArticle, raw: str) -> None:
    """Every character of raw is in the text, and what content() lacks is in furniture segments."""
    assert parsed.text == normalise_line_endings(raw)
    assert_segments_valid(parsed)
    assert all(s.rule for s in parsed.segments)


def assert_segments_valid(parsed: ParsedArticle) -> None:
    previous_end = 0
    for seg in parsed.segments:
        assert seg.kind in SEGMENT_KINDS
        assert previous_end <= seg.start < seg.end <= len(parsed.text)
        piece = parsed.text[seg.start : seg.end]
        assert piece == piece.strip() and piece
        previous_end = seg.end
    # Nothing outside the segments but whitespace and list bullets: no text is silently left out.
    covered = {i for seg in parsed.segments for i in range(seg.start, seg.end)}
    assert all(c.isspace() or c in BULLETS for i, c in enumerate(parsed.text) if i not in covered)


# --- normalise_text -------------------------------------------------------------


def test_normalise_line_breaks_bom_and_trailing_space() -> None:
    raw = "\ufeffTitle \r\nOne\rTwo\u2028Three\u2029Four\x85Five \t\n"
    assert normalise_text(raw) == "Title\nOne\nTwo\nThree\nFour\nFive"


def test_vertical_tab_and_form_feed_become_newlines_so_text_and_split_agree() -> None:
    raw = "Title\n\nKastran said the talks would resume\x0bnext week.\x0cVeloria disagreed\x1cstrongly."
    parsed = parse_article(raw)
    assert not any(c in parsed.text for c in "\x0b\x0c\x1c")
    assert parsed.text == "Title\n\nKastran said the talks would resume\nnext week.\nVeloria disagreed\nstrongly."
    # Every segment boundary the splitter found is a newline that is really in the text.
    for segment in parsed.segments:
        assert "\n" not in parsed.text[segment.start : segment.end]


def test_normalise_collapses_three_or_more_blank_lines_to_two() -> None:
    assert normalise_text("a\n\nb\n\n\nc\n\n\n\n\n\nd") == "a\n\nb\n\n\nc\n\n\nd"
    assert normalise_text("a\n  \n \t \n\n\nb") == "a\n\n\nb"


def test_normalise_keeps_everything_else() -> None:
    text = "  Indented “quote” – dash\tand\u00a0nbsp…\nnext"
    assert normalise_text(text) == text.strip()


# --- the fixture articles ----------------------------------------------------------


def test_wire_story_with_dateline_and_byline() -> None:
    parsed = parse_article(fixture("wire_caspian.txt"))
    assert_segments_valid(parsed)
    assert kinded(parsed)[:5] == [
        ("title", "Russia offers to mediate in Caspian fishing dispute"),
        ("byline", "By JANE DOE"),
        ("dateline", "MOSCOW (Reuters) —"),
        (
            "body",
            "Russia offered on Tuesday to mediate between Azerbaijan and Turkmenistan in a dispute over "
            "Caspian fishing quotas, the Foreign Ministry said.",
        ),
        ("body", "The offer came after talks in Baku broke down on Sept. 14."),
    ]
    assert [text for _, text in kinded(parsed)[5:]] == [
        '"We are ready to host both sides.',
        'The sooner, the better," Deputy Foreign Minister Andrei V. Rudenko told reporters.',
        '"Who else can do it?"',
        "Gen. Sergei Lapin, who commands the Caspian Flotilla, said patrols had been stepped up.",
        "The U.S. embassy in Baku declined to comment.",
        "Turkmen officials said catches had fallen 12.5% since 2021, costing the industry about "
        "$2.3 million a year... a figure Baku disputes.",
        "Analysts at Caspian Risk Ltd. said a deal was possible.",
        "Shares in the largest fish processor rose 3.5% in the U.S.",
        "The next day, they fell back.",
    ]
    assert (parsed.title, parsed.author, parsed.outlet, parsed.published) == (
        "Russia offers to mediate in Caspian fishing dispute",
        "Jane Doe",
        "Reuters",
        None,
    )
    # The share row and the copyright line are kept, as furniture segments.
    assert furniture(parsed) == ["Share on Facebook / Twitter", "© 2024 Reuters. All rights reserved."]
    assert content(parsed).endswith("The next day, they fell back.")


def test_opinion_with_byline_comment_counter_headings_disclaimers_and_furniture() -> None:
    parsed = parse_article(fixture("opinion_steppe.txt"))
    assert_segments_valid(parsed)
    segs = kinded(parsed)
    assert segs[:2] == [
        ("title", "Why the steppe matters more than the strait"),
        ("byline", "by Oleksandr Ivanenko on 12 Feb 2024"),  # the comment counter after it is furniture
    ]
    assert "3 Comments" in furniture(parsed)
    assert [text for kind, text in segs if kind == "heading"] == ["Understanding the stakes", "What comes next"]
    assert [kind for kind, _ in segs if kind != "body"] == [
        "title",
        "byline",
        "heading",
        "heading",
        "disclaimer",
        "disclaimer",
    ]
    assert segs[-2][1] == "Editor’s note: This column was first published in Russian."
    assert segs[-1][1].startswith("The views expressed in this article are the author’s own")
    assert (
        "body",
        "When Mr. Tokayev opened the new rail terminal at Dostyk last spring, he called it “a door, not a wall.”",
    ) in segs
    assert ("body", "Who benefits?") in segs
    assert ("body", "We need the crews,” one dispatcher told me.") in segs
    assert parsed.author == "Oleksandr Ivanenko"
    assert parsed.published == datetime.date(2024, 2, 12)
    assert furniture(parsed) == ["3 Comments", "User Comments Post a Comment", "Back to Top"]
    assert content(parsed).endswith("editorial policy of this publication.")


def test_body_only_article() -> None:
    raw = fixture("body_only_clinic.txt")
    parsed = parse_article(raw)
    assert_segments_valid(parsed)
    assert parsed.text == raw
    assert {s.kind for s in parsed.segments} == {"body"}
    assert (parsed.title, parsed.author, parsed.outlet, parsed.published) == ("", "", "", None)
    assert [text for _, text in kinded(parsed)] == [
        "Dr. Maria L. Santos, who runs the clinic in Puerto Vale, said the new scanner arrived on Jan. 9.",
        "Mrs. Ortega, a nurse there for 21 years, disagreed with the timing.",
        "“It came too late.",
        "Two patients had already been sent to the capital,” she said.",
        "The device cost $1.25 million, roughly 3.5% of the province’s health budget, i.e. more than the "
        "clinic spends on staff in a year.",
        "U.S. officials, who funded part of the purchase through the U.N. development programme, called it "
        "a model project.",
        "Is it?",
        "Critics are not convinced... and neither is the mayor.",
        "“Why should a town of 8,000 people need this?” asked Councillor Rui Mendes.",
        "He has asked the St. Vincent Foundation and Halvorsen Medical Inc. to publish the contract.",
        "The foundation said the contract would be posted online by the end of the month.",
        "Halvorsen said it had “nothing to hide!”",
        "Both are registered in the U.S.",
        "The next inspection is due in the autumn.",
        "John F. Kennedy Jr. once visited the town, a plaque in the square says.",
    ]


def test_masthead_lines_and_furniture_everywhere() -> None:
    parsed = parse_article(fixture("masthead_kabul.txt"))
    assert_segments_valid(parsed)
    assert kinded(parsed) == [
        ("title", "Taliban reopen Salang tunnel after three-week closure"),
        ("byline", "Amina Rahimi | May 3, 2024"),
        ("byline", "Published: 12 March 2024"),
        ("byline", "Updated 3 hours ago"),
        ("dateline", "KABUL, Oct 19 (AP) -"),
        (
            "body",
            "The Taliban reopened the Salang tunnel on Saturday, ending a closure that had cut Kabul off from "
            "the north for three weeks.",
        ),
        ("body", "Lorry drivers cheered as the first convoy passed."),
        ("body", "“We lost 40,000 afghanis a day,” said driver Mohammad Nabi."),
        ("body", "“Who will pay us back?”"),
        ("body", "The Ministry of Public Works did not answer questions about compensation."),
        ("body", "Engineers from Kabul Polytechnic University said the repairs were temporary."),
        (
            "body",
            "A full rebuild would cost about $90 million, according to a 2019 estimate by the Asian Development Bank.",
        ),
        ("disclaimer", "This article was originally published by Kabul Now."),
    ]
    # The byline's date comes first, so it wins over the later "Published:" line.
    assert (parsed.author, parsed.outlet, parsed.published) == ("Amina Rahimi", "AP", datetime.date(2024, 5, 3))
    for furniture in (
        "cookies",
        "Home >",
        "Advertisement",
        "Read more",
        "Related articles",
        "Click here",
        "Follow us",
        "Comments (3)",
    ):
        assert furniture not in content(parsed)
        assert any(furniture in piece for piece in globals()["furniture"](parsed))


# --- metadata and keyword arguments ------------------------------------------------


def test_explicit_arguments_win_over_detected_values() -> None:
    parsed = parse_article(
        fixture("wire_caspian.txt"),
        title="Caspian talks",
        author="Desk",
        outlet="Wire",
        published=datetime.date(2024, 1, 2),
    )
    assert (parsed.title, parsed.author, parsed.outlet, parsed.published) == (
        "Caspian talks",
        "Desk",
        "Wire",
        datetime.date(2024, 1, 2),
    )
    assert parsed.segments[0].kind == "title"  # the headline line is still recognised


def test_explicit_title_marks_matching_first_line_even_with_a_period() -> None:
    raw = "Talks fail again.\nThe two sides met on Monday. They left without a deal."
    assert parse_article(raw).segments[0].kind == "body"
    parsed = parse_article(raw, title="Talks  fail again.")
    assert kinded(parsed)[0] == ("title", "Talks fail again.")
    assert parsed.title == "Talks  fail again."


def test_single_line_is_never_a_title() -> None:
    assert [s.kind for s in parse_article("Short line without stop").segments] == ["body"]


@pytest.mark.parametrize(
    ("line", "author", "outlet", "published"),
    [
        ("by Andrew Korybko on 29 Jun 2023", "Andrew Korybko", "", datetime.date(2023, 6, 29)),
        ("By JANE DOE", "Jane Doe", "", None),
        ("By Jane Doe and John Roe, Reuters", "Jane Doe and John Roe", "Reuters", None),
        ("Jane Doe | May 3, 2024", "Jane Doe", "", datetime.date(2024, 5, 3)),
        ("By Jane Doe, Staff Writer | June 4, 2024", "Jane Doe", "", datetime.date(2024, 6, 4)),
        ("By Reuters", "", "Reuters", None),
        ("By Ana de la Cruz, The Manila Times", "Ana de la Cruz", "The Manila Times", None),
        # A label with a colon, as blog themes print it.
        ("Written by: Julie Mollins", "Julie Mollins", "", None),
        ("Author: Jane Doe", "Jane Doe", "", None),
        # The day of the week before the date; the date first, as in a blog's "Posted on DATE by NAME".
        ("Posted by Jane Doe on Monday, January 6, 2020", "Jane Doe", "", datetime.date(2020, 1, 6)),
        ("Posted on May 3, 2024 by Jane Doe", "Jane Doe", "", datetime.date(2024, 5, 3)),
        # Two inline elements, a name and a date, as a browser copies them: no space between.
        ("By Jane DoeMay 3, 2024", "Jane Doe", "", datetime.date(2024, 5, 3)),
        # A name and its role, no "By".
        ("Jane Doe, Senior Reporter", "Jane Doe", "", None),
        ("BY JANE DOE AND JOHN ROE", "Jane Doe and John Roe", "", None),
        # A nickname in quotes, the author's handle glued to the name, the serial comma, a role after a comma.
        ('By Amanda "Tania Mae" Tan November 19, 2023 7:18 pm', "Amanda Tan", "", datetime.date(2023, 11, 19)),
        ("By Jon Porter@JonPorty Jul 3, 2019, 4:22am EDT", "Jon Porter", "", datetime.date(2019, 7, 3)),
        ("By Dana A. Ford, Chien-Ming Wang, and Tom Watkins, CNN", "Dana A. Ford, Chien-Ming Wang, and Tom Watkins",
         "CNN", None),
        ("By Joan Biskupic, CNN Senior Supreme Court Analyst", "Joan Biskupic", "", None),
        ("Richard Adams Education editor", "Richard Adams", "", None),
    ],
)
def test_bylines(line: str, author: str, outlet: str, published: datetime.date | None) -> None:
    parsed = parse_article(f"Headline here\n{line}\nThe body starts here. It goes on.")
    assert kinded(parsed)[1] == ("byline", line)
    assert (parsed.author, parsed.outlet, parsed.published) == (author, outlet, published)


def test_name_with_place_above_a_date_after_a_standfirst() -> None:
    raw = "Farmers block roads\nProtesters say the pact will ruin them\nPierre Lambert in Brussels\n"
    raw += "Tue 12 Dec 2023 14.05 GMT\nThousands of farmers came. Critics, incl. Greenpeace, disagree."
    parsed = parse_article(raw)
    # The standfirst between the headline and the byline is a heading; dates are part of the byline.
    assert [k for k, _ in kinded(parsed)] == ["title", "heading", "byline", "byline", "body", "body"]
    assert (parsed.author, parsed.published) == ("Pierre Lambert", datetime.date(2023, 12, 12))


def test_title_after_a_leading_byline_and_a_bare_name_above_a_date() -> None:
    parsed = parse_article("By Jane Doe\nDam talks collapse\nThe talks ended. Nobody won.")
    assert [s.kind for s in parsed.segments] == ["byline", "title", "body", "body"]
    assert (parsed.title, parsed.author) == ("Dam talks collapse", "Jane Doe")
    parsed = parse_article("Dam talks collapse\nJane Doe\nMay 3, 2024\nThe talks ended. Nobody won.")
    assert [s.kind for s in parsed.segments] == ["title", "byline", "byline", "body", "body"]
    assert (parsed.author, parsed.published) == ("Jane Doe", datetime.date(2024, 5, 3))


def test_section_kicker_above_the_headline() -> None:
    raw = "Menu\nWorld\nGas storage is full. Will it last?\nAnalysis by Tomás Ferreira\n5 min read\n"
    raw += "LONDON, Nov 2 (Reuters Breakingviews) - Europe is ready. Or is it?"
    parsed = parse_article(raw)
    assert [k for k, _ in kinded(parsed)] == ["heading", "title", "byline", "dateline", "body", "body"]
    assert (parsed.title, parsed.author, parsed.outlet) == (
        "Gas storage is full. Will it last?",
        "Tomás Ferreira",
        "Reuters Breakingviews",
    )


def test_all_caps_bylines_with_several_names() -> None:
    parsed = parse_article("Headline here\nBy LISA MASCARO and MARY CLARE JALONICK\nThe body. More body.")
    assert parsed.author == "Lisa Mascaro and Mary Clare Jalonick"


@pytest.mark.parametrize(
    "line",
    [
        "Reporting by Jane Doe; Editing by John Roe",
        "(Reporting by Jane Doe in Kyiv and Anna Lee in Moscow; Editing by Mark Heinrich)",
        "Additional reporting by Jane Doe.",
        "Associated Press writers Kevin Freking and Farnoush Amiri contributed to this report.",
    ],
)
def test_credit_lines_at_the_end_are_bylines(line: str) -> None:
    parsed = parse_article(f"Headline here\nThe body. More body.\n{line}")
    assert kinded(parsed)[-1] == ("byline", line)
    assert parsed.author == ""  # credits do not name the author of the piece


@pytest.mark.parametrize(
    "line",
    ["Reporting by the BBC showed that the minister lied.", "Several factors contributed to this report's delay."],
)
def test_sentences_about_reporting_are_body(line: str) -> None:
    assert kinded(parse_article(f"Headline here\nThe body. More body.\n{line}"))[-1] == ("body", line)


@pytest.mark.parametrize(
    "line",
    ["By the end of the year, prices had doubled.", "By Monday officials had left", "By Design: How cities grow"],
)
def test_sentences_starting_with_by_are_not_bylines(line: str) -> None:
    parsed = parse_article(f"Headline here\n{line}\nThe body starts here.")
    assert parsed.segments[1].kind != "byline"
    assert parsed.author == ""


@pytest.mark.parametrize(
    ("paragraph", "dateline", "outlet"),
    [
        ("MOSCOW (Reuters) — Russia said it would act.", "MOSCOW (Reuters) —", "Reuters"),
        ("KABUL, Oct 19 (AP) - The Taliban said it would act.", "KABUL, Oct 19 (AP) -", "AP"),
        ("Washington (CNN) — The president said it would act.", "Washington (CNN) —", "CNN"),
        ("NEW YORK — Markets fell on Monday.", "NEW YORK —", ""),
    ],
)
def test_dateline_prefix_of_first_paragraph(paragraph: str, dateline: str, outlet: str) -> None:
    parsed = parse_article(f"A headline\n{paragraph} A second sentence.")
    segs = kinded(parsed)
    assert segs[1] == ("dateline", dateline)
    assert segs[2][0] == "body" and segs[2][1] == paragraph[len(dateline) :].strip()
    assert segs[3] == ("body", "A second sentence.")
    assert parsed.outlet == outlet


def test_dateline_prefix_only_on_first_body_paragraph() -> None:
    parsed = parse_article("A headline\nFirst paragraph here.\nMOSCOW (Reuters) — later text.")
    assert "dateline" not in {s.kind for s in parsed.segments}


@pytest.mark.parametrize(
    ("line", "published"),
    [
        ("Published: 12 March 2024", datetime.date(2024, 3, 12)),
        ("Updated 3 hours ago", None),
        ("Posted on June 4, 2024 at 10:30 am", datetime.date(2024, 6, 4)),
        ("Monday, March 4, 2024", datetime.date(2024, 3, 4)),
        ("2024-03-05", datetime.date(2024, 3, 5)),
        ("3 hours ago", None),
        ("Published On 3 Mar 2024", datetime.date(2024, 3, 3)),
        ("Published 5:47 p.m. CT March 5, 2024 | Updated 9:02 a.m. CT March 6, 2024", datetime.date(2024, 3, 5)),
        ("Feb. 27, 2024 at 4:30 p.m. EST", datetime.date(2024, 2, 27)),
    ],
)
def test_date_and_time_lines_are_part_of_the_byline(line: str, published: datetime.date | None) -> None:
    parsed = parse_article(f"A headline\n{line}\nThe body. More body.")
    assert kinded(parsed)[1] == ("byline", line)
    assert parsed.published == published


def test_headings_need_a_finished_paragraph_before_and_text_after() -> None:
    raw = (
        "Title line\n"
        "The first paragraph ends here.\n"
        "A real subheading\n"
        "The demands are:\n"
        "Higher wages\n"
        "Shorter shifts\n"
        "The talks went on.\n"
        "Last line without a stop"
    )
    kinds = [(k, t) for k, t in kinded(parse_article(raw)) if k != "body"]
    assert kinds == [("title", "Title line"), ("heading", "A real subheading")]


# --- furniture and disclaimers ---------------------------------------------------

FURNITURE = [
    "User Comments Post a Comment",
    "Post a Comment",
    "Back to Top",
    "Share this article",
    "Share on Facebook / Twitter",
    "Facebook Twitter WhatsApp Email",
    "Click here to subscribe",
    "Related articles",
    "Advertisement",
    "ADVERTISEMENT",
    "Read more: Taliban bans women from universities",
    "READ MORE",
    "We use cookies to improve your experience. By continuing you accept our cookie policy.",
    "Follow us on Telegram",
    "All rights reserved",
    "Copyright 2024 The Daily Planet. All rights reserved.",
    "© 2024 Reuters",
    "Comments (3)",
    "0 Comment",
    "Home > World > Asia",
    "News » Europe » Ukraine",
    "Skip to main content",
    "Tags: Russia, Afghanistan",
    "ALL RIGHTS RESERVED.",
    "5 min read",
    "Listen to this article",
    "Follow @Breakingviews on Twitter",
    "This article is more than 2 years old",
    "Share this:",
    "You must be logged in to post a comment.",
    "Have a news tip? Contact the City Desk at desk@example.org.",
    "Email the reporter: jane@example.org",
    "jsmith@gazette.example.com",
    "Twitter: @jsmith",
    "Media contact: Jane Doe, jane@acme.example",
    "Explore more on these topics",
    "Reuse this content",
    "Sign up for our daily newsletter",
    "___",
    "* * *",
    "share4",
    "Share full article",
    "Recommended Stories",
    "SKIP ADVERTISEMENT",
    "Supported by",
    "Lire en français",
    "Order Reprints | Today's Paper | Subscribe",
    "Subscribe to the Valley Courier for unlimited local news.",
    "Contact reporter Ana Ruiz at aruiz@courier.example.com or 555-0100. Follow her on X @AnaRuizNews.",
    "To support the Courier, order your copy at courierbooks.example.com. Delivery charges may apply.",
    "SOURCE Northwind Traders Ltd.",
    "###",
    "Home › News › U.S. & Canada",
    "Sport › Tennis",
    "Follow",
    "Download PDF",
    "Share: Facebook X Email",
    "Reddit Count",
    "X (formerly Twitter) Count",
    "Reply",
    "Your email address will not be published. Required fields are marked *",
    "Required fields are marked *",
    "Enter your email address",
    "Sign Me Up",
    "Get the latest headlines delivered straight to your inbox.",
    "When we learn of a mistake, we acknowledge it with a correction. If you find an error, please tell us.Learn more",
    "If you see an error, please let us know.",
    "Purchase Licensing Rights, opens new tab",
    "Learn more",
    "Sign up to get the latest news in your inbox",
    "By signing up, you agree to our Privacy Policy and Terms of Service.",
    "Save my name, email, and website in this browser for the next time I comment.",
    "Notify me of follow-up comments by email.",
    "We strive for accuracy and fairness. If you see something that doesn’t look right, contact us.",
    "Log in to Reply",
    "Download (PDF, 1.2 MB)",
    "Follow this topic",
    "Comment *",
    "Post Comment",
    "Newsletter sign-up",
    "Get our free newsletter",
]


@pytest.mark.parametrize("line", FURNITURE)
def test_furniture_lines_are_kept_as_furniture_segments(line: str) -> None:
    raw = f"{line}\nA headline\nFirst sentence here. Second one.\n{line}\nLast paragraph.\n{line}"
    parsed = parse_article(raw)
    assert content(parsed) == "A headline\nFirst sentence here. Second one.\nLast paragraph."
    assert furniture(parsed) == [line, line, line]
    assert_kept_as_furniture(parsed, raw)
    assert_segments_valid(parsed)


def test_link_list_inside_the_article_between_furniture_lines_is_kept_as_furniture() -> None:
    raw = (
        "A headline\nFirst sentence here. Second one.\nRecommended Stories\nlist of 2 items\n"
        "Dam talks collapse again\nlist 1 of 2\nGrain prices hit a record\nlist 2 of 2\nend of list\n"
        "Last paragraph here."
    )
    parsed = parse_article(raw)
    assert content(parsed) == "A headline\nFirst sentence here. Second one.\nLast paragraph here."
    assert "Dam talks collapse again" in furniture(parsed)
    assert_kept_as_furniture(parsed, raw)


def test_subheading_after_a_list_heading_is_kept_when_text_follows() -> None:
    raw = "A headline\nFirst sentence here.\nRelated stories\nWhat comes next\nThe council meets in May."
    assert "What comes next\nThe council meets in May." in parse_article(raw).text


def test_contact_block_of_a_press_release_is_kept_as_furniture() -> None:
    raw = (
        "A headline\nFirst sentence here.\n\nMedia contact:\nAna Ruiz\nNorthwind Traders Ltd.\n"
        "press@northwind.example\n+1 555-0100\n\nInvestor Contacts:\nLi Wei\n\nThe deal closes in May."
    )
    parsed = parse_article(raw)
    assert_kept_as_furniture(parsed, raw)
    assert "press@northwind.example" in furniture(parsed)
    lines = content(parsed).split("\n")
    assert lines == ["A headline", "First sentence here.", "The deal closes in May."]


@pytest.mark.parametrize(
    ("line", "kept"),
    [
        ("Tom Li is a correspondent in Lagos. More about Tom Li", "Tom Li is a correspondent in Lagos."),
        (
            "A version of this article appears in print on May 4, 2024. Order Reprints | Today's Paper | Subscribe",
            "A version of this article appears in print on May 4, 2024.",
        ),
        (
            "Salt Roads by Ana Ruiz is published by Finch (£9.99). To support the Courier, order your copy at "
            "courierbooks.example.com. Delivery charges may apply.",
            "Salt Roads by Ana Ruiz is published by Finch (£9.99).",
        ),
    ],
)
def test_furniture_at_the_end_of_a_content_line_is_a_furniture_segment(line: str, kept: str) -> None:
    parsed = parse_article(f"A headline\nFirst sentence here.\n{line}")
    assert content(parsed) == f"A headline\nFirst sentence here.\n{kept}"
    assert furniture(parsed) == [line[len(kept) :].strip()]


def test_a_lone_x_is_kept_but_a_row_of_share_targets_is_furniture() -> None:
    assert parse_article("X").text == "X"
    parsed = parse_article("A headline\nFacebook X LinkedIn\nShare on X\nThe body.")
    assert content(parsed) == "A headline\nThe body."
    assert furniture(parsed) == ["Facebook X LinkedIn", "Share on X"]


@pytest.mark.parametrize(
    "line",
    [
        'The attacker pasted "><img src=x onerror=alert(1)> into the search box, the report said.',
        '"><img src=x onerror=alert(document.cookie)>',
        "If a > b and b > c, then a > c.",
        "Prices > wages > savings, the chart showed.",
        "Use <b> > <i> > <span> in that order",
    ],
)
def test_lines_with_angle_brackets_are_not_breadcrumbs(line: str) -> None:
    parsed = parse_article(f"A headline\nFirst sentence here.\n{line}\nLast paragraph here.")
    assert line in parsed.text
    assert_segments_valid(parsed)


def test_link_lists_after_a_list_heading_at_the_end_are_furniture() -> None:
    body = "A headline\nFirst sentence here. Second one."
    raw = f"{body}\nExplore more on these topics\nFarming\nEuropean Union\nShare\nReuse this content"
    assert content(parse_article(raw)) == body
    assert furniture(parse_article(raw))[-1] == "Reuse this content"
    raw = f"{body}\nRelated articles\nTaliban reopen Salang tunnel after closure\nDam talks collapse again"
    assert content(parse_article(raw)) == body
    assert furniture(parse_article(raw))[-1] == "Dam talks collapse again"


@pytest.mark.parametrize(
    "tail",
    [
        "Related articles\nThe last sentence is body.",  # a sentence below the list heading: keep it
        "Advertisement\nKey facts\nPopulation 5 million",  # not a list heading: keep the short lines
        "Related articles\nReporting by Jane Doe; Editing by John Roe",  # credits are kept
    ],
)
def test_trailing_lines_that_may_be_content_are_kept(tail: str) -> None:
    parsed = parse_article(f"A headline\nFirst sentence here.\n{tail}")
    for line in tail.split("\n")[1:]:
        assert line in parsed.text


@pytest.mark.parametrize(
    "line",
    [
        "Share prices fell 3% on Monday.",
        "Advertisement spending rose in 2023, the agency said.",
        "Back to top form, the striker scored twice.",
        "Read more books, the minister urged pupils.",
        "Related talks are planned for May.",
        "Copyright law was changed in 2019.",
        "Follow the money, the senator said.",
        "The comments were deleted.",
        "Home is where the heart is, she said.",
        "Sign up for the draft is now compulsory.",
        "Send your views to the minister, the mayor urged.",
        "Click-through rates doubled.",
        "Reply rates to the survey fell to 12%.",
        "Download speeds doubled in 2023.",
        "Learn more about the scheme at the town hall, the notice said.",
        "If you spot an error on your bill, call the utility.",
        "Follow-up visits are free.",
        "By clicking the button, voters agree to nothing binding.",
        "We strive for accuracy, the editor said, but we make mistakes.",
    ],
)
def test_body_sentences_that_look_like_furniture_are_kept(line: str) -> None:
    parsed = parse_article(f"A headline\n{line}\nMore text.")
    assert line in parsed.text
    assert ("body", line) in kinded(parsed)


@pytest.mark.parametrize(
    "line",
    [
        "The views expressed in this article are the author's own and do not necessarily reflect those of "
        "the publisher.",
        "Views and opinions expressed are those of the author and do not necessarily reflect our policy.",
        "Editor's note: This story has been updated.",
        "Disclaimer: The author holds shares in the companies mentioned.",
        "This article was originally published on The Conversation.",
        "Originally published at Kabul Now.",
    ],
)
def test_disclaimers(line: str) -> None:
    parsed = parse_article(f"A headline\nThe body. More body.\n{line}")
    assert kinded(parsed)[-1] == ("disclaimer", line)


@pytest.mark.parametrize(
    ("caption", "expected"),
    [
        (
            "Rescuers search the rubble in Herat on Sunday. (AP Photo/Omar Sobhani)",
            [("caption", "Rescuers search the rubble in Herat on Sunday."), ("byline", "(AP Photo/Omar Sobhani)")],
        ),
        ("Photo: Workers repair the Salang tunnel.", [("caption", "Photo: Workers repair the Salang tunnel.")]),
        (
            "A tanker leaves the port of Novorossiysk, Russia, May 3, 2024. REUTERS/Stringer",
            [
                ("caption", "A tanker leaves the port of Novorossiysk, Russia, May 3, 2024."),
                ("byline", "REUTERS/Stringer"),
            ],
        ),
        (
            "Crews clear the road on Monday. The pass had been shut for a week. (Photo: Li Wei/The Courier)",
            [
                ("caption", "Crews clear the road on Monday."),
                ("caption", "The pass had been shut for a week."),
                ("byline", "(Photo: Li Wei/The Courier)"),
            ],
        ),
    ],
)
def test_photo_captions_are_captions_split_into_sentences_with_the_credit_as_byline(
    caption: str, expected: list[tuple[str, str]]
) -> None:
    parsed = parse_article(f"A headline\nThe body. More body.\n{caption}\nLast paragraph here.")
    assert kinded(parsed)[3:-1] == expected


@pytest.mark.parametrize("credit", ["Getty Images", "Photograph: Ana Ruiz/The Courier", "AFP via Getty Images"])
def test_credit_line_is_a_byline_and_the_line_under_it_a_caption(credit: str) -> None:
    raw = f"A headline\nThe body. More body.\n{credit}\nFishers mend their nets at dawn.\nLast paragraph here. More."
    assert kinded(parse_article(raw))[3:5] == [("byline", credit), ("caption", "Fishers mend their nets at dawn.")]


def test_paragraph_under_a_credit_line_stays_body_when_it_is_long() -> None:
    para = "Fishers mend their nets at dawn. They leave at six. Most come back by noon with little to sell."
    raw = f"A headline\nThe body. More body.\nGetty Images\n{para}"
    assert [k for k, _ in kinded(parse_article(raw))][-3:] == ["body", "body", "body"]


def test_text_that_mentions_photos_or_slashes_is_body() -> None:
    line = "A Reuters/Ipsos poll found 40% approve of the photo ban."
    assert ("body", line) in kinded(parse_article(f"A headline\nThe body.\n{line}\nMore."))


def test_short_question_between_paragraphs_is_a_heading() -> None:
    raw = "A headline\nPrices rose again in May.\nWho pays?\nHouseholds do, mostly. Firms pass costs on."
    assert ("heading", "Who pays?") in kinded(parse_article(raw))


@pytest.mark.parametrize(
    ("line", "author", "published"),
    [
        ("By Hamid Nazari – translated from Dari by the desk", "Hamid Nazari", None),
        ("By the Markets Desk | Last updated 4:58 p.m. ET, March 20, 2024", "Markets Desk", None),
        ("By Staff | Published March 20, 2024", "Staff", datetime.date(2024, 3, 20)),
    ],
)
def test_bylines_with_notes_desks_and_update_times(line: str, author: str, published: datetime.date | None) -> None:
    parsed = parse_article(f"Headline here\n{line}\nThe body starts here. It goes on.")
    assert kinded(parsed)[1] == ("byline", line)
    assert (parsed.author, parsed.published) == (author, published)


def test_header_name_outlet_and_reporting_from_lines() -> None:
    raw = "Dam talks collapse\nJane Doe\nBBC News, Kyiv\nReporting from Kyiv, Ukraine\nThe talks ended. Nobody won."
    parsed = parse_article(raw)
    assert [k for k, _ in kinded(parsed)] == ["title", "byline", "byline", "byline", "body", "body"]
    assert (parsed.author, parsed.outlet) == ("Jane Doe", "BBC News")


def test_role_after_the_name_is_not_part_of_the_author() -> None:
    assert parse_article("Headline here\nBy JOHN SMITH Staff Writer\nThe body. More.").author == "John Smith"


@pytest.mark.parametrize(
    ("line", "kind"),
    [
        ("FOR IMMEDIATE RELEASE", "byline"),
        ("Image source, Getty Images", "byline"),
        ("Image caption, Protesters gathered outside parliament", "caption"),
        ("Correction: An earlier version of this story misstated the date.", "disclaimer"),
    ],
)
def test_more_structure_lines(line: str, kind: str) -> None:
    parsed = parse_article(f"A headline\nThe body. More body.\n{line}\nLast paragraph here.")
    assert (kind, line) in kinded(parsed)


def test_related_topics_list_at_the_end_is_furniture() -> None:
    raw = "A headline\nThe body. More body.\nRelated Topics\nDementia\nHeart health\nShare this:\nFacebook"
    assert content(parse_article(raw)) == "A headline\nThe body. More body."
    assert_kept_as_furniture(parse_article(raw), raw)


def test_body_mentioning_views_is_not_a_disclaimer() -> None:
    line = "The views expressed by the minister were shared by most voters."
    assert kinded(parse_article(f"A headline\nBody text.\n{line}"))[-1] == ("body", line)


def test_segment_is_frozen_with_slots() -> None:
    seg = Segment(0, 3, "body")
    with pytest.raises(AttributeError):
        seg.start = 1  # type: ignore[misc]
    assert not hasattr(seg, "__dict__")


# --- properties ---------------------------------------------------------------------

_PIECES = st.sampled_from(
    [
        "Title line",
        "By Jane Doe",
        "by Ann Lee on 29 Jun 2023 0 Comment",
        "MOSCOW (Reuters) — ",
        "Published: 12 March 2024",
        "Updated 3 hours ago",
        "Back to Top",
        "Post a Comment",
        "Advertisement",
        "Editor's note: x.",
        "The views expressed are the author's own.",
        "Mr. Smith went to the U.S. ",
        "The next day. ",
        "“Quoted.” ",
        "He said it’s done! ",
        "Why? ",
        "3.5% ",
        "😀",
        "\n",
        "\r\n",
        "\n\n\n\n",
        "\u2028",
        " ",
        "\t",
        "\ufeff",
        "\x00",
        "...",
        "é",
        "Heading",
        "x",
        "2 Comments",
        "Reply",
        "Jan 3, 2024 at 9:12 am",
        "The Daily newsletter. Sign up here.",
        "Photo: Jane Doe/AP",
        " — APP",
        "KABUL: ",
        "Credit...",
        "Ana Ruiz at Wembley",
        "UPDATE, 4:40 p.m.:",
        "Elm St. Work is ",
    ]
)
articles = st.lists(_PIECES, max_size=40).map("".join) | st.text(max_size=120)


@settings(max_examples=300)
@given(articles)
def test_parse_segments_are_valid_and_text_is_stable(raw: str) -> None:
    parsed = parse_article(raw)
    assert_segments_valid(parsed)
    assert parsed.text == normalise_line_endings(raw)  # every character kept
    again = parse_article(parsed.text)
    assert again.text == parsed.text
    assert again.segments == parsed.segments


@settings(max_examples=300)
@given(st.text(max_size=200) | articles)
def test_normalise_is_idempotent(raw: str) -> None:
    once = normalise_text(raw)
    assert normalise_text(once) == once
    assert "\r" not in once and "\ufeff" not in once
    assert not any(c in once for c in LINE_BREAKS)


# --- header, captions, disclaimers and press releases (invented texts) ----------------


def test_standfirst_between_headline_and_byline_is_a_heading_split_into_sentences() -> None:
    raw = (
        "Salt flats of Uyuni draw lithium miners\n"
        "Bolivia wants a battery industry. Villagers want water first\n"
        "By Ana Ruiz and Li Wei\n"
        "Reporting from La Paz, Bolivia\n"
        "May 3, 2024\n"
        "The trucks arrive before dawn. Nobody waves."
    )
    parsed = parse_article(raw)
    assert kinded(parsed)[:3] == [
        ("title", "Salt flats of Uyuni draw lithium miners"),
        ("heading", "Bolivia wants a battery industry."),
        ("heading", "Villagers want water first"),
    ]
    assert [k for k, _ in kinded(parsed)[3:]] == ["byline", "byline", "byline", "body", "body"]
    assert (parsed.title, parsed.author, parsed.published) == (
        "Salt flats of Uyuni draw lithium miners",
        "Ana Ruiz and Li Wei",
        datetime.date(2024, 5, 3),
    )


@pytest.mark.parametrize("kicker", ["LOCAL NEWS", "Sport | Cricket", "The big read", "Books"])
def test_kickers_above_a_headline_with_a_standfirst(kicker: str) -> None:
    raw = (
        f"{kicker}\nCouncil votes to rebuild the old harbour wall at last\nWork starts in June\n"
        "Ana Ruiz\nMay 3, 2024\nThe vote was 7-2. Nobody cheered."
    )
    parsed = parse_article(raw)
    assert [k for k, _ in kinded(parsed)] == ["heading", "title", "heading", "byline", "byline", "body", "body"]
    assert parsed.title == "Council votes to rebuild the old harbour wall at last"


def test_name_above_a_role_line_and_a_suffixed_name_are_bylines() -> None:
    parsed = parse_article("Water bills to rise\nAna Ruiz\nHealth reporter, Courier News\nBills rise. Nobody is happy.")
    assert [k for k, _ in kinded(parsed)] == ["title", "byline", "byline", "body", "body"]
    assert (parsed.author, parsed.outlet) == ("Ana Ruiz", "Courier News")
    raw = "Judge rules\nBy Tomás Reyes Jr.\nLegal Affairs Correspondent\nDENVER — The judge ruled. It was late."
    parsed = parse_article(raw)
    assert [k for k, _ in kinded(parsed)] == ["title", "byline", "byline", "dateline", "body", "body"]
    assert parsed.author == "Tomás Reyes Jr."


def test_press_release_header_dateline_headings_and_boilerplate() -> None:
    raw = (
        "Northwind Traders Ltd. Acquires Contoso Freight\n"
        "Deal valued at $40 million; expected to close in the third quarter\n"
        "NEWS PROVIDED BY\nNorthwind Traders Ltd.\nMay 03, 2024, 08:00 ET\n"
        "DENVER, Colo., May 3, 2024 /PRNewswire/ -- Northwind Traders Ltd. today announced a deal. It is big.\n"
        "Deal highlights:\n"
        "Adds 40 depots.\n"
        "About Northwind Traders Ltd.\n"
        "Northwind sells freight services.\n"
        "Forward-Looking Statements\n"
        "This press release contains forward-looking statements. Actual results may differ."
    )
    parsed = parse_article(raw)
    assert kinded(parsed) == [
        ("title", "Northwind Traders Ltd. Acquires Contoso Freight"),
        ("heading", "Deal valued at $40 million; expected to close in the third quarter"),
        ("byline", "NEWS PROVIDED BY"),
        ("byline", "Northwind Traders Ltd."),
        ("byline", "May 03, 2024, 08:00 ET"),
        ("dateline", "DENVER, Colo., May 3, 2024 /PRNewswire/ --"),
        ("body", "Northwind Traders Ltd. today announced a deal."),
        ("body", "It is big."),
        ("heading", "Deal highlights:"),
        ("body", "Adds 40 depots."),
        ("heading", "About Northwind Traders Ltd."),
        ("body", "Northwind sells freight services."),
        ("heading", "Forward-Looking Statements"),
        ("disclaimer", "This press release contains forward-looking statements."),
        ("disclaimer", "Actual results may differ."),
    ]
    assert (parsed.outlet, parsed.published) == ("Northwind Traders Ltd.", datetime.date(2024, 5, 3))


@pytest.mark.parametrize(
    ("lines", "expected"),
    [
        (
            "Correction: May 5, 2024\nAn earlier version of this article misstated the year. It was 2019.",
            [
                ("disclaimer", "Correction: May 5, 2024"),
                ("disclaimer", "An earlier version of this article misstated the year."),
                ("disclaimer", "It was 2019."),
            ],
        ),
        (
            "Correction, May 7: An earlier version of this story misspelled a name. It is Ruiz.",
            [
                ("disclaimer", "Correction, May 7: An earlier version of this story misspelled a name."),
                ("disclaimer", "It is Ruiz."),
            ],
        ),
        (
            "This interview has been edited and condensed for clarity.",
            [("disclaimer", "This interview has been edited and condensed for clarity.")],
        ),
        (
            "This article was amended on 5 May 2024 to correct a date.",
            [("disclaimer", "This article was amended on 5 May 2024 to correct a date.")],
        ),
    ],
)
def test_corrections_and_editing_notes_are_disclaimers(lines: str, expected: list[tuple[str, str]]) -> None:
    parsed = parse_article(f"A headline\nThe body. More body.\n{lines}")
    assert kinded(parsed)[3:] == expected


def test_paragraph_after_a_finished_disclaimer_is_body() -> None:
    raw = "A headline\nThe body.\nEditor's note: This story was updated on Monday.\nThe port reopened on Tuesday."
    assert kinded(parse_article(raw))[-1] == ("body", "The port reopened on Tuesday.")


def test_end_credits_source_line_and_author_bio_are_bylines() -> None:
    raw = (
        "Dam talks collapse\nBy Ana Ruiz\nThe talks ended. Nobody won.\n"
        "Li Wei contributed reporting from Lima.\n"
        "Ana Ruiz is a correspondent covering the Andes. She lives in Quito.\n"
        "Source: Courier News and agencies"
    )
    parsed = parse_article(raw)
    assert kinded(parsed)[4:] == [
        ("byline", "Li Wei contributed reporting from Lima."),
        ("byline", "Ana Ruiz is a correspondent covering the Andes."),
        ("byline", "She lives in Quito."),
        ("byline", "Source: Courier News and agencies"),
    ]
    assert (parsed.author, parsed.outlet) == ("Ana Ruiz", "Courier News")


def test_a_paragraph_about_someone_else_is_body() -> None:
    raw = "Dam talks collapse\nBy Ana Ruiz\nThe talks ended.\nAna Ruizova is a farmer. She lost her land."
    assert [k for k, _ in kinded(parse_article(raw))][-2:] == ["body", "body"]


def test_interview_lines_are_body_not_headings() -> None:
    raw = (
        "A headline\nThe interview ran long.\nQ: Who were your influences?\nA: My mother. Then my teachers.\n"
        "REYES: And do you miss it?\nORTIZ: Every day."
    )
    assert [k for k, _ in kinded(parse_article(raw))] == ["title"] + ["body"] * 6


def test_short_lines_between_byline_and_first_paragraph_are_headings() -> None:
    raw = (
        "Rovers 2-1 City: late winner\nBy Ana Ruiz\nSaturday 2 March 2024, 5:15pm\n"
        "Rovers 2 (Diaz 12, 88)\nCity 1 (Lund 47 pen.)\nAtt: 9,120\n"
        "Rovers won with a late goal. The crowd roared."
    )
    kinds = [k for k, _ in kinded(parse_article(raw))]
    assert kinds == ["title", "byline", "byline", "heading", "heading", "heading", "body", "body"]


def test_live_blog_entries_before_the_first_paragraph_stay_body() -> None:
    raw = (
        "Live: Election results as they come in\nUpdated 12 minutes ago\nKey Events\nTurnout hit 64%\n"
        "10:42 GMT\nCounting continues in the north. Officials expect results by noon\n"
        "10:15 GMT\nTurnout at 64%, commission says"
    )
    segs = kinded(parse_article(raw))
    assert ("heading", "Key Events") in segs
    for sentence in ("Turnout hit 64%", "Counting continues in the north.", "Officials expect results by noon"):
        assert ("body", sentence) in segs


def test_bare_name_under_the_headline_is_the_author() -> None:
    raw = "Cities must stop building car parks\nJane Doe\nOur towns are choking. We need fewer cars.\n"
    raw += "Jane Doe is a professor of planning."
    parsed = parse_article(raw)
    assert [k for k, _ in kinded(parsed)] == ["title", "byline", "body", "body", "byline"]
    assert parsed.author == "Jane Doe"
    assert kinded(parse_article("Markets rally\nBreaking News\nStocks rose. Bonds fell."))[1][0] != "byline"


# --- newsletter prompts, comment threads, licensing links (invented texts) ------------


@pytest.mark.parametrize(
    "promo",
    [
        "The Morning Ledger newsletter brings you the day's top stories. Sign up here.",
        "Sign up for our Money Matters newsletter. Get the best deals sent straight to your inbox.",
    ],
)
def test_paragraph_of_newsletter_blurbs_with_a_call_to_sign_up_is_furniture(promo: str) -> None:
    raw = f"A headline\nThe body. More body.\n{promo}\nLast paragraph here."
    assert content(parse_article(raw)) == "A headline\nThe body. More body.\nLast paragraph here."
    assert furniture(parse_article(raw)) == [promo]


@pytest.mark.parametrize(
    "line",
    [
        "The council's newsletter reached 40,000 homes last year. Officials want to double that.",
        "Residents can sign up for flood alerts on the city website. The newsletter goes out weekly.",
    ],
)
def test_paragraphs_about_newsletters_or_signing_up_are_body(line: str) -> None:
    assert line in parse_article(f"A headline\nThe body. More body.\n{line}\nLast paragraph here.").text


COMMENT_THREAD = """A headline
The body. More body.
Last paragraph here.
3 Comments
  Pat Q.
March 3, 2024 at 8:05 pm
Great reporting, but the bridge was closed in 2019, not 2018.
Reply
Dana Whitfield
2 days ago
Agreed.
Thanks for covering this.
Reply
Leave a Reply
Your email address will not be published. Required fields are marked *"""


def test_reader_comments_under_a_comment_counter_are_furniture() -> None:
    assert content(parse_article(COMMENT_THREAD)) == "A headline\nThe body. More body.\nLast paragraph here."
    assert_kept_as_furniture(parse_article(COMMENT_THREAD), COMMENT_THREAD)


def test_lines_that_only_resemble_a_comment_thread_are_kept() -> None:
    # No "Reply" button closes it: the name and date may be an end note of the article.
    raw = COMMENT_THREAD.replace("Reply\nDana", "Dana").replace("Reply\nLeave", "Leave")
    text = parse_article(raw).text
    assert "Great reporting" in text and "Thanks for covering this." in text
    # Without a comment counter above them, the same lines are article text.
    raw = COMMENT_THREAD.replace("3 Comments\n", "")
    assert "Great reporting" in parse_article(raw).text


def test_licensing_link_after_a_photo_credit_is_furniture() -> None:
    raw = (
        "A headline\nThe body. More body.\n"
        "Ferries wait outside the harbour, May 3, 2024. REUTERS/Ana Ruiz Purchase Licensing Rights, opens new tab\n"
        "Last paragraph here. More."
    )
    assert kinded(parse_article(raw))[3:5] == [
        ("caption", "Ferries wait outside the harbour, May 3, 2024."),
        ("byline", "REUTERS/Ana Ruiz"),
    ]


# --- captions with glued credits, datelines, decks and labels (invented texts) -------------


@pytest.mark.parametrize(
    ("caption", "expected"),
    [
        (
            "Divers inspect the pier in Lerwick on Friday. Credit...Iona Baird for The Ledger",
            [
                ("caption", "Divers inspect the pier in Lerwick on Friday."),
                ("byline", "Credit...Iona Baird for The Ledger"),
            ],
        ),
        (
            "Snow covers the square on Jan. 4. The market was closed. Photo: Ravi Menon / Valley Courier",
            [
                ("caption", "Snow covers the square on Jan. 4."),
                ("caption", "The market was closed."),
                ("byline", "Photo: Ravi Menon / Valley Courier"),
            ],
        ),
        (
            "A nurse checks a patient in Leeds, England, on March 2. (Getty Images)",
            [("caption", "A nurse checks a patient in Leeds, England, on March 2."), ("byline", "(Getty Images)")],
        ),
        (
            "Voters queue in Tbilisi on Saturday. Ana Kapanadze/AP",
            [("caption", "Voters queue in Tbilisi on Saturday."), ("byline", "Ana Kapanadze/AP")],
        ),
        (
            "Fishers land their catch on Monday. Photo by Jane Doe/The Courier",
            [("caption", "Fishers land their catch on Monday."), ("byline", "Photo by Jane Doe/The Courier")],
        ),
        (
            "Fishers land their catch on Monday. AP Photo/Jane Doe",
            [("caption", "Fishers land their catch on Monday."), ("byline", "AP Photo/Jane Doe")],
        ),
        (
            "The keeper saves a penalty in the 40th minute. Photograph: Tom Reid/PA",
            [("caption", "The keeper saves a penalty in the 40th minute."), ("byline", "Photograph: Tom Reid/PA")],
        ),
    ],
)
def test_caption_line_closed_by_a_glued_credit(caption: str, expected: list[tuple[str, str]]) -> None:
    parsed = parse_article(f"A headline\nThe body. More body.\n{caption}\nLast paragraph here. More.")
    assert kinded(parsed)[3:-2] == expected


@pytest.mark.parametrize("credit", ["— White Star", "— Reuters/File", "— Photo courtesy Sindh Police"])
def test_dash_credits_close_a_caption_before_the_text(credit: str) -> None:
    raw = f"Port talks stall\nBy Jane Doe\nShips wait at Gwadar on Monday. {credit}\nTalks ended on Monday. More soon."
    assert kinded(parse_article(raw))[2:4] == [("heading", "Ships wait at Gwadar on Monday."), ("byline", credit)]


def test_dash_credit_closes_a_caption_before_the_text_and_a_colon_dateline_follows() -> None:
    raw = (
        "Port talks stall\nBy Jane Doe\n"
        "Ships wait outside the harbour at Gwadar on Monday. — APP\n"
        "KARACHI: Talks on reopening the port ended without a deal on Monday, officials said.\n"
        "The next round is due in March."
    )
    assert kinded(parse_article(raw))[2:5] == [
        ("heading", "Ships wait outside the harbour at Gwadar on Monday."),
        ("byline", "— APP"),
        ("dateline", "KARACHI:"),
    ]


def test_agency_after_a_dash_in_the_text_stays_body() -> None:
    line = "The talks will resume in March. — AFP"
    raw = f"A headline\nThe body starts here. It goes on for a while.\n{line}\nLast paragraph here."
    assert ("body", line) in kinded(parse_article(raw))


def test_caption_above_its_credit_line() -> None:
    raw = "A headline\nThe body. More body.\nVoters queue in Tbilisi on Saturday.\nAna Kapanadze/AP\n"
    raw += "The count went on through the night, officials said. Results are due on Monday."
    assert kinded(parse_article(raw))[3:5] == [
        ("caption", "Voters queue in Tbilisi on Saturday."),
        ("byline", "Ana Kapanadze/AP"),
    ]


def test_gallery_caption_with_a_wire_dateline_under_it() -> None:
    raw = (
        "Ferry strike spreads\nBy Jane Doe\n"
        "[2/5]Ferries are moored in Piraeus, Greece, May 3, 2024. REUTERS/Ana Ruiz\n"
        "ATHENS, May 3 (Reuters) - Ferry crews extended their strike on Friday. It is the third this year."
    )
    parsed = parse_article(raw)
    assert kinded(parsed)[2:5] == [
        ("caption", "[2/5]Ferries are moored in Piraeus, Greece, May 3, 2024."),
        ("byline", "REUTERS/Ana Ruiz"),
        ("dateline", "ATHENS, May 3 (Reuters) -"),
    ]
    assert parsed.outlet == "Reuters"


@pytest.mark.parametrize(
    "first",
    [
        "NOTE: Results are provisional until the commission certifies them next week.",
        "SMITH: Thanks for having me. It has been a long year.",
    ],
)
def test_labels_and_interview_speakers_are_not_colon_datelines(first: str) -> None:
    raw = f"A headline\n{first}\nJONES: Welcome back to the programme."
    assert "dateline" not in [k for k, _ in kinded(parse_article(raw))]


def test_standfirst_above_the_picture_and_the_byline() -> None:
    raw = (
        "Harbour deal collapses\nThe port said a deal was close. The union said there was none.\n"
        "Dockers walk out in Leith on Monday. Credit...Iona Baird for The Ledger\nBy Jane Doe\n"
        "The talks ended on Monday without a deal, both sides said."
    )
    assert [k for k, _ in kinded(parse_article(raw))] == [
        "title", "heading", "heading", "heading", "byline", "byline", "body"
    ]  # fmt: skip


def test_one_sentence_deck_under_the_byline() -> None:
    deck = "Regulator approves the merger, but critics warn of higher fares on rural routes"
    raw = f"Rail firms merge\nby Jane Doe on 3 May 2024\n{deck}\nThe deal was approved on Friday. Shares rose 4%."
    assert kinded(parse_article(raw))[2] == ("heading", deck)


def test_live_update_label_is_a_heading() -> None:
    raw = "Storm hits coast\nBy News Staff\nUPDATE, 6:15 p.m.:\nPower is back for most homes. Roads remain shut."
    assert kinded(parse_article(raw))[2] == ("heading", "UPDATE, 6:15 p.m.:")


def test_short_label_before_the_first_paragraph_is_a_heading() -> None:
    raw = "Water use in 2023\nBy Jane Doe\nMain points\nUse fell 4% in 2023, the agency said. Leaks rose."
    assert kinded(parse_article(raw))[2] == ("heading", "Main points")


def test_date_line_with_an_update_time_is_a_byline() -> None:
    line = "March 4, 2024 9:15 AM GMT Updated 2 hours ago"
    parsed = parse_article(f"A headline\nBy Jane Doe\n{line}\nThe body. More body.")
    assert kinded(parsed)[2] == ("byline", line)
    assert parsed.published == datetime.date(2024, 3, 4)


# --- more bylines, credits and disclaimers (invented texts) ---------------------------------


@pytest.mark.parametrize(
    ("line", "author", "outlet", "published"),
    [
        ("By Jane Doe at Mill Lane", "Jane Doe", "", None),
        ("By Jane Doe in Kyiv", "Jane Doe", "", None),
        ("Jane Doe, Health Reporter", "Jane Doe", "", None),
        ("Jane Doe | Politics Desk", "Jane Doe", "", None),
        ("Jane Doe | Reuters", "Jane Doe", "Reuters", None),
        ("Omar Haidari Published March 3, 2024", "Omar Haidari", "", datetime.date(2024, 3, 3)),
        ("Omar Haidari Updated March 3, 2024", "Omar Haidari", "", None),
    ],
)
def test_name_with_desk_outlet_or_publication_time(
    line: str, author: str, outlet: str, published: datetime.date | None
) -> None:
    parsed = parse_article(f"Flood waters recede across the valley\n{line}\nThe water fell overnight. Roads reopened.")
    assert kinded(parsed)[1] == ("byline", line)
    assert (parsed.author, parsed.outlet, parsed.published) == (author, outlet, published)


@pytest.mark.parametrize("line", ["Premier League | Arsenal", "Sport | Cricket", "Report Published March 3, 2024"])
def test_labels_with_separators_are_not_bylines(line: str) -> None:
    parsed = parse_article(f"Flood waters recede across the valley\n{line}\nThe water fell overnight. Roads reopened.")
    assert kinded(parsed)[1][0] != "byline"
    assert parsed.author == ""


def test_name_at_a_ground_above_the_date_is_a_byline() -> None:
    raw = "City 2-0 Rovers\nAna Ruiz at Mill Lane\nSat 3 Feb 2024 17.00 GMT\nCity won. Rovers did not."
    parsed = parse_article(raw)
    assert [k for k, _ in kinded(parsed)][:3] == ["title", "byline", "byline"]
    assert parsed.author == "Ana Ruiz"


@pytest.mark.parametrize(
    "line",
    [
        "Medically reviewed by Dr. Jane Doe, MD",
        "Additional input from Reuters",
        "With additional reporting from AFP",
        "Fact-checked by Tom Reyes",
        "Edited by Tom Reyes",
        "With inputs from agencies",
    ],
)
def test_review_and_input_credits_are_bylines(line: str) -> None:
    parsed = parse_article(f"A headline\nThe body. More body.\nLast paragraph here. More.\n{line}")
    assert kinded(parsed)[-1] == ("byline", line)


@pytest.mark.parametrize(
    ("lines", "expected"),
    [
        (
            "A correction was made on March 3, 2024: An earlier version of this story gave the wrong date. "
            "The vote was on Monday.",
            [
                (
                    "disclaimer",
                    "A correction was made on March 3, 2024: An earlier version of this story gave the wrong date.",
                ),
                ("disclaimer", "The vote was on Monday."),
            ],
        ),
        (
            "This is a developing story and will be updated.",
            [("disclaimer", "This is a developing story and will be updated.")],
        ),
        ("This story will be updated.", [("disclaimer", "This story will be updated.")]),
        ("Views are personal.", [("disclaimer", "Views are personal.")]),
        ("Check back for updates.", [("disclaimer", "Check back for updates.")]),
        (
            "This column reflects the views of the author alone; the institute takes no positions.",
            [("disclaimer", "This column reflects the views of the author alone; the institute takes no positions.")],
        ),
    ],
)
def test_correction_notes_developing_stories_and_views_notes_are_disclaimers(
    lines: str, expected: list[tuple[str, str]]
) -> None:
    assert kinded(parse_article(f"A headline\nThe body. More body.\n{lines}"))[3:] == expected


@pytest.mark.parametrize(
    "line",
    [
        "This is a developing situation and residents should stay away from the river.",
        "The report reflects the views of 2,000 farmers surveyed in May.",
        "Reviewed by the committee, the plan was approved on Monday.",
    ],
)
def test_body_sentences_close_to_disclaimers_or_credits_stay_body(line: str) -> None:
    assert kinded(parse_article(f"A headline\nThe body. More body.\n{line}\nLast one."))[3] == ("body", line)


# --- page chrome, live blogs, blog widgets and author cards (invented text) ---------


def _kinds_of(parsed: ParsedArticle) -> dict[str, str]:
    return {text: kind for kind, text in kinded(parsed)}


_CHROME = """Skip to main content
The Morning Lantern
Sign in
Subscribe
Valley World | Regions | Markets | Opinion | Newsletters
RIVER POLITICS
Ferry operators strike over new river tolls in the delta
By Tomas Ferreira
May 4, 2024
Share
Copy
Link copied
Facebook
X
2 of 5
Strikers gather at the ferry pier in Porto Delta on Friday. (Ines Paulo/AFP/Getty Images)
PORTO DELTA — Ferry crews walked off the job on Friday, stranding thousands of commuters.
The union said the new tolls would cut wages by a fifth. The operators disagreed.
Story continues below advertisement
Talks are due to resume next week.
RELATED COVERAGE
Delta towns brace for a long strike
What the toll law changes for commuters
Officials said the army would not be called in.
More from Valley World
Bridge repairs delayed again
Flood barriers tested in the south
1,204 Comments
Comments are closed on this story.
Closed
"""


def test_page_chrome_masthead_share_row_gallery_counter_and_link_lists_are_furniture() -> None:
    parsed = parse_article(_CHROME)
    assert_segments_valid(parsed)
    for gone in ("Morning Lantern", "Valley World |", "Copy", "Link copied", "\nX\n", "2 of 5",
                 "Story continues", "RELATED", "Delta towns brace", "What the toll law", "More from",
                 "Bridge repairs", "Flood barriers", "Comments", "Closed"):  # fmt: skip
        assert gone not in content(parsed), gone
        assert any(gone.strip() in piece for piece in furniture(parsed)), gone
    segs = kinded(parsed)
    assert segs[:7] == [
        ("heading", "RIVER POLITICS"),
        ("title", "Ferry operators strike over new river tolls in the delta"),
        ("byline", "By Tomas Ferreira"),
        ("byline", "May 4, 2024"),
        ("caption", "Strikers gather at the ferry pier in Porto Delta on Friday."),
        ("byline", "(Ines Paulo/AFP/Getty Images)"),
        ("dateline", "PORTO DELTA —"),
    ]
    assert ("body", "Officials said the army would not be called in.") in segs
    assert ("body", "Talks are due to resume next week.") in segs


def test_lookalikes_of_page_chrome_stay() -> None:
    text = """Harbour board approves a new quay for the fishing fleet
By Ana Lopes
The board voted 5 to 2 on Monday. One of the two dissenters, Rui Sousa, said the cost was too high.
The quay will have room for 40 boats.
More from Lisbon
The remaining money goes to dredging. Work starts in June.
X
Copy
The vote came after 3 of 5 members visited the site.
On
Closed
"""
    parsed = parse_article(text)
    assert_segments_valid(parsed)
    kinds = _kinds_of(parsed)
    # A lone "More from ..." line over a paragraph, and "X", "Copy", "On", "Closed" away from any furniture stay.
    for kept in ("More from Lisbon", "X", "Copy", "On", "Closed"):
        assert kept in kinds, kept
    assert kinds["The vote came after 3 of 5 members visited the site."] == "body"
    assert kinds["The quay will have room for 40 boats."] == "body"


def test_blog_masthead_tagline_nav_words_counter_widgets_and_comment_thread() -> None:
    text = """THE NORTHERN TIDE
Notes on fisheries, ports and the sea
Home About Archive Contact
Why the cod quota keeps falling
by Lena Holm on June 2, 2024 7 Comments
Quotas fell again this year. Nobody in the ministry seems surprised.
The trend has held for a decade.
Like this:
Like Loading...
Posted in Fisheries, Policy | Tagged cod, quotas
About the author
Lena Holm is a former trawler skipper who writes about fishing.
She is based in Tromsø.
7 thoughts on "Why the cod quota keeps falling"
Per A. says:
June 2, 2024 at 8:10 am
Good piece. I disagree on the data though.
Reply
"""
    parsed = parse_article(text)
    assert_segments_valid(parsed)
    segs = kinded(parsed)
    assert segs[:2] == [("title", "Why the cod quota keeps falling"), ("byline", "by Lena Holm on June 2, 2024")]
    for gone in ("NORTHERN TIDE", "Notes on fisheries", "Home About", "7 Comments", "Like", "Posted in", "thoughts on",
                 "Per A.", "Good piece", "Reply"):  # fmt: skip
        assert gone not in content(parsed), gone
        assert any(gone.strip() in piece for piece in furniture(parsed)), gone
    assert ("byline", "Lena Holm is a former trawler skipper who writes about fishing.") in segs
    assert ("byline", "She is based in Tromsø.") in segs


def test_lookalikes_of_blog_widgets_and_nav_words_stay() -> None:
    text = """Why the cod quota keeps falling
by Lena Holm on June 2, 2024
Home and abroad, the news is the same.
News about the archive is scarce.
We like this: the ministry admits it.
She is based in Tromsø, the minister said of the new inspector.
"""
    kinds = _kinds_of(parse_article(text))
    assert kinds["News about the archive is scarce."] == "body"
    assert kinds["We like this: the ministry admits it."] == "body"
    assert kinds["She is based in Tromsø, the minister said of the new inspector."] == "body"


def test_live_blog_controls_entry_times_and_entry_headlines() -> None:
    text = """LIVE
Harbour strike live: talks resume as ferries stay idle
Updated 5 minutes ago
By Ana Lopes
What we know so far
Talks between the union and the operators resumed on Monday morning at the labour ministry.
Show latest updates
Auto-update
On
4:10 p.m. Union rejects first offer
The union said the offer did not cover overtime. It asked for a second meeting.
Share
3:45 p.m.
Ministry: 'Both sides are close'
A ministry official said a deal was possible by the weekend.
Load more updates
"""
    parsed = parse_article(text)
    assert_segments_valid(parsed)
    segs = kinded(parsed)
    for gone in ("LIVE", "Show latest", "Auto-update", "\nOn\n", "Load more"):
        assert gone not in content(parsed), gone
        assert any(gone.strip() in piece for piece in furniture(parsed)), gone
    assert segs[0] == ("title", "Harbour strike live: talks resume as ferries stay idle")
    assert ("heading", "What we know so far") in segs
    i = segs.index(("byline", "4:10 p.m."))
    assert segs[i + 1] == ("heading", "Union rejects first offer")
    i = segs.index(("byline", "3:45 p.m."))
    assert segs[i + 1] == ("heading", "Ministry: 'Both sides are close'")


def test_lookalikes_of_live_blog_entries_stay_body() -> None:
    text = """Harbour strike enters second week
By Ana Lopes
The union met at 9 a.m. on Monday.
4:10 p.m. was when the talks broke up, a ministry official said.
At 3:45 p.m. the ferries were still idle.
"""
    kinds = _kinds_of(parse_article(text))
    assert kinds["4:10 p.m. was when the talks broke up, a ministry official said."] == "body"
    assert kinds["At 3:45 p.m. the ferries were still idle."] == "body"


def test_end_credits_author_card_issued_on_and_title_case_colon_dateline() -> None:
    text = """Port authority opens a second container terminal
By Karim Oduya, Staff Reporter
Issued on: 04/05/2024 - 09:12
Mombasa: The port authority on Saturday opened a second container terminal, doubling the port's capacity.
Shipping lines welcomed the move.
Oduya reported from Mombasa. Reuters writer Jane Amos in Nairobi contributed to this report.
KARIM ODUYA
Oduya covers East African trade for the Coast Herald.
"""
    parsed = parse_article(text)
    assert_segments_valid(parsed)
    segs = kinded(parsed)
    assert segs[2:4] == [("byline", "Issued on: 04/05/2024 - 09:12"), ("dateline", "Mombasa:")]
    assert segs[-4:] == [
        ("byline", "Oduya reported from Mombasa."),
        ("byline", "Reuters writer Jane Amos in Nairobi contributed to this report."),
        ("byline", "KARIM ODUYA"),
        ("byline", "Oduya covers East African trade for the Coast Herald."),
    ]


def test_lookalikes_of_credits_cards_and_colon_datelines_stay_body() -> None:
    text = """Port authority opens a second container terminal
By Karim Oduya, Staff Reporter
Update: The port authority on Saturday opened a second container terminal, doubling its capacity.
The minister reported from the site. Officials said the terminal cost $300 million.
Oduya covers the port, the minister joked at the opening.
"""
    segs = kinded(parse_article(text))
    assert segs[2][0] == "body" and segs[2][1].startswith("Update: The port")
    assert ("body", "The minister reported from the site.") in segs
    assert ("body", "Oduya covers the port, the minister joked at the opening.") in segs


def test_bullets_are_not_part_of_the_sentence_and_a_heading_over_them_is_found() -> None:
    text = """Harbour board approves a new quay
By Ana Lopes
The board met on Monday. It approved the plan.
What to watch
• Dredging, due to start in June.
• The tender for the cranes.
The board meets again in July.
"""
    parsed = parse_article(text)
    assert_segments_valid(parsed)
    segs = kinded(parsed)
    assert ("heading", "What to watch") in segs
    assert ("body", "Dredging, due to start in June.") in segs
    assert ("body", "The tender for the cranes.") in segs


@pytest.mark.parametrize("above", ["Sign in / Sign up", "From the section US & Canada", "Log in | Register"])
def test_the_headline_under_account_links_or_a_section_label(above: str) -> None:
    parsed = parse_article(f"{above}\nTalks resume in Doha\nBy Jane Doe, Chief Correspondent | May 3, 2024\n"
                           "The talks resumed on Monday. They will last a week.")
    assert (parsed.title, parsed.author, parsed.published) == ("Talks resume in Doha", "Jane Doe",
                                                               datetime.date(2024, 5, 3))
    assert parsed.segments[0].kind == "furniture"
