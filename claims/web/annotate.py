"""The annotation form and "My work": server-rendered shells; static/js/annotate/ talks to the REST API.

The page carries its configuration (scheme, keys, actors, URLs) as JSON data blocks, never as
inline script, and every piece of article text reaches the page through textContent.
"""

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Prefetch
from django.shortcuts import get_object_or_404, render
from django.urls import reverse

from claims import dashboard
from claims.access import can_curate, project_for
from claims.annotation.context import item_data
from claims.annotation.queue import Assignment
from claims.models import Actor, Annotation, Claim, Project, Sentence
from claims.models.corpus import ActorKind
from claims.scheme import FORM_KEYS
from claims.web.markdown import render_markdown

MY_WORK_PER_PAGE = 50
# What the claimant picker reads when the outlet itself asserts the claim (offered in its list).
OUTLET_OPTION = "(the outlet itself)"


def sentence_context(sentence: Sentence) -> dict:
    """The sentence with its neighbours and source, in the shape of the queue's answer (GET next/)."""
    place = Assignment(sentence_id=sentence.id, source_id=sentence.source_id, index=sentence.index,
                       reserved_until=None)
    return item_data(project=sentence.project, assignment=place)


def _form_page(request, project: Project, *, annotation: Annotation | None = None):
    """The form, either on the queue (annotation None) or on one of my annotations, to change it."""
    mine = Annotation.objects.filter(project=project, annotator=request.user).order_by("-created_at", "-id")
    if annotation is None:
        previous = mine.values_list("id", flat=True).first()
        after_save = None
    else:
        previous = mine.filter(created_at__lt=annotation.created_at).values_list("id", flat=True).first()
        newer = (mine.filter(created_at__gt=annotation.created_at).order_by("created_at", "id")
                 .values_list("id", flat=True).first())
        after_save = reverse("annotation-edit", args=[project.id, newer]) if newer else None
    actors = list(Actor.objects.filter(project=project).in_use().only("id", "name", "kind", "aliases", "status"))
    edit_url = reverse("annotation-edit", args=[project.id, 0]).replace("/0/", "/{id}/")
    config = {
        "project": project.id,
        "user": request.user.id,
        "mode": "edit" if annotation else "queue",
        "annotation": annotation.id if annotation else None,
        "item": sentence_context(annotation.sentence) if annotation else None,
        "scheme": project.scheme.for_page(),
        "keys": [{"action": action, "key": key, "help": text} for action, key, text in FORM_KEYS],
        "threshold": project.suggestion_threshold,
        # Managers and editors often open the form only to look: it takes no slot until they start (first key
        # or click on the form); annotators open it to work, and their sentence is reserved at once.
        "peek": annotation is None and can_curate(request.user, project),
        "actors": [{"id": a.id, "name": a.name, "kind": a.kind, "aliases": a.aliases, "status": a.status}
                   for a in actors],
        "outlet_option": OUTLET_OPTION,
        "progress": dashboard.progress_for(project=project, user=request.user),
        "urls": {
            "api": f"/api/projects/{project.id}/",
            "edit": edit_url,
            "previous": edit_url.replace("{id}", str(previous)) if previous else None,
            "after_save": after_save or reverse("annotate", args=[project.id]),
            "queue": reverse("annotate", args=[project.id]),
            "source": reverse("source-detail", args=[project.id, 0]).replace("/0/", "/{id}/"),
            "my_work": reverse("my-work", args=[project.id]),
        },
    }
    return render(
        request,
        "projects/annotate.html",
        {
            "project": project,
            "config": config,
            "guidelines": render_markdown(project.guidelines),
            "form_keys": FORM_KEYS,
            "annotation": annotation,
            "actor_kinds": ActorKind.choices,
        },
    )


@login_required
def annotate(request, project_id: int):
    """The next sentence the queue gives me, in its context, with the claim form."""
    return _form_page(request, project_for(request.user, project_id))


@login_required
def annotation_edit(request, project_id: int, annotation_id: int):
    """One of my annotations in the form, to change it (my own only: anyone else's is 404)."""
    project = project_for(request.user, project_id)
    annotation = get_object_or_404(
        Annotation.objects.filter(project=project, annotator=request.user).select_related("sentence__source"),
        pk=annotation_id,
    )
    return _form_page(request, project, annotation=annotation)


@login_required
def my_work(request, project_id: int):
    """My annotations in this project, newest first, each with its claims and a link to change it."""
    project = project_for(request.user, project_id)
    annotations = (
        Annotation.objects.filter(project=project, annotator=request.user)
        .select_related("sentence__source")
        .prefetch_related(Prefetch("claims", queryset=Claim.objects.select_related("subject", "target", "claimant")))
        .order_by("-created_at", "-id")
    )
    page = Paginator(annotations, MY_WORK_PER_PAGE).get_page(request.GET.get("page"))
    for annotation in page.object_list:
        for claim in annotation.claims.all():
            # The label's name and colour (a value the scheme no longer has is shown as it is).
            claim.stance_label = project.scheme.label("stance", claim.stance)
            claim.certainty_label = project.scheme.label("certainty", claim.certainty)
    return render(request, "projects/my_work.html", {"project": project, "page": page})
