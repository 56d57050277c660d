"""Anchoring check on the labelled fixture (run by hand): how often suggestions would be accepted.

An annotator who labels every fixture sentence exactly as its gold labels say works through the
project with the live suggestion shown, through the same saving service as the form, so each
annotation records whether the suggestion was accepted, edited or rejected. First half of the
fixture's articles with the cold-start model; then the model trains on those labels, suggests
again, and the second half is labelled with whatever version is then live. Prints the outcome
table per version and suggested label (the model page's acceptance table) and the totals:

    python bench/acceptance.py

It creates a throw-away project and deletes it at the end. With no DATABASE_URL the embedded
PostgreSQL starts. The fixture is invented news-like text (tests/suggest/fixtures), so these are
the figures of a perfectly consistent annotator on it, not of a real team.
"""

import os
import sys
import time
import uuid
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "annotate.settings")
os.environ.setdefault("HF_HUB_OFFLINE", "1")


def main() -> None:
    import django

    django.setup()
    from claims.annotation.saving import AnnotationInput, ClaimInput, create_annotation
    from claims.models import Actor, Role, Sentence, Suggestion, User
    from claims.projects import add_member, create_project
    from claims.suggest.report import OUTCOMES, acceptance
    from claims.suggest.worker import run_suggestions_now, train_now
    from tests.suggest.fixture import fixture_items, load_fixture

    tag = uuid.uuid4().hex[:8]
    project = create_project(name=f"bench acceptance {tag}", slug=f"bench-acceptance-{tag}")
    annotator = User.objects.create_user(f"bench-acceptance-{tag}")
    add_member(project=project, user=annotator, role=Role.ANNOTATOR)
    try:
        placed = load_fixture(project=project)
        actors = {a.name: a.id for a in Actor.objects.filter(project=project)}
        gold = {item.text: item for item in fixture_items()}
        sources = list(placed)
        halves = (sources[: len(sources) // 2], sources[len(sources) // 2 :])

        def label(source_names: list[str]) -> None:
            for name in source_names:
                for sentence in Sentence.objects.filter(id__in=placed[name]).order_by("id"):
                    live = (Suggestion.objects.filter(sentence=sentence, model_version__status="live")
                            .values_list("id", flat=True).first())
                    claims = []
                    for claim in gold[sentence.text].claims:
                        start = sentence.start + sentence.text.index(claim["text"])
                        claims.append(ClaimInput(
                            start=start, end=start + len(claim["text"]), subject=actors.get(claim["subject"]),
                            target=actors.get(claim["target"]), claimant=actors.get(claim["claimant"]),
                            claimant_is_outlet=claim["claimant_is_outlet"], stance=claim["stance"],
                            certainty=claim["certainty"]))
                    create_annotation(project=project, annotator=annotator, sentence_id=sentence.id,
                                      data=AnnotationInput(claims=tuple(claims), suggestion=live))

        started = time.perf_counter()
        run_suggestions_now(project=project)
        label(halves[0])
        train = train_now(project=project)
        run_suggestions_now(project=project)
        label(halves[1])
        print(f"fixture: {sum(len(ids) for ids in placed.values())} sentences in {len(sources)} articles; "
              f"training run: {train.counts.get('versions')} ({time.perf_counter() - started:.0f} s in all)")
        totals: Counter = Counter()
        print(f"{'version':>7}  {'suggested':<10} {'accepted':>8} {'edited':>7} {'rejected':>8}")
        for row in acceptance(project):
            print(f"{row['model_version']:>7}  {row['label']:<10} {row['accepted']:>8} {row['edited']:>7} "
                  f"{row['rejected']:>8}")
            totals.update({key: row[key] for key in (*OUTCOMES, "total")})
        if totals["total"]:
            shares = ", ".join(f"{key} {totals[key] / totals['total']:.0%}" for key in OUTCOMES)
            print(f"all: {totals['total']} annotations with a suggestion: {shares}")
    finally:
        project.delete()
        annotator.delete()


if __name__ == "__main__":
    main()
