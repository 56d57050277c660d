"""Who may see and change what: the one lookup every view, API view and command uses."""

from django.core.exceptions import PermissionDenied
from django.db import connection
from django.http import Http404

from claims.db import prepared_cursor
from claims.models import Project, Role

# Roles allowed to change a project's corpus (import sources, edit actors).
CURATORS = (Role.MANAGER, Role.EDITOR)


# The project and the user's role in it, in one prepared statement: every page and endpoint below a
# project starts here, and the ORM's own query (plus one for the role), or a raw query run through
# the ORM, cost more than the work of some.
_PROJECT_AND_ROLE = (
    "SELECT {columns}, m.role FROM claims_project p "
    "LEFT JOIN claims_membership m ON m.project_id = p.id AND m.user_id = %s WHERE p.{key} = %s"
)
_queries: dict[str, tuple[str, list, list]] = {}


def _project_query(key: str) -> tuple[str, list, list]:
    """The statement for looking a project up by ``key``, its columns' attribute names, and their converters."""
    if key not in _queries:
        fields = Project._meta.concrete_fields
        columns = ", ".join(f"p.{connection.ops.quote_name(field.column)}" for field in fields)
        converters = [(index, field) for index, field in enumerate(fields) if hasattr(field, "from_db_value")]
        _queries[key] = (_PROJECT_AND_ROLE.format(columns=columns, key=key), [f.attname for f in fields], converters)
    return _queries[key]


def _project_and_role(user, project_id: int | str) -> tuple[Project | None, str | None]:
    by_id = isinstance(project_id, int) or project_id.isdigit()
    query, attnames, converters = _project_query("id" if by_id else "slug")
    with prepared_cursor() as cursor:
        cursor.execute(query, [user.pk, int(project_id) if by_id else project_id])
        row = cursor.fetchone()
    if row is None:
        return None, None
    values = list(row[:-1])
    for index, field in converters:  # what the ORM does for these fields (JSON text to Python)
        values[index] = field.from_db_value(values[index], None, connection)
    return Project.from_db(connection.alias, attnames, values), row[-1]


def project_for(user, project_id: int | str, *, roles: tuple[str, ...] | None = None) -> Project:
    """The project if the user belongs to it (404 otherwise), and holds one of roles (403 otherwise)."""
    if not user.is_authenticated:
        raise Http404("No such project")
    project, role = _project_and_role(user, project_id)
    if project is None or (role is None and not user.is_staff):
        raise Http404("No such project")
    project.member_role = role
    project.__dict__.setdefault("_roles", {})[user.pk] = role  # what role_of() reads
    if roles is not None and not user.is_staff and role not in roles:
        raise PermissionDenied("Your role in this project does not allow this")
    return project


def can_curate(user, project: Project) -> bool:
    return user.is_staff or project.role_of(user) in CURATORS
