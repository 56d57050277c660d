"""The project's tab bar: the pages of one project that the user's role may open."""

from django import template
from django.urls import reverse

from claims.access import CURATORS
from claims.models import Role

register = template.Library()

# (url name, label, roles that see the tab; None: every member).
TABS = (
    ("project-sources", "Sources", None),
    ("annotate", "Annotate", None),
    ("my-work", "My work", None),
    ("project-actors", "Actors", None),
    ("project-dashboard", "Dashboard", CURATORS),
    ("project-annotations", "Annotations", CURATORS),
    ("review-disagreements", "Review", CURATORS),
    ("model-page", "Suggestion model", CURATORS),
    ("project-exports", "Export", CURATORS),
    ("project-members", "Team", (Role.MANAGER,)),
    ("project-settings", "Settings", (Role.MANAGER,)),
)


@register.inclusion_tag("projects/_nav.html", takes_context=True)
def project_nav(context, project):
    """Tabs for the project; the current page's tab is marked (Review for every review page)."""
    request = context["request"]
    role = Role.MANAGER if request.user.is_staff else project.role_of(request.user)
    current = request.resolver_match.url_name if request.resolver_match else ""
    tabs = [
        {"url": reverse(name, args=[project.id]), "label": label,
         "current": name == current or (name == "review-disagreements" and current.startswith("review-"))}
        for name, label, roles in TABS
        if roles is None or role in roles
    ]
    return {"tabs": tabs}
