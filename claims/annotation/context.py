"""What an annotator is shown with a sentence: its neighbours, its source, the actors it names, the suggestion.

The same dictionaries feed the REST API's ``next`` and the web form. Nothing here shows another
annotator's labels, so it is blind by construction.
"""

import json

from claims.annotation.queue import Assignment, peek_next, reserve_next
from claims.db import prepared_cursor
from claims.models import Project, Suggestion, SuggestionRun, User
from claims.models.corpus import SentenceKind
from claims.models.suggest import ModelStatus
from claims.suggest.freshness import fresh_sql, scheme_key
from claims.suggest.prefill import why_weak
from claims.suggest.serve import RUN_COLUMNS, payload, status_line

# The sentence and its neighbours (no furniture) with their mentions, the source's metadata and the
# id of the live suggestion (a fresh one first) with whether it is fresh, in one query: this runs for
# every item an annotator is given.
_CONTEXT = f"""
SELECT s.id, s.source_id, s.index, s.start, s."end", s.text, s.kind,
       COALESCE((SELECT json_agg(json_build_object('actor', m.actor_id, 'actor_name', a.name, 'start', m.start,
                                                   'end', m."end") ORDER BY m.start)
                 FROM claims_actormention m JOIN claims_actor a ON a.id = m.actor_id
                 WHERE m.sentence_id = s.id), '[]'::json),
       src.title, src.outlet, src.author, src.published, src.url, live.id, live.fresh,
       run.status, run.created_at, run.started_at, run.heartbeat_at, run.message, run.progress,
       EXISTS (SELECT FROM claims_actor a WHERE a.project_id = src.project_id)
FROM claims_sentence s JOIN claims_source src ON src.id = s.source_id
LEFT JOIN LATERAL (SELECT g.id, {fresh_sql("g", "%(key)s")} AS fresh
                   FROM claims_suggestion g JOIN claims_modelversion v ON v.id = g.model_version_id
                   WHERE g.sentence_id = %(sentence)s AND v.status = %(live)s
                   ORDER BY 2 DESC, g.id DESC LIMIT 1) live ON true
-- The project's latest suggestion run: why there is no suggestion, when there is none.
LEFT JOIN LATERAL (SELECT r.* FROM claims_suggestionrun r WHERE r.project_id = src.project_id
                   ORDER BY r.created_at DESC LIMIT 1) run ON true
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
            "high": assignment.index + context, "furniture": SentenceKind.FURNITURE, "live": ModelStatus.LIVE,
            "key": scheme_key(project.scheme)})
        rows = cursor.fetchall()
    sentences = [dict(zip(_SENTENCE_COLUMNS, row[:8], strict=True)) for row in rows]
    for sentence in sentences:
        if isinstance(sentence["mentions"], str):
            sentence["mentions"] = json.loads(sentence["mentions"])
    title, outlet, author, published, url, suggestion_id, fresh = rows[0][8:15]
    # A stale suggestion (computed before its mentions, bounds or the labels changed) is not shown.
    suggestion = Suggestion.objects.filter(pk=suggestion_id).defer("embedding").first() if fresh else None
    run = SuggestionRun(**dict(zip(RUN_COLUMNS, rows[0][15:21], strict=True))) if rows[0][15] else None
    project_has_actors = rows[0][21]
    sentence = next(s for s in sentences if s["id"] == assignment.sentence_id)
    informed = bool(sentence["mentions"])
    return {
        "sentence": sentence,
        "before": [s for s in sentences if s["index"] < assignment.index],
        "after": [s for s in sentences if s["index"] > assignment.index],
        "source": {"id": assignment.source_id, "title": title, "outlet": outlet, "author": author,
                   "published": published, "url": url},
        "suggestion": payload(suggestion, threshold=project.suggestion_threshold, scheme=project.scheme,
                              informed=informed) if suggestion else None,
        # Annotation goes on without suggestions; this line says why there is none (worker down...).
        "suggestion_status": "" if suggestion else status_line(run, refreshing=suggestion_id is not None),
        # Why suggestions for this sentence cannot be good (no actors yet, none named here), or "".
        "suggestion_weak": why_weak(project_has_actors=project_has_actors, informed=informed),
        "reserved_until": assignment.reserved_until,
    }


def next_item(*, project: Project, annotator: User, context: int = 2, reserve: bool = True) -> dict | None:
    """The sentence reserved for the annotator, in its context (see reserve_next), or None when nothing is left;
    ``reserve=False``: the one they would be given, not reserved (peek_next)."""
    assignment = (reserve_next if reserve else peek_next)(project=project, annotator=annotator)
    return None if assignment is None else item_data(project=project, assignment=assignment, context=context)
