"""What a suggestion was computed from, as one fingerprint: fresh and stale suggestions.

A suggestion row records, in `inputs`, an MD5 of everything it was computed from besides its model
version (a column of its own): the sentence's kind and bounds (the source text never changes, so
they fix its text), the actors it names and where (its mentions), and the labels the model reads
from the scheme (stance values and the descriptions that seed the cold start, certainty values),
plus SUGGESTER_REVISION, the code's own. The fingerprint is computed in SQL by one expression
(`inputs_sql`), both when the worker reads a sentence to score it and whenever anyone asks whether
a stored suggestion is fresh, so the two can never disagree. A suggestion whose fingerprint is not
the sentence's current one is stale: the form and the API say it is being refreshed instead of
showing it, and the next suggestion run computes a fresh row beside it (rows are never rewritten:
an annotation may point at the stale one, and it keeps what was shown).

Whatever changes an input (a re-match of actor mentions, an editor's correction, split or merge, a
change of the label scheme) calls `claims.suggest.runs.inputs_changed`, which queues a run once
its transaction commits; that run scores exactly the stale and missing sentences. Nothing needs to
be marked: a change made some other way (the admin, SQL) is found by the same comparison when the
next run starts, or by `suggest --stale`.

Request side: no numerical imports (web requests ask whether a suggestion is fresh).
"""

import hashlib
import json

from django.db import connection
from django.db.models import BooleanField, QuerySet
from django.db.models.expressions import RawSQL

from claims.scheme import Scheme
from claims.suggest.errors import SuggestError
from claims.suggest.label_set import LabelSet

# Raise this when a change of the suggestion code changes what the same inputs give (a new cold
# start, new wording rules): every stored suggestion then counts as stale and is recomputed.
SUGGESTER_REVISION = "2"


def scheme_key(scheme: Scheme) -> str:
    """The part of the fingerprint that comes from the label scheme (and the code's revision)."""
    try:
        labels = LabelSet.of_scheme(scheme).as_dict()
    except SuggestError:
        labels = None  # no suggestions for such a scheme; any key will do
    return hashlib.md5(json.dumps([SUGGESTER_REVISION, labels], sort_keys=True).encode()).hexdigest()


def inputs_sql(sentence: str, key_param: str) -> str:
    """SQL for the fingerprint of the sentence row aliased `sentence`, given the scheme key's placeholder."""
    return (
        f"md5(concat_ws('|', {key_param}::text, {sentence}.kind, {sentence}.start, {sentence}.\"end\", "
        "(SELECT string_agg(m.actor_id || ':' || m.start || '-' || m.\"end\", ',' "
        "ORDER BY m.start, m.\"end\", m.actor_id) "
        f"FROM claims_actormention m WHERE m.sentence_id = {sentence}.id)))"
    )


def fresh_sql(suggestion: str, key_param: str) -> str:
    """SQL that is true when the suggestion row aliased `suggestion` matches its sentence's inputs now."""
    return (f"{suggestion}.inputs = (SELECT {inputs_sql('fs', key_param)} FROM claims_sentence fs "
            f"WHERE fs.id = {suggestion}.sentence_id)")


def with_freshness(suggestions: QuerySet, scheme: Scheme) -> QuerySet:
    """The suggestions, each with `fresh`: whether it was computed from its sentence's inputs as they are now."""
    return suggestions.annotate(fresh=RawSQL(fresh_sql("claims_suggestion", "%s"), [scheme_key(scheme)],
                                             output_field=BooleanField()))


def coverage(*, project_id: int, version_id: int, key: str) -> dict[str, int]:
    """Body sentences, and how many have a fresh suggestion from the version and how many only stale ones."""
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT count(*), count(*) FILTER (WHERE fresh), count(*) FILTER (WHERE NOT fresh) FROM ("
            f"  SELECT bool_or(g.inputs = {inputs_sql('s', '%(key)s')}) AS fresh FROM claims_sentence s "
            "   LEFT JOIN claims_suggestion g ON g.sentence_id = s.id AND g.model_version_id = %(version)s "
            "   WHERE s.project_id = %(project)s AND s.kind = 'body' GROUP BY s.id) per_sentence",
            {"key": key, "version": version_id, "project": project_id})
        body, fresh, stale = cursor.fetchone()
    return {"body_sentences": body, "with_live_suggestion": fresh, "stale": stale}


def current_inputs(*, sentence_ids: list[int], scheme: Scheme) -> dict[int, str]:
    """The fingerprint of each sentence's inputs now: what a fresh suggestion of it records."""
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT s.id, {inputs_sql('s', '%(key)s')} FROM claims_sentence s WHERE s.id = ANY(%(ids)s)",
                       {"key": scheme_key(scheme), "ids": list(sentence_ids)})
        return dict(cursor.fetchall())
