"""Who may see and change what: the one lookup every view, API view and command uses."""

from django.core.exceptions import PermissionDenied
from django.http import Http404

from claims.models import Project, Role

# Roles allowed to change a project's corpus (import sources, edit actors).
CURATORS = (Role.MANAGER, Role.EDITOR)


# The project and the user's role in it, in one query: every page and endpoint below a project
# starts here, and the ORM's own query (plus one for the role) cost more than the work of some.
_PROJECT_AND_ROLE = (
    "SELECT p.*, m.role AS member_role FROM claims_project p "
    "LEFT JOIN claims_membership m ON m.project_id = p.id AND m.user_id = %s WHERE p.{key} = %s"
)


def project_for(user, project_id: int | str, *, roles: tuple[str, ...] | None = None) -> Project:
    """The project if the user belongs to it (404 otherwise), and holds one of roles (403 otherwise)."""
    key = "slug" if isinstance(project_id, str) and not project_id.isdigit() else "id"
    found = list(Project.objects.raw(_PROJECT_AND_ROLE.format(key=key), [user.pk, project_id]))
    if not user.is_authenticated or not found or (found[0].member_role is None and not user.is_staff):
        raise Http404("No such project")
    project = found[0]
    project.__dict__.setdefault("_roles", {})[user.pk] = project.member_role  # what role_of() reads
    if roles is not None and not user.is_staff and project.member_role not in roles:
        raise PermissionDenied("Your role in this project does not allow this")
    return project


def can_curate(user, project: Project) -> bool:
    return user.is_staff or project.role_of(user) in CURATORS
