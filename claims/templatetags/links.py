"""Links to the outside world: only web addresses become links."""

from django import template

from claims.storable import is_link

register = template.Library()


@register.filter
def outbound_href(url: str) -> str:
    """The URL if it is an http or https address, else "" (shown as text, never as a link).

    Imports refuse other URLs; this also covers rows stored before they did, and any path that
    forgets to check.
    """
    return url if url and is_link(url) else ""
