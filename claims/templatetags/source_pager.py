"""{% source_pager project source %}: links to the previous and next source of the list the reader came from."""

from django import template

from claims.models import Project, Source
from claims.sources import SourceListing

register = template.Library()


@register.inclusion_tag("projects/_source_pager.html", takes_context=True)
def source_pager(context, project: Project, source: Source) -> dict:
    """The neighbours of source in the list given by the page's query string (search, outlet, import, sort)."""
    listing = SourceListing.from_query(context["request"].GET)
    before, after = listing.neighbours(Source.objects.filter(project=project), source)
    return {"project": project, "before": before, "after": after, "here": listing.query_string()}
