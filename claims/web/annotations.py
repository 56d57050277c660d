"""Editors' and managers' view of the annotations: every annotation of a project, and each one's history.

Annotators never reach these pages (403), whether or not the project is blind: they see their own
work under "My work". Every piece of article text, comment and actor name goes through the
templates' escaping; labels are shown by their names and colours in the project's scheme.
"""

from dataclasses import dataclass

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Q
from django.shortcuts import get_object_or_404, render
from django.utils.http import urlencode

from claims.access import CURATORS, project_for
from claims.annotation.history import FieldChange, RevisionDiff, diff_revisions, history
from claims.annotation.saving import claim_data
from claims.filters import AnnotationFilter
from claims.models import Actor, Annotation, Membership, Project, Sentence, Source, User
from claims.models.annotation import SuggestionOutcome
from claims.scheme import Scheme
from claims.web.views import bad_request

ANNOTATIONS_PER_PAGE = 50
# The claim fields that together say who the claimant is: a change to any of them is one change.
CLAIMANT_FIELDS = {"claimant", "claimant_name", "claimant_is_outlet"}
CLAIM_FIELD_NAMES = {"claimant": "Claimant", "subject": "Subject", "target": "Target", "stance": "Stance",
                     "certainty": "Certainty"}
FIELD_NAMES = {"comment": "Comment", "seconds_spent": "Time spent", "suggestion": "Suggestion shown",
               "suggestion_outcome": "Suggestion"}


def duration(seconds: int | None) -> str:
    """Seconds as people read them: 45 s, 2 min 5 s, 1 h 3 min."""
    if seconds is None:
        return "—"
    if seconds < 60:
        return f"{seconds} s"
    if seconds < 3600:
        return f"{seconds // 60} min {seconds % 60} s" if seconds % 60 else f"{seconds // 60} min"
    return f"{seconds // 3600} h {seconds % 3600 // 60} min"


@dataclass(frozen=True)
class ClaimView:
    """A claim as these pages show it: actors by name, stance and certainty by their names in the scheme."""

    start: int
    end: int
    text: str
    claimant: str
    subject: str
    target: str
    stance: str
    stance_label: str
    stance_color: str
    certainty_label: str
    whole: bool  # the span is the whole sentence

    def shown(self, field: str) -> str:
        """The value of one claim field as shown (the claimant's three fields are one)."""
        if field in CLAIMANT_FIELDS:
            return self.claimant
        return {"stance": self.stance_label or "no stance", "certainty": self.certainty_label}.get(
            field, getattr(self, field, ""))


def claim_view(claim: dict, *, names: dict[int, str], labels: Scheme, sentence: Sentence) -> ClaimView:
    """A claim (as the API and the revisions store it) of this sentence, for the page."""

    def actor(actor_id: int | None) -> str:
        if actor_id is None:
            return "—"
        return names.get(actor_id, f"actor {actor_id} (deleted)")

    if claim.get("claimant") is not None:
        claimant = actor(claim["claimant"])
    elif claim.get("claimant_name"):
        claimant = f"{claim['claimant_name']} (named)"
    else:
        claimant = "the outlet" if claim.get("claimant_is_outlet") else "—"
    stance = claim.get("stance") or ""
    return ClaimView(
        start=claim.get("start"), end=claim.get("end"), text=claim.get("text", ""), claimant=claimant,
        subject=actor(claim.get("subject")), target=actor(claim.get("target")), stance=stance,
        stance_label=labels.name("stance", stance) if stance else "", stance_color=labels.color("stance", stance),
        certainty_label=labels.name("certainty", claim.get("certainty") or ""),
        whole=(claim.get("start"), claim.get("end")) == (sentence.start, sentence.end),
    )


def actor_names(project: Project, claims: list[dict]) -> dict[int, str]:
    """Names of the project's actors these claims refer to (one query)."""
    ids = {claim.get(role) for claim in claims for role in ("claimant", "subject", "target")} - {None}
    if not ids:
        return {}
    return dict(Actor.objects.filter(project=project, pk__in=ids).values_list("id", "name"))


@dataclass(frozen=True)
class RevisionView:
    """One saved version for the history: who, when, and what it changed, ready to show."""

    version: int
    changed_by: str
    changed_at: object
    first: bool
    added: list[ClaimView]
    removed: list[ClaimView]
    changed: list[tuple[ClaimView, list[FieldChange]]]
    fields: list[FieldChange]


