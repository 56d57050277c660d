"""Batch inference with the real packaged model: every body sentence once, idempotent, in the issue's shape."""

import numpy as np
import pytest

from claims.models import Actor, ModelVersion, Sentence, Suggestion, SuggestionRun
from claims.suggest.base_model import resolve_base_model
from claims.suggest.encoder import Encoder
from claims.suggest.heads import Heads
from claims.suggest.inference import pending_sentences, score_sentences, suggest_pending, write_suggestions
from claims.suggest.label_set import LabelSet
from claims.suggest.predict import Scorer
from claims.suggest.versions import live_version
from claims.suggest.worker import run_suggestions_now
from tests.suggest.fixture import fixture_items

ARTICLE = (
    "Veloria said on Monday that it would fund the new dam in the Halvik valley.\n\n"
    "Kastran rejected the plan and accused Veloria of ignoring farmers downstream.\n\n"
    "The river floods every spring.\n\n"
    "Veloria praised the Riverlands Bloc but condemned Kastran."
)


@pytest.fixture
def small_project(project, add_article):
    for name in ("Veloria", "Kastran", "Riverlands Bloc"):
        Actor.objects.create(project=project, name=name)
    add_article(ARTICLE)
    return project


def body(project):
    return Sentence.objects.filter(project=project, kind="body")


def test_every_body_sentence_gets_one_suggestion_in_the_issue_s_shape(small_project):
    counts = suggest_pending(project=small_project)
    version = live_version(project=small_project)
    assert version.kind == "cold_start" and counts == {"model_version": version.id, "sentences": 4, "written": 4}
    suggestions = {s.sentence_id: s for s in Suggestion.objects.filter(model_version=version)}
    sentences = {s.id: s for s in body(small_project)}
    assert set(suggestions) == set(sentences)
    actors = {a.name: a.id for a in Actor.objects.filter(project=small_project)}
    for sentence_id, suggestion in suggestions.items():
        sentence = sentences[sentence_id]
        assert 0 <= suggestion.has_claim <= 1 and 0 <= suggestion.uncertainty <= 1
        assert np.frombuffer(suggestion.embedding, dtype=np.float16).shape == (384,)
        scores = [c["score"] for c in suggestion.claims]
        assert scores == sorted(scores, reverse=True)
        for claim in suggestion.claims:
            assert sentence.start <= claim["start"] < claim["end"] <= sentence.end
            assert claim["subject"] in actors.values()
            assert set(claim["certainty"]) == {"asserted", "reported", "hedged", "denied"}
            assert abs(sum(claim["certainty"].values()) - 1) < 0.01
            if claim["target"] is None:
                assert claim["stance"] == {}
            else:
                assert set(claim["stance"]) == {"support", "oppose", "neutral"}
    by_text = {sentences[s].text: suggestions[s] for s in suggestions}
    river = by_text["The river floods every spring."]
    assert river.claims == [] and river.has_claim < 0.5
    said = by_text["Veloria said on Monday that it would fund the new dam in the Halvik valley."]
    assert said.claims[0]["claimant"] == actors["Veloria"] and not said.claims[0]["claimant_is_outlet"]
    accused = by_text["Kastran rejected the plan and accused Veloria of ignoring farmers downstream."]
    best = accused.claims[0]
    assert (best["subject"], best["target"]) == (actors["Kastran"], actors["Veloria"])
    assert max(best["stance"], key=best["stance"].get) == "oppose" == accused.label
    # One sentence, two pairs, two stances: each read from its own part of the sentence.
    mixed = {(c["subject"], c["target"]): c for c in by_text[
        "Veloria praised the Riverlands Bloc but condemned Kastran."].claims}
    for target, stance in (("Riverlands Bloc", "support"), ("Kastran", "oppose")):
        probabilities = mixed[(actors["Veloria"], actors[target])]["stance"]
        assert max(probabilities, key=probabilities.get) == stance, target


def test_a_second_run_and_a_repeated_write_change_nothing(small_project):
    suggest_pending(project=small_project)
    version = live_version(project=small_project)
    before = list(Suggestion.objects.order_by("id").values_list("id", "sentence_id", "created_at"))
    assert suggest_pending(project=small_project)["written"] == 0
    # A chunk redone after a lost worker: the same rows again are skipped, not duplicated.
    scorer = Scorer(*_scorer_parts(version))
    sentences = list(body(small_project).order_by("id"))
    inputs = pending_sentences(project_id=small_project.id, version_id=0, after=0, limit=100)
    assert [s.id for s in inputs] == [s.id for s in sentences]
    rows = list(score_sentences(scorer, inputs, batch_size=2))
    assert write_suggestions(version_id=version.id, rows=rows) == 0
    assert list(Suggestion.objects.order_by("id").values_list("id", "sentence_id", "created_at")) == before


def _scorer_parts(version):
    from claims.suggest.inference import scorer_for

    scorer = scorer_for(version)
    return scorer.encoder, scorer.heads


def test_the_command_s_run_is_recorded_like_the_worker_s(small_project, manager):
    run = run_suggestions_now(project=small_project, user=manager)
    assert run.status == "succeeded" and run.attempts == 1 and run.counts["written"] == 4
    assert run.model_version == live_version(project=small_project)
    assert SuggestionRun.objects.filter(project=small_project).count() == 1


def test_bfloat16_gives_the_same_labels_as_float32_on_the_fixture(monkeypatch):
    """The CPU default is bf16 where the CPU has it; its labels must match fp32's on ≥ 99% of sentences."""
    items = fixture_items()
    labels = LabelSet.of_scheme({"stance": [{"value": v} for v in ("support", "oppose", "neutral")]})
    answers = {}
    for dtype in ("float32", "bfloat16"):
        monkeypatch.setenv("SUGGEST_DTYPE", dtype)
        encoder = Encoder(resolve_base_model(), "cpu")
        scorer = Scorer(encoder, Heads(labels, encoder.embed(list(labels.descriptions)).sentences))
        inputs = [_as_input(number, item.text) for number, item in enumerate(items)]
        answers[dtype] = [(s.has_claim >= 0.5, s.label, _best_certainty(s)) for s in
                          score_sentences(scorer, inputs, batch_size=64)]
    same = sum(a == b for a, b in zip(answers["float32"], answers["bfloat16"], strict=True))
    assert same / len(items) >= 0.99


def _as_input(number, text):
    from claims.suggest.predict import SentenceInput

    return SentenceInput(number, text, 0, ())


def _best_certainty(scored):
    if not scored.claims:
        return None
    certainty = scored.claims[0]["certainty"]
    return max(certainty, key=certainty.get)


def test_a_version_promoted_during_a_run_gets_its_suggestions_in_the_same_run(small_project, settings):
    settings.SUGGEST_CHUNK_SIZE = 2
    first = live_version(project=small_project)
    promoted = []

    def promote_once(percent):
        if not promoted:  # after the first chunk: a training run promotes a new version
            ModelVersion.objects.filter(id=first.id).update(status="retired")
            promoted.append(ModelVersion.objects.create(project=small_project, base_model=first.base_model,
                                                        status="live", trained_on=first.trained_on))

    counts = suggest_pending(project=small_project, progress=promote_once)
    assert counts["model_version"] == promoted[0].id
    assert Suggestion.objects.filter(model_version=promoted[0]).count() == 4
    assert Suggestion.objects.filter(model_version=first).count() == 2  # its first chunk only
