"""Web UI views: parse the request, call one service, render. Every lookup goes through project_for."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Count, IntegerField, OuterRef, Subquery, Value
from django.db.models.functions import Coalesce
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from claims.access import CURATORS, can_curate, project_for
from claims.actors import proposals
from claims.actors import service as actor_service
from claims.filters import SourceFilter
from claims.ingest.jobs import create_import_job
from claims.ingest.readers import FORMATS
from claims.models import Actor, ActorMatchJob, ActorStatus, ImportJob, Membership, Project, Sentence, Source
from claims.models.corpus import IN_USE
from claims.web.curation import render_source
from claims.web.forms import ActorFileForm, ActorForm
from claims.web.refusals import Refusal

SOURCES_PER_PAGE = 50
REMATCHING = "Mentions in every source are being matched again in the background."
RECENT_IMPORTS = 10
JOB_SOURCES_SHOWN = 20


def bad_request(request, errors: dict[str, list[str]]):
    """A 400 page listing what was wrong with the request's parameters."""
    problems = [f"{name}: {message}" for name, messages in errors.items() for message in messages]
    return render(request, "400.html", {"problems": problems}, status=400)


def _count_of(model, **filters) -> Coalesce:
    """A correlated COUNT subquery: counting two relations with joins would multiply the rows."""
    rows = model.objects.filter(**filters).order_by().values(*filters).annotate(n=Count("*")).values("n")
    return Coalesce(Subquery(rows, output_field=IntegerField()), Value(0))


@login_required
def project_list(request):
    """The user's projects with their role and corpus size."""
    role = Membership.objects.filter(project=OuterRef("pk"), user=request.user).values("role")[:1]
    projects = (
        Project.objects.visible_to(request.user)
        .distinct()
        .annotate(
            role=Subquery(role),
            source_count=_count_of(Source, project=OuterRef("pk")),
            sentence_count=_count_of(Sentence, project=OuterRef("pk")),
        )
    )
    return render(request, "projects/list.html", {"projects": projects})


@login_required
def project_sources(request, project_id: int):
    """A project's sources, 50 a page: searched, from one outlet or import, sorted by a column."""
    project = project_for(request.user, project_id)
    sources = Source.objects.filter(project=project).defer("text", "meta").annotate(sentence_count=Count("sentences"))
    chosen = SourceFilter(request.GET, queryset=sources)
    if not chosen.is_valid():
        return bad_request(request, chosen.errors)
    listing = chosen.listing
    outlets = (
        Source.objects.filter(project=project).exclude(outlet="").order_by("outlet").values_list("outlet", flat=True)
    )
    page = Paginator(chosen.qs, SOURCES_PER_PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "projects/sources.html",
        {
            "project": project,
            "page": page,
            "listing": listing,
            "outlet": listing.outlet,
            "outlets": outlets.distinct(),
            "can_curate": can_curate(request.user, project),
        },
    )


@login_required
def source_detail(request, project_id: int, source_id: int):
    """One article, sentence by sentence, with its actor mentions marked; editors correct it here."""
    project = project_for(request.user, project_id)
    source = get_object_or_404(Source.objects.filter(project=project), pk=source_id)
    return render_source(request, project, source)


@login_required
@require_http_methods(["GET", "POST"])
def source_import(request, project_id: int):
    """Upload files to import; on success follow the job, on a bad file list every problem."""
    project = project_for(request.user, project_id, roles=CURATORS)
    refusal = Refusal()
    if request.method == "POST":
        with refusal:
            job = create_import_job(project=project, user=request.user, uploads=request.FILES.getlist("files"))
            return redirect("import-job", project_id=project.id, job_id=job.id)
    jobs = ImportJob.objects.filter(project=project).select_related("created_by").order_by("-created_at")
    return render(
        request,
        "projects/import.html",
        {
            "project": project,
            "problems": refusal.problems,
            "jobs": jobs[:RECENT_IMPORTS],
            "formats": FORMATS,
        },
        status=refusal.status,
    )


@login_required
def import_job(request, project_id: int, job_id: int):
    """An import's status, progress, counts and errors; the page polls the API until it finishes."""
    project = project_for(request.user, project_id)
    job = get_object_or_404(ImportJob.objects.filter(project=project), pk=job_id)
    return render(
        request,
        "projects/import_job.html",
        {
            "project": project,
            "job": job,
            # Named by its place among the project's imports ("Import 1" is its first), not by the job's
            # id, which counts every project's imports.
            "number": ImportJob.objects.filter(project=project, id__lte=job.id).count(),
            "sources": job.sources.order_by("id").only("id", "title", "outlet")[:JOB_SOURCES_SHOWN],
            "can_curate": can_curate(request.user, project),
        },
    )


