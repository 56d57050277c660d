"""Training on the labelled fixture with the real packaged model: measured, promoted only if better, tidy."""

from pathlib import Path

import pytest
from django.conf import settings

from claims.models import Claim, ModelVersion
from claims.suggest.errors import SuggestError
from claims.suggest.labels import held_out_sources
from claims.suggest.versions import live_version
from claims.suggest.worker import train_versions
from tests.suggest.fixture import load_fixture

FLIP = {"support": "oppose", "oppose": "support"}


def weights(version: ModelVersion) -> Path:
    return Path(settings.MEDIA_ROOT) / version.weights_path


def stored_weights() -> list[Path]:
    return sorted((Path(settings.MEDIA_ROOT) / "models").rglob("*.safetensors"))


def test_a_version_trained_on_the_fixture_beats_the_baseline_and_goes_live(labelled_project):
    trained = train_versions(project=labelled_project)
    version, metrics = trained.heads, trained.heads.metrics
    # 133 labelled claims are fewer than SUGGEST_FINETUNE_MIN_CLAIMS: no fine-tune, and the version says why.
    assert trained.finetuned is None and version.trained_on["finetune"]["skipped"] == trained.finetune_note
    assert version.note == "first trained version; no fine-tune: 133 labelled claims, it needs 200 " \
                           "(SUGGEST_FINETUNE_MIN_CLAIMS)"
    assert version.status == "live" and version.kind == "heads"
    assert metrics["score"] > metrics["baseline_score"] + 0.3
    for head in ("has_claim", "stance", "certainty"):
        assert metrics["heads"][head]["macro_f1"] > metrics["baseline"][head]["macro_f1"], head
        assert metrics["heads"][head]["n"] == metrics["baseline"][head]["n"] > 0  # the same held-out items
    stance = metrics["heads"]["stance"]
    assert set(stance["labels"]) == {"support", "oppose", "neutral"}
    assert len(stance["confusion"]["matrix"]) == 3 and sum(map(sum, stance["confusion"]["matrix"])) == stance["n"]
    assert version.labelled_claims == 133 and version.train_size + version.heldout_size == 161
    assert version.duration_seconds > 0 and version.base_model.endswith("model")
    assert weights(version).is_file() and stored_weights() == [weights(version)]


def test_a_worse_version_is_not_promoted_and_keeps_no_weights(labelled_project, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        good = train_versions(project=labelled_project).heads
    # Flip support and oppose in the training sources only: the next version learns the opposite,
    # and the held-out sources (labelled correctly) show it.
    sources = set(labelled_project.sources.values_list("id", flat=True))
    heldout = held_out_sources(project_id=labelled_project.id, source_ids=sources)
    flip_stances(labelled_project, sources=sources - heldout)
    with django_capture_on_commit_callbacks(execute=True):
        worse = train_versions(project=labelled_project).heads
    good.refresh_from_db()
    assert worse.status == "retired" and good.status == "live"
    assert worse.metrics["score"] < worse.metrics["live"]["score"] == good.metrics["score"]
    assert "not promoted" in worse.note
    assert worse.weights_path == "" and stored_weights() == [weights(good)]


def flip_stances(project, *, sources=None) -> None:
    claims = Claim.objects.filter(sentence__project=project, stance__in=FLIP)
    for claim in claims.filter(sentence__source__in=sources) if sources is not None else claims:
        claim.stance = FLIP[claim.stance]
        claim.save(update_fields=["stance"])


def test_a_better_version_replaces_the_live_one_and_its_weights_go(labelled_project,
                                                                  django_capture_on_commit_callbacks):
    flip_stances(labelled_project)  # a team that had support and oppose the wrong way round...
    first = train_versions(project=labelled_project).heads  # no live version yet: it goes live
    old_weights = weights(first)
    flip_stances(labelled_project)  # ...and put it right
    with django_capture_on_commit_callbacks(execute=True):
        second = train_versions(project=labelled_project).heads
    first.refresh_from_db()
    assert second.status == "live" and first.status == "retired"
    assert second.metrics["score"] > second.metrics["live"]["score"]
    assert first.weights_path == "" and not old_weights.exists() and stored_weights() == [weights(second)]


def test_training_needs_twenty_labelled_claims(project, annotator):
    load_fixture(project=project, annotator=annotator, labelled_sources=2)
    with pytest.raises(SuggestError, match=r"at least 20 labelled claims; this project has 9\. Label 11 more"):
        train_versions(project=project)
    assert not ModelVersion.objects.filter(project=project).exists() and not stored_weights()


def test_a_scheme_with_one_stance_label_is_refused(labelled_project):
    labelled_project.label_scheme = {"stance": [{"value": "support", "label": "Support"}], "certainty": []}
    labelled_project.save()
    with pytest.raises(SuggestError, match="1 stance label .'support'.: a classifier needs at least two"):
        train_versions(project=labelled_project)
    with pytest.raises(SuggestError):
        live_version(project=labelled_project)
    assert not ModelVersion.objects.filter(project=labelled_project).exists()


def test_an_unknown_base_model_is_refused(labelled_project, tmp_path):
    labelled_project.base_model = str(tmp_path / "no-such-model")
    labelled_project.save()
    with pytest.raises(SuggestError, match="no-such-model': no such folder"):
        train_versions(project=labelled_project)
    labelled_project.base_model = "someone/not-downloaded-model"
    labelled_project.save()
    with pytest.raises(SuggestError, match="not in the Hugging Face cache"):
        train_versions(project=labelled_project)
    assert not ModelVersion.objects.filter(project=labelled_project).exists() and not stored_weights()
