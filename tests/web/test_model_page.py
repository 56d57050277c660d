"""The model page: managers and editors see versions, curve and problems; buttons queue runs or say why not."""

from claims.models import ModelVersion, SuggestionRun, TrainingRun
from claims.suggest.label_set import LabelSet


def test_only_managers_and_editors_see_the_model_page(project, manager, editor, annotator, outsider, login):
    url = f"/projects/{project.id}/models/"
    assert login(manager).get(url).status_code == 200
    assert login(editor).get(url).status_code == 200
    assert login(annotator).get(url).status_code == 403
    assert login(outsider).get(url).status_code == 404


def test_versions_and_the_learning_curve_are_shown(project, manager, login):
    labels = {"labels": LabelSet.of_scheme(project.scheme).as_dict()}
    for claims, score in ((25, 0.61), (60, 0.74)):
        ModelVersion.objects.create(
            project=project, kind="heads", base_model="m", status="retired", trained_on=labels,
            labelled_claims=claims, note="<b>not promoted</b>",
            metrics={"score": score, "baseline_score": 0.3, "cold_start": {"score": 0.55},
                     "heads": {"stance": {"macro_f1": score - 0.05, "n": 10}},
                     "baseline": {"stance": {"macro_f1": 0.2, "n": 10}}})
    page = login(manager).get(f"/projects/{project.id}/models/").content.decode()
    assert 'id="versions"' in page and "0.740" in page and "(0.300)" in page
    assert "&lt;b&gt;not promoted&lt;/b&gt;" in page  # notes are escaped
    assert "<svg" in page and "<polyline" in page and "<script" not in page
    assert "Measured on the labelled fixture" in page  # the committed fixture measures
    assert "fine-tuned (stance)" in page  # with the fine-tuned encoder at the largest label count


def test_a_finetuned_version_is_shown_like_a_heads_version(project, manager, login):
    labels = {"labels": LabelSet.of_scheme(project.scheme).as_dict()}
    report = {"macro_f1": 0.9, "n": 12}
    for kind, score, note in (("heads", 0.81, "no fine-tune: 150 labelled claims, it needs 200"),
                              ("finetuned", 0.876, "live: held-out score 0.876 beats the heads' 0.810")):
        version = ModelVersion.objects.create(
            project=project, kind=kind, base_model="m", status="live" if kind == "finetuned" else "retired",
            trained_on=labels, labelled_claims=240, train_size=180, heldout_size=61, duration_seconds=95.4, note=note,
            metrics={"score": score, "baseline_score": 0.3, "cold_start": {"score": 0.55},
                     "heads": {"has_claim": report, "stance": {**report, "macro_f1": 0.844}, "certainty": report},
                     "baseline": {"stance": {"macro_f1": 0.2, "n": 12}}})
    page = login(manager).get(f"/projects/{project.id}/models/").content.decode()
    row = page[page.index('<td><a href="/api/projects/'):]
    row = row[:row.index("</tr>")]
    assert "finetuned" in row and "180 / 61" in row and "0.844" in row and "0.876" in row and "95.4" in row
    assert f'id="live-version">v{version.id} · finetuned' in page
    assert "fine-tuned (mean)" in page and "no fine-tune: 150 labelled claims" in page


def test_train_with_too_few_labels_says_why_and_queues_nothing(project, manager, login):
    response = login(manager).post(f"/projects/{project.id}/models/train/", follow=True)
    assert "Not trained: training needs at least 20 labelled claims" in response.content.decode()
    assert not TrainingRun.objects.exists()


def test_suggest_now_queues_a_run_shown_on_the_page(project, editor, login):
    response = login(editor).post(f"/projects/{project.id}/suggestions/run/", follow=True)
    run = SuggestionRun.objects.get()
    page = response.content.decode()
    assert f"Suggestion run {run.id} is queued." in page and "waiting for a worker on the suggest queue" in page
    assert 'http-equiv="refresh"' in page  # the page follows the run until it ends


def test_a_bad_base_model_is_listed_as_a_problem(project, manager, login, tmp_path):
    project.base_model = str(tmp_path / "gone")
    project.save()
    page = login(manager).get(f"/projects/{project.id}/models/").content.decode()
    assert "What stops suggestions or training" in page and "no such folder" in page


def test_the_model_page_shows_the_count_training_uses_and_why_others_do_not_count(login, project, annotator, editor,
                                                                                  manager):
    from claims.annotation.saving import AnnotationInput, ClaimInput, create_annotation
    from claims.ingest.readers import RawArticle
    from claims.ingest.service import import_articles
    from claims.models import Sentence
    from claims.projects import update_settings

    update_settings(project=project, changed_by=None, overlap=3)
    import_articles(project=project, articles=[RawArticle(text="Alpha spoke. Beta spoke.", origin="a.txt")])
    first, second = Sentence.objects.filter(project=project, kind="body").order_by("index")[:2]

    def mark(user, sentence, claims: int):
        create_annotation(project=project, annotator=user, sentence_id=sentence.pk, data=AnnotationInput(
            claims=tuple(ClaimInput(start=sentence.start, end=sentence.end) for _ in range(claims))))

    mark(annotator, first, 1)
    mark(editor, first, 1)  # the same claim by two annotators: counted once
    mark(annotator, second, 1)
    mark(editor, second, 0)  # split evenly on whether there is a claim: not counted
    page = login(manager).get(f"/projects/{project.id}/models/").content.decode()
    assert '<dd id="training-count">1 ' in page
    assert "of 3 marked by annotators" in page and "1 sentence where annotators split evenly" in page
