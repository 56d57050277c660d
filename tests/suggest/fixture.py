"""The labelled fixture: invented news sentences with their claims, loaded into a project.

`fixtures/labelled.jsonl` holds 161 sentences from 32 invented articles about invented actors
(`fixtures/actors.json`), each with the claims a careful annotator would mark: span, subject,
target, claimant, stance and certainty (133 claims; 87 with a stance). It measures the cold start
with no labels at all, and gives tests and the learning-curve bench something learnable. Test and
bench code only: nothing in claims/ imports it (what the bench measured on it, for the model page,
is claims/suggest/fixtures/measured.json).
"""

import json
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

from django.db import transaction

from claims.actors.service import ActorSpec, import_actors
from claims.ingest.readers import RawArticle
from claims.ingest.service import import_articles
from claims.models import Actor, Annotation, Claim, Project, Sentence, User

FIXTURES = Path(__file__).parent / "fixtures"


@dataclass(frozen=True)
class FixtureItem:
    source: str
    title: str
    text: str
    claims: list[dict]


def fixture_items() -> list[FixtureItem]:
    with (FIXTURES / "labelled.jsonl").open() as lines:
        return [FixtureItem(**json.loads(line)) for line in lines]


def fixture_articles(items: list[FixtureItem]) -> list[RawArticle]:
    """One article per fixture source, one paragraph per sentence."""
    by_source = defaultdict(list)
    for item in items:
        by_source[item.source].append(item)
    return [RawArticle(text="\n\n".join(i.text for i in group), origin=f"{source}.txt", title=group[0].title,
                       outlet="Fixture Wire")
            for source, group in by_source.items()]


@transaction.atomic
def load_fixture(*, project: Project, annotator: User | None = None, labelled_sources: int | None = None) -> dict:
    """Import the fixture's actors and articles; with an annotator, also their labels on the first N sources.

    Returns {fixture source: [sentence ids]}; each sentence is found by its text among the body sentences.
    """
    specs = [ActorSpec(a["name"], a["kind"], tuple(a["aliases"]), a.get("parent"))
             for a in json.loads((FIXTURES / "actors.json").read_text())]
    import_actors(project=project, specs=specs)
    items = fixture_items()
    import_articles(project=project, articles=fixture_articles(items))
    sentences = {s.text: s for s in Sentence.objects.filter(project=project, kind="body")}
    actors = {a.name: a.id for a in Actor.objects.filter(project=project)}
    placed = defaultdict(list)
    order = list(dict.fromkeys(item.source for item in items))
    labelled = set(order[:labelled_sources] if labelled_sources is not None else order)
    for item in items:
        sentence = sentences[item.text]
        placed[item.source].append(sentence.id)
        if annotator is not None and item.source in labelled:
            _label(project, annotator, sentence, item, actors)
    return dict(placed)


def _label(project: Project, annotator: User, sentence: Sentence, item: FixtureItem, actors: dict) -> None:
    annotation = Annotation.objects.create(project=project, sentence=sentence, annotator=annotator)
    for claim in item.claims:
        start = sentence.start + item.text.index(claim["text"])
        Claim.objects.create(
            sentence=sentence, annotation=annotation, start=start, end=start + len(claim["text"]), text=claim["text"],
            subject_id=actors.get(claim["subject"]), target_id=actors.get(claim["target"]),
            claimant_id=actors.get(claim["claimant"]), claimant_is_outlet=claim["claimant_is_outlet"],
            stance=claim["stance"], certainty=claim["certainty"],
        )
