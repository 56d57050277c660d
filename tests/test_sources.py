"""A project's source list: search, filters, sorts (undated last), previous/next, and the query string."""

import datetime

import pytest
from django.http import QueryDict

from claims.filters import SourceFilter
from claims.ingest.readers import RawArticle
from claims.ingest.service import import_articles
from claims.models import ImportJob, Source
from claims.sources import SourceListing

pytestmark = pytest.mark.django_db


@pytest.fixture
def sources(project):
    """Four sources, added in this order; one undated, one from a separate import job."""
    rows = [("Bravo dam talks", "Wire", datetime.date(2026, 3, 2), "Veloria spoke about the dam."),
            ("Alpha border news", "Ledger", None, "Kastran closed the border."),
            ("Charlie report", "Wire", datetime.date(2026, 3, 1), "A quiet day by the river.")]
    import_articles(project=project, articles=[
        RawArticle(text=text, origin="a.jsonl", title=title, outlet=outlet, published=published)
        for title, outlet, published, text in rows])
    job = ImportJob.objects.create(project=project)
    import_articles(project=project, job=job, articles=[
        RawArticle(text="The dam held.", origin="b.jsonl", title="Delta dam", outlet="Gazette",
                   published=datetime.date(2026, 3, 3))])
    return {source.title: source for source in Source.objects.filter(project=project)}


def parsed(query: str) -> SourceListing:
    chosen = SourceFilter(QueryDict(query), queryset=Source.objects.none())
    assert chosen.is_valid(), chosen.errors
    return chosen.listing


def titles(project, query: str) -> list[str]:
    return [source.title for source in parsed(query).apply(Source.objects.filter(project=project))]


def test_default_order_is_the_order_added(project, sources):
    assert titles(project, "") == ["Bravo dam talks", "Alpha border news", "Charlie report", "Delta dam"]


def test_search_reads_title_outlet_and_text_ignoring_case(project, sources):
    assert titles(project, "search=DAM") == ["Bravo dam talks", "Delta dam"]  # title or text
    assert titles(project, "search=ledger") == ["Alpha border news"]  # outlet
    assert titles(project, "search=quiet+day") == ["Charlie report"]  # text only
    assert titles(project, "search=nothing+like+this") == []


def test_filters_combine(project, sources):
    job = sources["Delta dam"].import_job_id
    assert titles(project, f"import_job={job}") == ["Delta dam"]
    assert titles(project, "outlet=Wire&search=dam") == ["Bravo dam talks"]


@pytest.mark.parametrize("sort, expected", [
    ("title", ["Alpha border news", "Bravo dam talks", "Charlie report", "Delta dam"]),
    ("-title", ["Delta dam", "Charlie report", "Bravo dam talks", "Alpha border news"]),
    ("outlet", ["Delta dam", "Alpha border news", "Bravo dam talks", "Charlie report"]),  # ties by id
    ("published", ["Charlie report", "Bravo dam talks", "Delta dam", "Alpha border news"]),
    ("-published", ["Delta dam", "Bravo dam talks", "Charlie report", "Alpha border news"]),  # undated last
    ("-created", ["Delta dam", "Charlie report", "Alpha border news", "Bravo dam talks"]),
])
def test_sorts(project, sources, sort, expected):
    assert titles(project, f"sort={sort}") == expected


def test_neighbours_follow_the_listing(project, sources):
    everything = Source.objects.filter(project=project)
    by_title = SourceListing(sort="title")
    assert by_title.neighbours(everything, sources["Bravo dam talks"]) == (
        sources["Alpha border news"].id, sources["Charlie report"].id)
    assert by_title.neighbours(everything, sources["Alpha border news"]) == (None, sources["Bravo dam talks"].id)
    assert by_title.neighbours(everything, sources["Delta dam"]) == (sources["Charlie report"].id, None)
    searched = SourceListing(search="dam")
    assert searched.neighbours(everything, sources["Bravo dam talks"]) == (None, sources["Delta dam"].id)
    # A source the listing leaves out has no neighbours in it.
    assert searched.neighbours(everything, sources["Charlie report"]) == (None, None)


@pytest.mark.parametrize(("query", "name"), [("sort=colour", "sort"), ("import_job=x", "import_job"),
                                             ("import_job=0", "import_job"), ("search=a%00b", "search")])
def test_unreadable_parameters_are_refused_by_name(query, name):
    chosen = SourceFilter(QueryDict(query), queryset=Source.objects.none())
    assert not chosen.is_valid() and set(chosen.errors) == {name}


def test_query_string_round_trips_and_leaves_defaults_out():
    listing = SourceListing(search="dam talks", outlet="Wire & Co", import_job=4, sort="-title")
    assert parsed(listing.query_string()) == listing
    assert SourceListing().query_string() == ""
    assert SourceListing(sort="title").resorted()["title"] == "sort=-title"
    assert SourceListing(sort="-title").resorted()["title"] == "sort=title"
    assert SourceListing(search="x").resorted()["outlet"] == "search=x&sort=outlet"
