"""Whole web pages pasted as text (claims/ingest/article/pages.py): the headline, the article's end, teaser lists."""

from __future__ import annotations

from claims.ingest.article import parse_article

MENU = "Home\nLocal News\nNational News\nHealth\nPolitics\nSports\nWeather\nTraffic\nCommunity\nRecipes\nContests\n"
FOOTER = "Privacy Policy\nTerms of Use\nSitemap\nCareers\nAdvertise with Us\nContact Us\nSocial\nFacebook\n"
PARAGRAPHS = (
    "The talks between the two sides resumed in Doha on Monday after a break of three months, officials from both "
    "delegations said.\n\n"
    "They are expected to last for a week, and a statement will be issued at the end of them, the hosts said.\n\n"
    "The delegations met again on Tuesday morning in a hotel near the airport, where the hosts had set aside a whole "
    "floor for them, and they worked late into the night.\n\n"
)


def kinds_of(text: str) -> dict[str, str]:
    """The kind of each segment's text (the last one wins for repeated text)."""
    parsed = parse_article(text)
    return {parsed.text[s.start : s.end]: s.kind for s in parsed.segments}


def paragraphs(lines: str) -> str:
    return "\n\n".join(lines.strip("\n").split("\n")) + "\n\n"


def test_headline_under_a_date_and_a_section_over_a_bare_name_is_the_title() -> None:
    page = paragraphs(MENU + "Search by Keyword\nMarch 29, 2019\nCommunity\nLeader spotlight: Jane Doe\nJessica Roe")
    parsed = parse_article(page + PARAGRAPHS + paragraphs(FOOTER))
    assert parsed.title == "Leader spotlight: Jane Doe"
    kinds = {parsed.text[s.start : s.end]: s.kind for s in parsed.segments}
    assert kinds["Search by Keyword"] == "furniture"


def test_headline_repeated_in_a_breadcrumb_is_the_title_not_the_caption_under_it() -> None:
    top = MENU + "» Travel\n» Harbour reopens after the storm season ends\nJane Doe\nThursday, May 30, 2019\n"
    top += "Harbour reopens after the storm season ends\nThe harbour at dawn, seen from the old lighthouse\n"
    parsed = parse_article(paragraphs(top) + PARAGRAPHS + paragraphs(FOOTER))
    assert parsed.title == "Harbour reopens after the storm season ends"


def test_a_byline_or_a_credited_caption_is_never_the_title() -> None:
    top = MENU + "Geoengineering is needed now, scientist warns\n"
    top += "The sun rises over an oil field near Lost Hills, California.Jane Roe—Getty Images\n"
    top += "By Alejandro de la Garza , Sam Roe\nNovember 2, 2023 3:53 PM EDT\n"
    parsed = parse_article(paragraphs(top) + PARAGRAPHS + paragraphs(FOOTER))
    assert parsed.title == "Geoengineering is needed now, scientist warns"


def test_readers_comments_after_the_article_are_furniture_but_a_counter_under_its_first_paragraph_is_no_end() -> None:
    head = paragraphs(MENU + "Talks resume in Doha after a long break\nBy Jane Doe")
    comments = paragraphs("6 Comments on Talks resume in Doha after a long break\nSam Roe 1 year\n")
    comments += "The talks will fail again, as they did last time and the time before that, mark my words.\n\n"
    kinds = kinds_of(head + PARAGRAPHS + comments + paragraphs(FOOTER))
    assert kinds["The talks will fail again, as they did last time and the time before that, mark my words."] == (
        "furniture"
    )
    assert kinds["They are expected to last for a week, and a statement will be issued at the end of them, the hosts "
                 "said."] == "body"

    first, rest = PARAGRAPHS.split("\n\n", 1)
    kinds = kinds_of(head + first + "\n\n12 Comments\n\n" + rest + paragraphs(FOOTER))
    assert kinds["They are expected to last for a week, and a statement will be issued at the end of them, the hosts "
                 "said."] == "body"


def test_teaser_records_and_a_site_blurb_after_the_footer_are_furniture() -> None:
    teasers = paragraphs(
        "More from the Courier\nDam talks collapse again\nThe talks ended without a deal, both sides said.\nJohn Roe\n"
        "Grain prices hit a record\nPrices rose for a third week, traders said.\nAna Ruiz\nPort strike ends\n"
        "Dockers went back to work on Monday after a week.\nTom Li"
    )
    blurb = "The Courier has published local news in the valley since 1901 and is owned by its readers.\n\n"
    page = paragraphs(MENU + "Talks resume in Doha after a long break\nBy Jane Doe") + PARAGRAPHS + teasers
    kinds = kinds_of(page + paragraphs(FOOTER) + blurb + "Careers\n")
    assert kinds["Prices rose for a third week, traders said."] == "furniture"
    assert kinds["Dockers went back to work on Monday after a week."] == "furniture"
    assert kinds[blurb.strip()] == "furniture"
    assert kinds["The talks between the two sides resumed in Doha on Monday after a break of three months, officials "
                 "from both delegations said."] == "body"


