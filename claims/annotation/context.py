"""What an annotator is shown with a sentence: its neighbours, its source, the actors it names, the suggestion.

The same dictionaries feed the REST API's ``next`` and the web form. Nothing here shows another
annotator's labels, so it is blind by construction.
"""

import json

from django.forms.models import model_to_dict

from claims.annotation.queue import Assignment, prepared_cursor, reserve_next
from claims.models import Project, Suggestion, User
from claims.models.corpus import SentenceKind
from claims.models.suggest import ModelStatus


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


# The sentence and its neighbours (no furniture) with their mentions, the source's metadata and the
# id of the live suggestion, in one query: this runs for every item an annotator is given.
_CONTEXT = """
SELECT s.id, s.source_id, s.index, s.start, s."end", s.text, s.kind,
       COALESCE((SELECT json_agg(json_build_object('actor', m.actor_id, 'actor_name', a.name, 'start', m.start,
                                                   'end', m."end") ORDER BY m.start)
                 FROM claims_actormention m JOIN claims_actor a ON a.id = m.actor_id
                 WHERE m.sentence_id = s.id), '[]'::json),
       src.title, src.outlet, src.author, src.published, src.url,
       (SELECT g.id FROM claims_suggestion g JOIN claims_modelversion v ON v.id = g.model_version_id
        WHERE g.sentence_id = %(sentence)s AND v.status = %(live)s ORDER BY g.id DESC LIMIT 1)
FROM claims_sentence s JOIN claims_source src ON src.id = s.source_id
WHERE s.source_id = %(source)s AND s.index BETWEEN %(low)s AND %(high)s
  AND (s.kind <> %(furniture)s OR s.id = %(sentence)s)
ORDER BY s.index
"""
_SENTENCE_COLUMNS = ("id", "source", "index", "start", "end", "text", "kind", "mentions")


def item_data(*, project: Project, assignment: Assignment, context: int = 2) -> dict:
    """The reserved sentence in its context, as the API's ``next`` returns it: one query (two with a suggestion)."""
    with prepared_cursor() as cursor:
        cursor.execute(_CONTEXT, {
            "sentence": assignment.sentence_id, "source": assignment.source_id, "low": assignment.index - context,
            "high": assignment.index + context, "furniture": SentenceKind.FURNITURE, "live": ModelStatus.LIVE})
        rows = cursor.fetchall()
    sentences = [dict(zip(_SENTENCE_COLUMNS, row[:8], strict=True)) for row in rows]
    for sentence in sentences:
        if isinstance(sentence["mentions"], str):
            sentence["mentions"] = json.loads(sentence["mentions"])
    title, outlet, author, published, url, suggestion_id = rows[0][8:]
    suggestion = Suggestion.objects.filter(pk=suggestion_id).first() if suggestion_id else None
    return {
        "sentence": next(s for s in sentences if s["id"] == assignment.sentence_id),
        "before": [s for s in sentences if s["index"] < assignment.index],
        "after": [s for s in sentences if s["index"] > assignment.index],
        "source": {"id": assignment.source_id, "title": title, "outlet": outlet, "author": author,
                   "published": published, "url": url},
        "suggestion": suggestion_data(suggestion) if suggestion else None,
        "reserved_until": assignment.reserved_until,
    }


def next_item(*, project: Project, annotator: User, context: int = 2) -> dict | None:
    """The sentence reserved for the annotator, in its context (see reserve_next), or None when nothing is left."""
    assignment = reserve_next(project=project, annotator=annotator)
    return None if assignment is None else item_data(project=project, assignment=assignment, context=context)
