"""The source page and editors' corrections on it: metadata, segment kinds, splits, merges, re-parse, history.

Each POST view parses the form, calls one curation service and redirects back; a correction that
cannot be made re-renders the page with the reason and a 400 (bad input) or 409 (annotations).
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Count, Prefetch
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from claims.access import CURATORS, can_curate, project_for
from claims.curation import service
from claims.curation.errors import CorrectionConflict, CorrectionError
from claims.curation.reparse import reparse_source
from claims.models import Actor, ActorMention, Annotation, Project, Sentence, Source, SourceCorrection
from claims.models.corpus import SentenceKind
from claims.models.curation import CORRECTABLE_FIELDS, CorrectionAction
from claims.web.forms import SourceMetadataForm
from claims.web.reading import paragraphs
from claims.web.refusals import Refusal

CORRECT_MODE = "correct"


def _quote(text: str, start: int, end: int, length: int = 40) -> str:
    piece = " ".join(text[start:end].split())
    return f"“{piece[:length].rstrip()}…”" if len(piece) > length else f"“{piece}”"


def describe(correction: SourceCorrection, text: str) -> str:
    """One line saying what a correction changed, quoting the source's text (escaped by the template)."""
    before, after = correction.before, correction.after
    if correction.action == CorrectionAction.METADATA:
        return f"{correction.field}: {before['value'] or '(empty)'!s} → {after['value'] or '(empty)'!s}"
    if correction.action == CorrectionAction.KIND:
        return (
            f"{_quote(text, after['start'], after['end'])} [{after['start']}:{after['end']}]: "
            f"{before['kind']} → {after['kind']}"
        )
    if correction.action == CorrectionAction.SPLIT:
        (a, b), (c, d) = after["spans"]
        return f"split {_quote(text, a, b, 30)} from {_quote(text, c, d, 30)} at {after['at']}"
    if correction.action == CorrectionAction.MERGE:
        (a, b), (c, d) = before["spans"]
        return f"merged {_quote(text, a, b, 30)} with {_quote(text, c, d, 30)}"
    return (
        f"re-parsed with parser version {after.get('parser_version')}: {after.get('kinds_changed', 0)} kinds changed, "
        f"{after.get('added', 0)} segments added, {after.get('removed', 0)} removed"
    )


def _edited(sentences: list[Sentence], corrections: list[SourceCorrection]) -> set[int]:
    """Ids of the sentences whose kind an editor set (a span inside a recorded kind correction)."""
    spans = [(c.after["start"], c.after["end"]) for c in corrections if c.action == CorrectionAction.KIND]
    return {s.id for s in sentences if not s.rule and any(a <= s.start and s.end <= b for a, b in spans)}


def render_source(
    request,
    project: Project,
    source: Source,
    *,
    form: SourceMetadataForm | None = None,
    error: str = "",
    status: int = 200,
):
    """The source page: the article with furniture hidden until asked for; for editors, the correction tools."""
    sentences = list(
        source.sentences.order_by("index").prefetch_related(
            Prefetch("mentions", queryset=ActorMention.objects.select_related("actor"))
        )
    )
    # Filtering on the mention join before annotating counts only this source's mentions.
    actors = (
        Actor.objects.filter(mentions__sentence__source=source)
        .annotate(mention_count=Count("mentions"))
        .order_by("-mention_count", "name")
    )
    editor = can_curate(request.user, project)
    correcting = editor and (request.GET.get("mode") == CORRECT_MODE or form is not None or bool(error))
    if editor and not correcting:
        # Editors see how many annotations each sentence has; annotators nothing of anyone's labels.
        counts = Annotation.objects.filter(project=project, sentence__source=source).count_by_sentence()
        for sentence in sentences:
            sentence.annotation_count = counts.get(sentence.id, 0)
    corrections = list(SourceCorrection.objects.for_source(source))
    if editor and form is None:
        form = SourceMetadataForm(initial={name: getattr(source, name) for name in CORRECTABLE_FIELDS})
    return render(
        request,
        "projects/source.html",
        {
            "project": project,
            "source": source,
            "paragraphs": paragraphs(source, sentences),
            "sentences": sentences,
            "actors": actors,
            "editor": editor,
            "correcting": correcting,
            "form": form,
            "error": error,
            "kinds": SentenceKind.choices,
            "furniture_count": sum(s.kind == SentenceKind.FURNITURE for s in sentences),
            "edited": _edited(sentences, corrections) if editor else set(),
            "history": [(c, describe(c, source.text)) for c in reversed(corrections)],
            # Only http(s) addresses become links: an imported "javascript:" URL stays text.
            "url_is_link": source.url.lower().startswith(("http://", "https://")),
        },
        status=status,
    )