def test_a_list_the_article_introduces_stays_but_a_run_of_teaser_titles_goes() -> None:
    page = paragraphs(MENU + "Talks resume in Doha after a long break\nBy Jane Doe") + PARAGRAPHS
    listed = paragraphs("The new rules cover:\nHealth insurance for children\nGun storage\nDrone flights\nMinimum wage"
                        "\nSchool meals")
    titles = paragraphs("Dam talks collapse again\nGrain prices hit a record high\nPort strike ends after a week\n"
                        "Mayor opens new bridge\nFloods close the coastal road")
    closing = "The rules take effect on Jan. 1, officials said, and the first fines will follow in the spring.\n\n"
    kinds = kinds_of(page + listed + closing + titles + closing.replace("rules", "laws") + paragraphs(FOOTER))
    assert kinds["Drone flights"] == "body"
    assert kinds["Mayor opens new bridge"] == "furniture"


def test_an_article_pasted_on_its_own_is_not_judged_as_a_page() -> None:
    text = "Talks resume in Doha after a long break\nBy Jane Doe\n\n" + PARAGRAPHS + "Related stories\n"
    parsed = parse_article(text)
    assert parsed.title == "Talks resume in Doha after a long break"
    assert not any(s.rule.startswith("furniture.page-") for s in parsed.segments)


def test_a_browser_copy_with_menus_and_teasers_as_blocks_of_lines() -> None:
    # A browser copies a menu's items, a header and a teaser list as lines without blank lines between them.
    header = "World\nNOV 7, 2023 2:00 AM\nTalks resume in Doha after a long break\n"
    header += "The two sides met again after three months, and both said they wanted a deal this time.\n\n"
    teasers = (
        "More from the Courier\nDam talks collapse again as both sides walk out of the room\n"
        "Grain prices hit a record high for the third week in a row, traders say\n"
        "Port strike ends after a week of talks between the union and the owners\n"
        "Mayor opens a new bridge across the river after years of delays\n\n"
    )
    parsed = parse_article(MENU + "\n" + header + PARAGRAPHS + teasers + FOOTER)
    kinds = {parsed.text[s.start : s.end]: s.kind for s in parsed.segments}
    assert parsed.title == "Talks resume in Doha after a long break"
    assert kinds["Local News"] == "furniture"
    assert kinds["Grain prices hit a record high for the third week in a row, traders say"] == "furniture"
    assert kinds["They are expected to last for a week, and a statement will be issued at the end of them, the hosts "
                 "said."] == "body"


def test_a_headline_ending_with_an_abbreviation_over_a_date_line_is_the_title() -> None:
    headline = "Russia's Nuclear Help to Iran Stirs Questions About Its 'Improved' Relations With U.S."
    top = MENU + f"Pentagon\nElections\n{headline}\n\nPublished August 14, 2010\n"
    parsed = parse_article(top + "\n" + PARAGRAPHS + paragraphs(FOOTER))
    assert parsed.title == headline
    assert kinds_of(top + "\n" + PARAGRAPHS + paragraphs(FOOTER))["Elections"] == "furniture"


def test_a_title_case_headline_over_a_labelled_date_in_figures_is_no_standfirst() -> None:
    # A headline in title case under a reporter's card; "First Posted: 08-13-10" is its date line.
    headline = "Federal Reserve's Low Rate Policy Is A 'Dangerous Gamble,' Says Top Central Bank Official"
    top = paragraphs(MENU + "Jane Doe\njane@example.com | Reporting\nBecome a Fan Get Email Alerts from this Reporter")
    top += f"{headline}\n\nFirst Posted: 08-13-10 05:18 PM | Updated: 08-14-10 12:41 AM\n\n"
    assert parse_article(top + PARAGRAPHS + paragraphs(FOOTER)).title == headline


def test_a_caption_over_a_labelled_credit_is_not_the_title_and_a_picture_may_separate_headline_and_byline() -> None:
    top = MENU + "Talks resume in Doha after a long break\n1.1k\nShares\nThe delegations at the hotel on Monday\n"
    top += "Image: Jane Roe\nBy Sam Roe2014-01-26 21:32:46 UTC\n"
    parsed = parse_article(paragraphs(top) + PARAGRAPHS + paragraphs(FOOTER))
    assert parsed.title == "Talks resume in Doha after a long break"
    assert parsed.author == "Sam Roe"


def test_a_post_title_of_two_words_under_its_date_is_the_title() -> None:
    top = paragraphs(MENU + "say hello\nrss feed") + "September 15, 2014\nVoice interfaces\n\n"
    assert parse_article(top + PARAGRAPHS + paragraphs(FOOTER)).title == "Voice interfaces"
