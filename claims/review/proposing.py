"""The proposer: groups claims of different sources that state the same thing into proposed propositions.

Runs in the worker (a `ProposalRun` through claims.jobs) or in a command: it reads embeddings and
may load the sentence encoder. Claims are candidates when they are gold, or, in a sentence with no
gold yet, the claims of its first annotation (one annotator's, so a statement is not grouped with
its own copies). Claims already in an accepted proposition stay where editors put them; earlier
proposals nobody accepted are replaced.

Two claims are grouped when they have the same subject and target actors and their embeddings are
close (cosine ≥ SIMILARITY). The embedding is the sentence's, stored by the suggestion engine; a
sentence without one is embedded with the packaged encoder on the claim's text. A group becomes a
proposal only if its claims come from two sources or more: one source is not "across sources".
Leader clustering (each claim joins the first group whose leader is close enough) keeps the work
proportional to claims × groups within one actor pair, not claims².
"""

from collections import defaultdict

import numpy as np
from django.db import transaction

from claims.jobs import Progress, run_job
from claims.models import Actor, Annotation, Claim, Project, ProposalRun, Proposition, Suggestion
from claims.models.annotation import PropositionStatus
from claims.suggest.base_model import resolve_base_model
from claims.suggest.encoder import load_encoder

SIMILARITY = 0.6
BATCH = 64


def _candidates(project: Project) -> list[tuple]:
    """(claim id, sentence id, source id, subject, target, text) of every candidate claim."""
    first = {}
    for annotation_id, sentence_id in (Annotation.objects.filter(project=project, sentence__adjudication__isnull=True)
                                       .order_by("created_at", "id").values_list("id", "sentence_id")):
        first.setdefault(sentence_id, annotation_id)
    free = Claim.objects.exclude(proposition__status=PropositionStatus.ACCEPTED)
    columns = ("id", "sentence_id", "sentence__source_id", "subject_id", "target_id", "text")
    gold = free.filter(adjudication__project=project).values_list(*columns)
    annotated = free.filter(annotation_id__in=list(first.values())).values_list(*columns)
    return sorted([*gold, *annotated])


def _embeddings(project: Project, claims: list[tuple]) -> np.ndarray:
    """One L2-normalised row per claim: its sentence's stored embedding, or the encoder's for its text."""
    stored = {}
    for sentence_id, blob in (Suggestion.objects.filter(sentence_id__in={c[1] for c in claims}, embedding__isnull=False)
                              .order_by("id").values_list("sentence_id", "embedding")):
        stored[sentence_id] = np.frombuffer(bytes(blob), dtype=np.float16).astype(np.float32)
    missing = [n for n, c in enumerate(claims) if c[1] not in stored]
    vectors: list[np.ndarray | None] = [stored.get(c[1]) for c in claims]
    if missing:
        encoder = load_encoder(resolve_base_model(project.base_model))
        for start in range(0, len(missing), BATCH):
            chunk = missing[start:start + BATCH]
            encoded = encoder.embed([claims[n][5] for n in chunk]).sentences
            for n, row in zip(chunk, encoded, strict=True):
                vectors[n] = row
    if len({len(v) for v in vectors}) > 1:  # stored by another base model: embed them all alike
        encoder = load_encoder(resolve_base_model(project.base_model))
        vectors = [row for s in range(0, len(claims), BATCH)
                   for row in encoder.embed([c[5] for c in claims[s:s + BATCH]]).sentences]
    matrix = np.vstack(vectors) if vectors else np.zeros((0, 1), dtype=np.float32)
    return matrix / np.maximum(np.linalg.norm(matrix, axis=1, keepdims=True), 1e-9)


def group_claims(claims: list[tuple], vectors: np.ndarray, *, similarity: float = SIMILARITY) -> list[list[int]]:
    """Indexes of claims grouped by actor pair and embedding (see the module's docstring), two sources or more."""
    by_pair = defaultdict(list)
    for n, claim in enumerate(claims):
        by_pair[(claim[3], claim[4])].append(n)
    groups = []
    for members in by_pair.values():
        leaders: list[int] = []
        clusters: list[list[int]] = []
        for n in members:
            if leaders:
                scores = vectors[leaders] @ vectors[n]
                best = int(np.argmax(scores))
                if scores[best] >= similarity:
                    clusters[best].append(n)
                    continue
            leaders.append(n)
            clusters.append([n])
        groups += [c for c in clusters if len({claims[n][2] for n in c}) >= 2]
    return groups


def _text(project: Project, claims: list[tuple], group: list[int]) -> str:
    names = dict(Actor.objects.filter(project=project, id__in={claims[group[0]][3], claims[group[0]][4]} - {None})
                 .values_list("id", "name"))
    shortest = min((claims[n][5] for n in group), key=len).strip()
    actors = " → ".join(names[a] for a in (claims[group[0]][3], claims[group[0]][4]) if a in names)
    return (f"{actors}: {shortest}" if actors else shortest)[:1000] or "(no text)"


def propose(*, project: Project, progress: Progress | None = None) -> dict:
    """Replace the project's unaccepted proposals with new ones; returns counts. All or nothing."""
    report = progress or (lambda percent, message=None: None)
    with transaction.atomic():
        Proposition.objects.filter(project=project, status=PropositionStatus.PROPOSED).delete()
        claims = _candidates(project)
        report(10, f"{len(claims)} claims to group")
        vectors = _embeddings(project, claims)
        report(60, "grouping")
        groups = group_claims(claims, vectors)
        made = Proposition.objects.bulk_create([
            Proposition(project=project, text=_text(project, claims, group), status=PropositionStatus.PROPOSED)
            for group in groups])
        for proposition, group in zip(made, groups, strict=True):
            Claim.objects.filter(id__in=[claims[n][0] for n in group]).update(proposition=proposition)
    return {"claims": len(claims), "proposed": len(made), "grouped_claims": sum(map(len, groups))}


def run_proposal_job(*, run_id: int) -> ProposalRun | None:
    """Run a queued proposal run once through the job runner (None if it was not queued)."""
    return run_job(model=ProposalRun, job_id=run_id, work=lambda run, progress: propose(project=run.project,
                                                                                          progress=progress))