def _field_shown(name: str, value: object) -> str:
    if name == "seconds_spent":
        return duration(value)
    if name == "suggestion_outcome":
        return SuggestionOutcome(value).label if value in SuggestionOutcome.values else str(value)
    if name == "suggestion":
        return "none" if value is None else f"suggestion {value}"
    return f"“{value}”" if value else "(empty)"


def revision_view(
    entry: dict, diff: RevisionDiff, *, names: dict[int, str], labels: Scheme, sentence: Sentence
) -> RevisionView:
    """A history entry and its changes, with names for ids and values."""

    def view(claim: dict) -> ClaimView:
        return claim_view(claim, names=names, labels=labels, sentence=sentence)

    changed = []
    for change in diff.changed:
        was, now = view(change.before), view(change.after)
        fields = list(dict.fromkeys("claimant" if f in CLAIMANT_FIELDS else f for f in change.fields))
        changed.append((now, [FieldChange(CLAIM_FIELD_NAMES[name], was.shown(name), now.shown(name))
                              for name in fields]))
    return RevisionView(
        version=entry["version"], changed_by=entry["changed_by_name"], changed_at=entry["changed_at"],
        first=entry["before"] is None, added=[view(c) for c in diff.added], removed=[view(c) for c in diff.removed],
        changed=changed,
        fields=[FieldChange(FIELD_NAMES[f.name], _field_shown(f.name, f.before), _field_shown(f.name, f.after))
                for f in diff.fields],
    )


def _claims_of(annotations) -> list[list[dict]]:
    return [[claim_data(claim) for claim in annotation.claims.all()] for annotation in annotations]


@login_required
def annotation_list(request, project_id: int):
    """Managers and editors: every annotation of the project, newest first, by annotator, source or sentence."""
    project = project_for(request.user, project_id, roles=CURATORS)
    chosen = AnnotationFilter(request.GET, queryset=Annotation.objects.filter(project=project).with_details())
    if not chosen.is_valid():
        return bad_request(request, chosen.errors)
    picked = {name: value for name, value in chosen.form.cleaned_data.items() if value is not None}
    page = Paginator(chosen.qs.order_by("-id"), ANNOTATIONS_PER_PAGE).get_page(request.GET.get("page"))
    claims = _claims_of(page.object_list)
    names, labels = actor_names(project, [c for row in claims for c in row]), project.scheme
    rows = [(annotation, [claim_view(c, names=names, labels=labels, sentence=annotation.sentence) for c in row])
            for annotation, row in zip(page.object_list, claims, strict=True)]
    members = User.objects.filter(Q(pk__in=Membership.objects.filter(project=project).values("user_id"))
                                  | Q(pk=picked.get("annotator"))).order_by("username").only("id", "username")
    sentence = None
    if "sentence" in picked:
        sentence = Sentence.objects.filter(project=project, pk=picked["sentence"]).select_related("source").defer(
            "source__text", "source__meta").first()
    source = None
    if "source" in picked:
        source = Source.objects.filter(project=project, pk=picked["source"]).only("id", "title").first()
    return render(request, "projects/annotations.html", {
        "project": project, "page": page, "rows": rows, "picked": picked, "members": members,
        "sentence": sentence, "source": source, "query": urlencode(picked),
    })


@login_required
def annotation_detail(request, project_id: int, annotation_id: int):
    """Managers and editors: one annotation as it is now, and every version of it with what each changed."""
    project = project_for(request.user, project_id, roles=CURATORS)
    annotation = get_object_or_404(Annotation.objects.filter(project=project).with_details(), pk=annotation_id)
    entries = history(annotation=annotation)
    current = _claims_of([annotation])[0]
    revisions_claims = [c for entry in entries for c in entry["after"].get("claims") or []]
    names, labels = actor_names(project, current + revisions_claims), project.scheme
    revisions = [revision_view(entry, diff_revisions(before=entry["before"], after=entry["after"]),
                               names=names, labels=labels, sentence=annotation.sentence) for entry in reversed(entries)]
    return render(request, "projects/annotation_detail.html", {
        "project": project, "annotation": annotation, "revisions": revisions, "here": f"Annotation {annotation.pk}",
        "claims": [claim_view(c, names=names, labels=labels, sentence=annotation.sentence) for c in current],
    })
