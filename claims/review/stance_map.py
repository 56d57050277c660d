"""The stance map: who stands where according to whom, from the claims (gold where a sentence has it).

Nodes are actors; an edge is (subject, target, stance) with the number of claims behind it and their
sentences. A sentence without gold counts each distinct (subject, target, stance) its annotators
gave once, so k annotators agreeing do not weigh k times. Per outlet: only that outlet's sources.
"""

from collections import defaultdict

from django.db.models import Q

from claims.models import Actor, Claim, Project, Source

MAX_SENTENCES_PER_EDGE = 50


def outlets(*, project: Project) -> list[str]:
    return list(Source.objects.filter(project=project).exclude(outlet="").order_by("outlet")
                .values_list("outlet", flat=True).distinct())


def stance_map(*, project: Project, outlet: str = "") -> dict:
    """{"outlet", "nodes": [{id, name, kind}], "edges": [{subject, target, stance, weight, sentences}]}."""
    claims = Claim.objects.filter(Q(adjudication__project=project) | Q(
        annotation__project=project, sentence__adjudication__isnull=True), subject__isnull=False,
        target__isnull=False).exclude(stance="")
    if outlet:
        claims = claims.filter(sentence__source__outlet=outlet)
    edges: dict[tuple, set[int]] = defaultdict(set)
    for sentence_id, subject, target, stance in claims.values_list("sentence_id", "subject_id", "target_id", "stance"):
        edges[(subject, target, stance)].add(sentence_id)
    actors = {a.pk: a for a in Actor.objects.filter(project=project, id__in={x for e in edges for x in e[:2]})}
    return {
        "outlet": outlet,
        "nodes": [{"id": a.pk, "name": a.name, "kind": a.kind} for a in sorted(actors.values(), key=lambda a: a.name)],
        "edges": [{"subject": s, "target": t, "stance": stance, "weight": len(sentences),
                   "sentences": sorted(sentences)[:MAX_SENTENCES_PER_EDGE]}
                  for (s, t, stance), sentences in sorted(edges.items(), key=lambda e: (-len(e[1]), e[0]))],
    }