def _actors_page(request, project: Project, *, form=None, file_form=None, status: int = 200):
    actors = (Actor.objects.filter(project=project).select_related("parent", "proposed_by", "decided_by", "merged_into")
              .annotate(mention_count=Count("mentions")))
    curator = can_curate(request.user, project)
    actors = list(actors)
    return render(
        request,
        "projects/actors.html",
        {
            "project": project,
            "actors": [a for a in actors if a.status == ActorStatus.CONFIRMED],
            "proposals": [a for a in actors if a.status == ActorStatus.PROPOSED],
            "decided": [a for a in actors if a.status in (ActorStatus.MERGED, ActorStatus.REJECTED)],
            "merge_targets": [a for a in actors if a.status in IN_USE],
            "match_job": ActorMatchJob.objects.latest_for(project),
            "can_curate": curator,
            "form": form or (ActorForm(project=project) if curator else None),
            "file_form": file_form or (ActorFileForm() if curator else None),
        },
        status=status,
    )


@login_required
@require_http_methods(["GET", "POST"])
def project_actors(request, project_id: int):
    """The project's actors; managers and editors add one by POSTing the form."""
    if request.method == "GET":
        return _actors_page(request, project_for(request.user, project_id))
    project = project_for(request.user, project_id, roles=CURATORS)
    form = ActorForm(request.POST, project=project)
    if form.is_valid():
        with Refusal(form):
            actor = actor_service.save_actor(project=project, user=request.user, **form.cleaned_data)
            messages.success(request, f"Added {actor.name}. {REMATCHING}")
            return redirect("project-actors", project_id=project.id)
    return _actors_page(request, project, form=form, status=400)


@login_required
@require_http_methods(["GET", "POST"])
def actor_edit(request, project_id: int, actor_id: int):
    """Change one actor's name, kind, aliases and parent."""
    project = project_for(request.user, project_id, roles=CURATORS)
    actor = get_object_or_404(Actor.objects.filter(project=project), pk=actor_id)
    form = ActorForm(request.POST if request.method == "POST" else None, project=project, actor=actor)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            with Refusal(form):
                actor_service.save_actor(project=project, actor=actor, user=request.user, **form.cleaned_data)
                messages.success(request, f"Saved {actor.name}. {REMATCHING}")
                return redirect("project-actors", project_id=project.id)
        status = 400
    return render(
        request, "projects/actor_edit.html", {"project": project, "actor": actor, "form": form}, status=status
    )


@login_required
@require_POST
def actor_delete(request, project_id: int, actor_id: int):
    """Remove an actor and its mentions."""
    project = project_for(request.user, project_id, roles=CURATORS)
    actor = get_object_or_404(Actor.objects.filter(project=project), pk=actor_id)
    actor_service.delete_actor(actor=actor, user=request.user)
    messages.success(request, f"Deleted {actor.name}. {REMATCHING}")
    return redirect("project-actors", project_id=project.id)


@login_required
@require_POST
def actor_decide(request, project_id: int, actor_id: int, decision: str):
    """An editor's decision on a proposed actor: confirm, merge (into the actor posted as "into") or reject."""
    project = project_for(request.user, project_id, roles=CURATORS)
    if decision not in ("confirm", "merge", "reject"):
        raise Http404("No such decision")
    with Refusal(request=request, said="Not done: {}"):
        if decision == "confirm":
            actor = proposals.confirm_actor(project=project, actor_id=actor_id, user=request.user)
            messages.success(request, f"Confirmed {actor.name}.")
        elif decision == "merge":
            into = request.POST.get("into", "")
            if not into.isdigit():
                raise proposals.ProposalRefused("choose the actor to merge it into", status=400, field="into")
            actor = proposals.merge_actor(project=project, actor_id=actor_id, into_id=int(into), user=request.user)
            into_name = actor.merged_into.name
            messages.success(request, f"Merged {actor.name} into {into_name}: {actor.repointed_claims} claims now "
                                      f"name {into_name}. {REMATCHING}")
        else:
            actor = proposals.reject_actor(project=project, actor_id=actor_id, user=request.user)
            messages.success(request, f"Rejected {actor.name}.")
    return redirect("project-actors", project_id=project.id)


@login_required
@require_POST
def actors_upload(request, project_id: int):
    """Create or update actors from a .json or .csv list; a bad list changes nothing."""
    project = project_for(request.user, project_id, roles=CURATORS)
    file_form = ActorFileForm(request.POST, request.FILES)
    if file_form.is_valid():
        upload = file_form.cleaned_data["file"]
        with Refusal(file_form, field="file"):
            specs = actor_service.read_actor_file(upload.name, upload.read())
            counts = actor_service.import_actors(project=project, specs=specs, user=request.user)
            messages.success(request, f"{counts['created']} actors added, {counts['updated']} updated. {REMATCHING}")
            return redirect("project-actors", project_id=project.id)
    return _actors_page(request, project, file_form=file_form, status=400)
