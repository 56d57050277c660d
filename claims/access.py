"""Who may see and change what: the one lookup every view, API view and command uses."""

from django.core.exceptions import PermissionDenied
from django.db.models import OuterRef, Subquery
from django.http import Http404

from claims.models import Membership, Project, Role

# Roles allowed to change a project's corpus (import sources, edit actors).
CURATORS = (Role.MANAGER, Role.EDITOR)


def project_for(user, project_id: int | str, *, roles: tuple[str, ...] | None = None) -> Project:
    """The project if the user belongs to it (404 otherwise), and holds one of roles (403 otherwise)."""
    lookup = {"slug": project_id} if isinstance(project_id, str) and not project_id.isdigit() else {"pk": project_id}
    # The caller's role comes with the project, in the same query: pages and the tab bar ask for it.
    role = Membership.objects.filter(project=OuterRef("pk"), user_id=user.pk).values("role")[:1]
    try:
        project = Project.objects.visible_to(user).distinct().annotate(caller_role=Subquery(role)).get(**lookup)
    except Project.DoesNotExist:
        raise Http404("No such project") from None
    project.__dict__.setdefault("_roles", {})[user.pk] = project.caller_role
    if roles is not None and not user.is_staff and project.role_of(user) not in roles:
        raise PermissionDenied("Your role in this project does not allow this")
    return project


def can_curate(user, project: Project) -> bool:
    return user.is_staff or project.role_of(user) in CURATORS