def _correct_url(project: Project, source_id: int, anchor: str = "") -> str:
    url = reverse("source-detail", args=[project.id, source_id]) + f"?mode={CORRECT_MODE}"
    return url + (f"#{anchor}" if anchor else "")


@login_required
@require_POST
def source_metadata(request, project_id: int, source_id: int):
    """Save the metadata form: each changed field is recorded as a correction."""
    project = project_for(request.user, project_id, roles=CURATORS)
    source = get_object_or_404(Source.objects.filter(project=project), pk=source_id)
    form = SourceMetadataForm(request.POST)
    if form.is_valid():
        with Refusal(form):
            service.correct_source(source=source, user=request.user, changes=form.cleaned_data)
            messages.success(request, "Saved the source's details.")
            return redirect(_correct_url(project, source.id))
    return render_source(request, project, source, form=form, status=400)


def _correct_segment(request, project_id: int, sentence_id: int, correct, done: str = ""):
    """Run one segment correction (a function of the sentence, giving the sentence to show) and go back to it."""
    project = project_for(request.user, project_id, roles=CURATORS)
    sentence = get_object_or_404(Sentence.objects.filter(project=project).select_related("source"), pk=sentence_id)
    with (refusal := Refusal()):
        shown = correct(sentence)
        if done:
            messages.success(request, done.format(number=sentence.index + 1))
        return redirect(_correct_url(project, sentence.source_id, f"segment-{shown.id}"))
    return render_source(request, project, sentence.source, error=refusal.message, status=refusal.status)


@login_required
@require_POST
def sentence_kind(request, project_id: int, sentence_id: int):
    """Give one segment another kind."""
    kind = request.POST.get("kind", "")
    return _correct_segment(
        request, project_id, sentence_id, lambda s: service.set_sentence_kind(sentence=s, user=request.user, kind=kind)
    )


@login_required
@require_POST
def sentence_split(request, project_id: int, sentence_id: int):
    """Cut a segment in two at an offset into the source text."""
    at = request.POST.get("at", "").strip()

    def split(sentence: Sentence) -> Sentence:
        if not at.isdigit():
            raise CorrectionError("choose where to split: click in the sentence, or give an offset")
        return service.split_sentence(sentence=sentence, user=request.user, at=int(at))[0]

    return _correct_segment(request, project_id, sentence_id, split, "Split segment {number} in two.")


@login_required
@require_POST
def sentence_merge(request, project_id: int, sentence_id: int):
    """Join a segment with the next one."""
    return _correct_segment(
        request,
        project_id,
        sentence_id,
        lambda s: service.merge_sentence(sentence=s, user=request.user),
        "Merged segment {number} with the next.",
    )


@login_required
@require_POST
def source_reparse(request, project_id: int, source_id: int):
    """Re-read the source with the current parser, keeping the corrections."""
    project = project_for(request.user, project_id, roles=CURATORS)
    source = get_object_or_404(Source.objects.filter(project=project), pk=source_id)
    report = reparse_source(source_id=source.id, user=request.user)
    if report.outcome == "skipped":
        return render_source(request, project, source, error=f"Not re-parsed: {report.reason}.",
                             status=CorrectionConflict.status)
    outcome = str(report).split(": ", 1)[1]
    messages.success(request, outcome[:1].upper() + outcome[1:] + ".")
    return redirect(_correct_url(project, source.id))
