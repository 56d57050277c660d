"""The "most of this page was taken as furniture" check: what counts as prose, the share, and the import summary."""

import pytest

from claims.ingest.article import parse_article
from claims.ingest.article.coverage import FLAG_BELOW, WARNING, body_share, is_prose, mostly_furniture
from claims.ingest.jobs import run_import_now
from claims.ingest.service import InputFile
from claims.models import Source

PROSE = (
    "The council said on Tuesday that the bridge would be closed for repairs until the end of the year.",
    "We use cookies to improve your experience. By continuing you accept our cookie policy.",
    "Save my name, email, and website in this browser for the next time I comment.",
)
NOT_PROSE = (
    "Home News World Business Opinion Sport Culture Sign in Subscribe Search Weather Podcasts Video",
    "By Ann Lee, Chief Political Correspondent | March 3, 2024 | 5 min read",
    "The bridge would be closed.",  # a sentence, but too short to tell
    "Bridge Closure Ahead: Council Sets Repair Schedule, Regional Government Pays Full Cost Of Works",
)

# A short article whose prose is mostly boilerplate lines the furniture rules set aside.
FLAGGED = (
    "Bridge to close for repairs\n\n"
    "The council said on Tuesday that the bridge would close.\n\n"
    "We use cookies to improve your experience. By continuing you accept our cookie policy.\n"
    "The material on this site may not be reproduced, distributed, transmitted, cached or otherwise used, "
    "except with the prior written permission of Acme Media LLC.\n"
    "Save my name, email, and website in this browser for the next time I comment.\n"
)
ARTICLE = (
    "Ministers meet in Port Asmel as dam talks resume\n"
    "Foreign ministers from Veloria and Kastran met in Port Asmel on Tuesday. "
    "Gen. Piotr Halas said the U.S. observers were not invited.\n"
    "We use cookies to improve your experience. By continuing you accept our cookie policy.\n"
    "The talks are expected to last three days, officials said, and a statement will follow on Friday.\n"
)


@pytest.mark.parametrize("line", PROSE)
def test_prose(line):
    assert is_prose(line)


@pytest.mark.parametrize("line", NOT_PROSE)
def test_not_prose(line):
    assert not is_prose(line)


def spans(text: str):
    parsed = parse_article(text)
    return parsed.text, [(s.start, s.end, s.kind) for s in parsed.segments]


def test_share_counts_body_words_against_prose_furniture():
    text = "one two three four five six seven eight\n" + PROSE[0] + "\nHome"
    body_end = text.index("\n")
    prose_end = body_end + 1 + len(PROSE[0])
    share = body_share(text, [(0, body_end, "body"), (body_end + 1, prose_end, "furniture"),
                              (prose_end + 1, len(text), "furniture")])
    assert share == pytest.approx(8 / (8 + len(PROSE[0].split())))


def test_furniture_that_is_not_prose_leaves_the_share_whole():
    text = "Home\nThe bridge closed.\nSign in"
    assert body_share(text, [(0, 4, "furniture"), (5, 23, "body"), (24, 31, "furniture")]) == 1.0


def test_a_page_whose_prose_went_to_furniture_is_flagged_and_an_article_is_not():
    share = mostly_furniture(*spans(FLAGGED))
    assert share is not None and share < FLAG_BELOW
    assert mostly_furniture(*spans(ARTICLE)) is None


@pytest.mark.django_db
def test_the_import_summary_names_the_flagged_source_and_stores_it_unchanged(project, tmp_path):
    for name, text in (("page.txt", FLAGGED), ("article.txt", ARTICLE)):
        (tmp_path / name).write_text(text)
    files = [InputFile(name, tmp_path / name) for name in ("page.txt", "article.txt")]
    job, summary = run_import_now(project=project, files=files)
    flagged = Source.objects.get(project=project, original_name="page.txt")
    warnings = [note for note in summary.notes if WARNING in note]
    assert warnings == [f"page.txt (source {flagged.id}): {WARNING} (only 16% of its prose is body)"]
    assert flagged.text == FLAGGED and summary.sources == 2
    job.refresh_from_db()
    assert warnings[0] in job.counts["notes"]
