"""Web pages for setting a project up: creating it, its settings and label scheme, and its team."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from claims import projects as project_service
from claims.access import project_for
from claims.models import Membership, Project, ProjectChange, Role
from claims.scheme import FORM_KEYS
from claims.web.project_forms import (
    MemberAddForm,
    MemberRoleForm,
    ProjectCreateForm,
    ProjectSettingsForm,
    label_formsets,
    scheme_from,
    show_errors,
)
from claims.web.refusals import Refusal

RECENT_CHANGES = 20
MANAGERS = (Role.MANAGER,)


def describe(change: ProjectChange) -> list[str]:
    """A recorded change in words, one line per thing that changed."""
    data = change.data
    if change.kind == "created":
        return [f"project created as {data.get('slug', '')!r}"]
    if change.kind == "member":
        before, after = data["role"]
        if before is None:
            return [f"{data['user']} added as {after}"]
        return [f"{data['user']} removed (was {before})" if after is None else f"{data['user']}: {before} → {after}"]
    lines = []
    for name, value in data.items():
        if name == "renamed":
            lines += [f"{group} label {old!r} renamed {new!r}" for group, renames in value.items()
                      for old, new in renames.items()]
        elif name == "claims_rewritten":
            lines.append(f"{value} claim{'s' if value != 1 else ''} rewritten")
        elif name == "label_scheme":
            lines.append("labels changed")
        elif name == "guidelines":
            lines.append(f"guidelines edited ({value[0]} → {value[1]} characters)")
        else:
            lines.append(f"{name.replace('_', ' ')}: {value[0]} → {value[1]}")
    return lines


def _recent_changes(project, **filters) -> list[tuple[ProjectChange, list[str]]]:
    changes = ProjectChange.objects.filter(project=project, **filters).select_related("changed_by")
    return [(change, describe(change)) for change in changes[:RECENT_CHANGES]]


@login_required
@require_http_methods(["GET", "POST"])
def project_create(request):
    """Anyone logged in may start a project; they become its manager."""
    form = ProjectCreateForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        with Refusal(form):
            project = project_service.create_project(manager=request.user, **form.cleaned_data)
            messages.success(request, f"Created {project.name}. Set up its labels and team, then import sources.")
            return redirect("project-settings", project_id=project.id)
    return render(request, "projects/new.html", {"form": form}, status=400 if form.errors else 200)


@login_required
@require_http_methods(["GET", "POST"])
def project_settings(request, project_id: int):
    """Settings and label scheme in one form, saved together or not at all."""
    project = project_for(request.user, project_id, roles=MANAGERS)
    data = request.POST if request.method == "POST" else None
    form = ProjectSettingsForm(data, project=project)
    formsets = label_formsets(project, data)
    scheme_problems: list[str] = []
    if data is not None:
        if form.is_valid() and all(formset.is_valid() for formset in formsets.values()):
            order = (project.queue_order, project.queue_seed)
            with (refusal := Refusal()):
                project = project_service.update_settings(
                    project=project, changed_by=request.user, label_scheme=scheme_from(formsets),
                    **form.cleaned_data,
                )
                reranked = order != (project.queue_order, project.queue_seed)
                messages.success(request, "Settings saved." + (
                    " The queue is being put in its new order in the background." if reranked else ""))
                return redirect("project-settings", project_id=project.id)
            scheme_problems = show_errors(refusal.error, form)
        else:
            scheme_problems = [
                f"{group} row {number}: {field} — {' '.join(errors)}"
                for group, formset in formsets.items()
                for number, form_errors in enumerate(formset.errors, start=1)
                for field, errors in form_errors.items()
            ] + [f"{group}: {error}" for group, formset in formsets.items() for error in formset.non_form_errors()]
    return render(
        request,
        "projects/settings.html",
        {"project": project, "form": form, "formsets": formsets, "scheme_problems": scheme_problems,
         "changes": _recent_changes(project), "form_keys": FORM_KEYS},
        status=400 if data is not None else 200,
    )


def _members_page(request, project, *, form=None, new_password=None, new_user=None, status=200):
    memberships = Membership.objects.filter(project=project).select_related("user").order_by("role", "user__username")
    return render(
        request,
        "projects/members.html",
        {
            "project": project,
            "memberships": memberships,
            "form": form or MemberAddForm(),
            "roles": Role.choices,
            "new_password": new_password,
            "new_user": new_user,
            "changes": _recent_changes(project, kind="member"),
        },
        status=status,
    )


@login_required
@require_http_methods(["GET", "POST"])
def project_members(request, project_id: int):
    """The team: managers add people (opening an account if asked), change roles and remove members."""
    project = project_for(request.user, project_id, roles=MANAGERS)
    if request.method == "GET":
        return _members_page(request, project)
    form = MemberAddForm(request.POST)
    if not form.is_valid():
        return _members_page(request, project, form=form, status=400)
    with Refusal(form):
        membership, password = project_service.invite_member(
            project=project, username=form.cleaned_data["username"], role=form.cleaned_data["role"],
            open_account=form.cleaned_data["create"], changed_by=request.user,
        )
        user = membership.user
        if password:
            # Shown on this response only, never stored in clear or put in a message cookie.
            return _members_page(request, project, new_password=password, new_user=user)
        messages.success(request, f"{user.username} is now {form.cleaned_data['role']} of {project.name}.")
        return redirect("project-members", project_id=project.id)
    return _members_page(request, project, form=form, status=400)


def _member(request, project_id: int, user_id: int) -> tuple[Project, Membership]:
    """The project (managers only) and one of its members; a user of another project is 404."""
    project = project_for(request.user, project_id, roles=MANAGERS)
    return project, get_object_or_404(Membership.objects.filter(project=project).select_related("user"),
                                      user_id=user_id)


@login_required
@require_POST
def member_role(request, project_id: int, user_id: int):
    """Change one member's role."""
    project, membership = _member(request, project_id, user_id)
    form = MemberRoleForm(request.POST)
    if form.is_valid():
        with Refusal(request=request):
            project_service.add_member(project=project, user=membership.user, role=form.cleaned_data["role"],
                                       changed_by=request.user)
            messages.success(request, f"{membership.user.username} is now {form.cleaned_data['role']}.")
    else:
        messages.error(request, "Choose manager, editor or annotator.")
    return redirect("project-members", project_id=project.id)


@login_required
@require_POST
def member_remove(request, project_id: int, user_id: int):
    """Take a member out of the project; their annotations stay."""
    project, membership = _member(request, project_id, user_id)
    with Refusal(request=request):
        project_service.remove_member(project=project, user=membership.user, changed_by=request.user)
        messages.success(request, f"Removed {membership.user.username} from {project.name}.")
    return redirect("project-members", project_id=project.id)
