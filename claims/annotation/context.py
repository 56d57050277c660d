"""What an annotator is shown with a sentence: its neighbours, its source, the actors it names, the suggestion.

The same dictionaries feed the REST API's ``next`` and the web form. Nothing here shows another
annotator's labels, so it is blind by construction.
"""

from django.db.models import Prefetch
from django.forms.models import model_to_dict

from claims.annotation.queue import Assignment
from claims.models import ActorMention, Project, Sentence, Suggestion
from claims.models.corpus import SentenceKind
from claims.models.suggest import ModelStatus

SOURCE_FIELDS = ("id", "title", "outlet", "author", "published", "url")


def sentence_data(sentence: Sentence) -> dict:
    """A sentence with its actor mentions (offsets into the source text, like the sentence's)."""
    return {
        "id": sentence.pk, "source": sentence.source_id, "index": sentence.index, "start": sentence.start,
        "end": sentence.end, "text": sentence.text, "kind": sentence.kind,
        "mentions": [{"actor": m.actor_id, "actor_name": m.actor.name, "start": m.start, "end": m.end}
                     for m in sentence.mentions.all()],
    }


def suggested_claims(suggestion) -> list[dict] | None:
    """The claims a suggestion proposes, as plain dictionaries, or None when it proposes none as claims.

    Suggestions may hold their claims as a JSON list or as related rows; both read the same here.
    """
    claims = getattr(suggestion, "claims", None)
    if claims is None:
        return None
    if hasattr(claims, "all"):
        return [model_to_dict(claim) for claim in claims.all()]
    return [dict(claim) for claim in claims if isinstance(claim, dict)]


def suggestion_data(suggestion) -> dict:
    """A suggestion as shown to the annotator: every field it has, its claims as plain dictionaries."""
    data = model_to_dict(suggestion)
    data["id"] = suggestion.pk
    if (claims := suggested_claims(suggestion)) is not None:
        data["claims"] = claims
    return data


def live_suggestion(*, project: Project, sentence_id: int):
    """The live model's suggestion for the sentence, or None."""
    return (Suggestion.objects.filter(sentence_id=sentence_id, sentence__project=project,
                                      model_version__status=ModelStatus.LIVE)
            .order_by("-id").first())


def item_data(*, project: Project, assignment: Assignment, context: int = 2) -> dict:
    """The reserved sentence in its context, as the API's ``next`` returns it: 4 queries."""
    around = (
        Sentence.objects.filter(source_id=assignment.source_id,
                                index__range=(assignment.index - context, assignment.index + context))
        .exclude(kind=SentenceKind.FURNITURE)
        .select_related("source").defer("source__text", "source__meta")
        .prefetch_related(Prefetch("mentions", queryset=ActorMention.objects.select_related("actor")
                                   .only("sentence", "actor__name", "start", "end")))
        .order_by("index")
    )
    sentences = list(around)
    source = sentences[0].source
    suggestion = live_suggestion(project=project, sentence_id=assignment.sentence_id)
    return {
        "sentence": next(sentence_data(s) for s in sentences if s.pk == assignment.sentence_id),
        "before": [sentence_data(s) for s in sentences if s.index < assignment.index],
        "after": [sentence_data(s) for s in sentences if s.index > assignment.index],
        "source": {field: getattr(source, field) for field in SOURCE_FIELDS},
        "suggestion": suggestion_data(suggestion) if suggestion else None,
        "reserved_until": assignment.reserved_until,
    }
