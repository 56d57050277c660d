"""Fine-tuned versions with the real packaged model on the labelled fixture: measured, stored, loaded back,
dropped when worse; skipped (with the reason) when the project has too few labels."""

from pathlib import Path

import numpy as np
import pytest
from django.conf import settings

from claims.models import ModelVersion, Source
from claims.suggest.encoder import load_encoder
from claims.suggest.finetune import BATCH_SIZE, finetune_skipped, finetuned_version, stance_inputs
from claims.suggest.inference import scorer_for
from claims.suggest.labels import held_out_sources
from claims.suggest.training import encode_labels, measure, training_set
from claims.suggest.versions import heads_for
from claims.suggest.worker import train_now
from tests.suggest.test_training import flip_stances


def stored() -> list[Path]:
    """Everything under the project's models folder: version files and folders, and any staging left behind."""
    return sorted(p for p in (Path(settings.MEDIA_ROOT) / "models").glob("*/*"))


@pytest.fixture
def quick_finetune(settings):
    # One epoch (5 steps on the fixture's training stance claims): the test is about the lifecycle.
    settings.SUGGEST_FINETUNE_MIN_CLAIMS = 20
    settings.SUGGEST_FINETUNE_EPOCHS = 1


def sources() -> set[int]:
    return set(Source.objects.values_list("id", flat=True))


def encoded(project):
    labelled = training_set(project=project)
    labelled.encode(lambda percent: None)
    return labelled


def test_a_finetuned_version_is_measured_stored_loads_back_and_a_worse_one_is_dropped(
        labelled_project, quick_finetune, django_capture_on_commit_callbacks, manager, as_user, client):
    labelled = encoded(labelled_project)
    with django_capture_on_commit_callbacks(execute=True):
        version = finetuned_version(labelled)
    assert version.kind == "finetuned" and version.status == "live" and version.note == "first trained version"
    metrics, done = version.metrics, version.trained_on["finetune"]
    assert metrics["score"] > metrics["baseline_score"] + 0.3
    for head in ("has_claim", "stance", "certainty"):  # the shape of a heads version's metrics
        report = metrics["heads"][head]
        assert report["n"] == metrics["baseline"][head]["n"] == metrics["cold_start"]["heads"][head]["n"] > 0
        assert {"precision", "recall"} <= set(next(iter(report["labels"].values())))
        assert sum(map(sum, report["confusion"]["matrix"])) == report["n"]
    assert version.labelled_claims == 133 and version.train_size + version.heldout_size == 161
    examples = len(stance_inputs(labelled.data, labelled.labels, labelled.train))  # the training sources' only
    assert done["examples"] == examples < len(stance_inputs(labelled.data, labelled.labels, set(sources())))
    assert done["epochs"] == 1 and done["steps"] == -(-examples // BATCH_SIZE)
    # One epoch of five steps is too short for the loss to fall reliably on every machine (batch noise);
    # that fine-tuning learns is measured by bench/suggest.py --curve --finetune. Here: it trained, sanely.
    assert all(0 < done[key] < 10 for key in ("first_loss", "last_loss"))
    assert version.duration_seconds >= done["seconds"] > 0 and version.base_model == labelled.base_model

    # The weights: the encoder (safetensors, with its tokenizer) and the heads in the version's folder.
    folder = Path(settings.MEDIA_ROOT) / version.weights_path
    assert {"model.safetensors", "config.json", "tokenizer.json", "heads.safetensors"} <= {p.name for p in
                                                                                          folder.iterdir()}
    assert stored() == [folder]  # no staging folder left behind
    # Loaded back, they score sentences and give the figures measured when the version was made.
    scorer = scorer_for(version)
    assert scorer.encoder.name == str(folder)
    held = [item for item in labelled.data if item.source_id in labelled.heldout]
    sentence = next(item.sentence for item in held if any(c.target for c in item.claims))
    base = load_encoder(labelled.base_model).embed([sentence.text]).sentences[0]
    assert not np.allclose(scorer.encoder.embed([sentence.text]).sentences[0], base, atol=1e-3)  # it was tuned
    [suggestion] = scorer.score(scorer.prepare([sentence]))
    assert suggestion.sentence_id == sentence.id
    assert sum(suggestion.claims[0]["stance"].values()) == pytest.approx(1, abs=1e-3)
    again = measure(heads_for(version), encode_labels(scorer.encoder, labelled.labels, held), labelled.heldout)
    assert {h: again[h]["macro_f1"] for h in again if h != "pair"} == \
           {h: metrics["heads"][h]["macro_f1"] for h in again if h != "pair"}

    # Support and oppose swapped in the training sources only: a training run (heads, then the fine-tune,
    # as the worker runs it) learns the opposite, the held-out sources show it, and neither version is
    # promoted nor kept.
    flip_stances(labelled_project, sources=sources() - held_out_sources(project_id=labelled_project.id,
                                                                        source_ids=sources()))
    percents = []
    with django_capture_on_commit_callbacks(execute=True):
        run = train_now(project=labelled_project, progress=percents.append)
    heads, worse = ModelVersion.objects.filter(id__in=[v["id"] for v in run.counts["versions"]]).order_by("id")
    assert (heads.kind, worse.kind) == ("heads", "finetuned") and run.counts["finetune"] == f"made v{worse.id}"
    assert not run.counts["live"] and run.model_version_id == worse.id and heads.status == "retired"
    assert percents == sorted(percents) and percents[-1] >= 90
    version.refresh_from_db()
    assert worse.status == "retired" and version.status == "live" and "not promoted" in worse.note
    assert worse.metrics["live"]["version"] == version.id
    assert worse.metrics["score"] < worse.metrics["live"]["score"] == version.metrics["score"]
    assert worse.weights_path == "" and stored() == [folder]

    # The model page and the API show both with their figures, as they show heads versions.
    client.force_login(manager)
    page = client.get(f"/projects/{labelled_project.id}/models/").content.decode()
    assert f'id="live-version">v{version.id} · finetuned' in page and f"{version.metrics['score']:.3f}" in page
    assert f"{version.train_size} / {version.heldout_size}" in page and "fine-tuned (mean)" in page
    detail = as_user(manager).get(f"/api/projects/{labelled_project.id}/models/{worse.id}/").json()
    assert detail["kind"] == "finetuned" and detail["metrics"]["heads"]["stance"]["confusion"]
    assert detail["trained_on"]["finetune"]["steps"] == done["steps"]
    assert detail["live_score"] == version.metrics["score"]


def test_too_few_labels_skip_the_finetune_and_say_why(labelled_project, settings):
    labelled = training_set(project=labelled_project)  # no model loaded: the reasons are cheap
    assert finetune_skipped(labelled) == ("no fine-tune: 133 labelled claims, it needs 200 "
                                          "(SUGGEST_FINETUNE_MIN_CLAIMS)")
    settings.SUGGEST_FINETUNE_MIN_CLAIMS = 100
    assert finetune_skipped(labelled) == ""
    settings.SUGGEST_FINETUNE_EPOCHS = 0
    assert finetune_skipped(labelled).startswith("no fine-tune: turned off")
    settings.SUGGEST_FINETUNE_EPOCHS = 2
    labelled.data = [item for item in labelled.data if all(c.stance in ("support", "") for c in item.claims)]
    assert finetune_skipped(labelled) == ("no fine-tune: the training sources' claims have fewer than two "
                                          "different stances")
    assert not ModelVersion.objects.exists()
