"""python manage.py export_model and the model page's download: a folder that loads with transformers, heads, a card."""

import io
import json
import zipfile
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command
from django.urls import reverse

from claims.export.jobs import run_export_job
from claims.models import ExportJob
from claims.suggest.worker import train_versions
from tests.suggest.fixture import load_fixture

pytestmark = pytest.mark.django_db


def run(*args) -> str:
    out = io.StringIO()
    call_command("export_model", *args, stdout=out, stderr=io.StringIO())
    return out.getvalue()


def test_the_live_trained_model_loads_with_transformers_and_its_card_has_the_held_out_figures(project, annotator,
                                                                                              tmp_path):
    from safetensors.numpy import load_file
    from transformers import AutoModel, AutoTokenizer

    load_fixture(project=project, annotator=annotator)
    version = train_versions(project=project).heads
    said = run("--project", project.slug, "--out", str(tmp_path / "m"))
    assert f"model version {version.id} (heads)" in said
    model, tokenizer = AutoModel.from_pretrained(tmp_path / "m"), AutoTokenizer.from_pretrained(tmp_path / "m")
    assert model.config.hidden_size == 384 and tokenizer("Kastran rejected it.")["input_ids"]
    heads = load_file(str(tmp_path / "m" / "heads.safetensors"))
    labels = json.loads((tmp_path / "m" / "labels.json").read_text())
    assert heads["stance.weight"].shape[0] == len(labels["stance"]) == 3
    assert heads["stance.description_embeddings"].shape == (3, 384)
    training = json.loads((tmp_path / "m" / "training.json").read_text())
    assert training["version"] == version.id and training["labelled_claims"] == 133
    assert len(training["manifest_id"]) == 16
    card = (tmp_path / "m" / "README.md").read_text()
    stance_f1 = version.metrics["heads"]["stance"]["macro_f1"]
    baseline_f1 = version.metrics["baseline"]["stance"]["macro_f1"]
    assert f"| stance | (macro) | {stance_f1} | {baseline_f1} |" in card
    assert version.base_model in card and training["manifest_id"] in card and "| certainty | asserted |" in card


def test_an_unknown_version_is_refused_and_writes_nothing(project, tmp_path):
    with pytest.raises(CommandError, match="has no model version 999999"):
        run("--project", project.slug, "--version", "999999", "--out", str(tmp_path / "m"))
    assert not (tmp_path / "m").exists()


def test_the_model_page_download_is_a_job_whose_zip_holds_the_model(client, manager, annotator, project):
    client.force_login(annotator)
    assert client.post(reverse("model-export", args=[project.id])).status_code == 403
    client.force_login(manager)
    response = client.post(reverse("model-export", args=[project.id]))
    job = ExportJob.objects.get(project=project)
    assert response.status_code == 302 and response["Location"] == reverse("export-job", args=[project.id, job.id])
    assert job.format == "model"
    run_export_job(job_id=job.id)
    job.refresh_from_db()
    assert job.status == "succeeded"
    with zipfile.ZipFile(Path(settings.MEDIA_ROOT) / job.file_path) as zipped:
        names = {Path(name).name for name in zipped.namelist()}
    assert {"config.json", "model.safetensors", "heads.safetensors", "labels.json", "README.md"} <= names
    assert "The suggestion model, version" in client.get(reverse("export-job", args=[project.id, job.id])).text
