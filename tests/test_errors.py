"""One contract for expected errors: every capability's error is a ServiceError, and the API answers each alike."""

import pytest

from claims.accounts import AccountError
from claims.actors.service import ActorImportError
from claims.annotation.errors import AnnotationRejected
from claims.api.errors import exception_handler
from claims.curation.errors import CorrectionConflict, CorrectionError
from claims.errors import Problem, ServiceError
from claims.ingest.errors import IngestError
from claims.ingest.errors import Problem as FileProblem
from claims.jobs import JobFailed
from claims.projects import ProjectError
from claims.suggest.errors import SuggestError
from claims.suggest.inference import ChunkTimeLimitExceeded

# (the error as a service raises it, the status it means, the API's answer)
CASES = [
    (AnnotationRejected([Problem("claims", "a claim must lie inside its sentence")]), 400,
     {"detail": "claims: a claim must lie inside its sentence",
      "errors": [{"field": "claims", "message": "a claim must lie inside its sentence"}]}),
    (AnnotationRejected.conflict("you have already annotated sentence 3"), 409,
     {"detail": "sentence: you have already annotated sentence 3",
      "errors": [{"field": "sentence", "message": "you have already annotated sentence 3"}]}),
    (AnnotationRejected.not_found("no annotation 9 in this project"), 404,
     {"detail": "no annotation 9 in this project",
      "errors": [{"field": "", "message": "no annotation 9 in this project"}]}),
    (IngestError([FileProblem("a.jsonl", "malformed JSON", 2)]), 400,
     {"detail": "import rejected; nothing was stored: a.jsonl, line 2: malformed JSON",
      "errors": [{"file": "a.jsonl", "line": 2, "message": "malformed JSON"}]}),
    (CorrectionError("title must be text", field="title"), 400,
     {"detail": "title must be text", "field": "title",
      "errors": [{"field": "title", "message": "title must be text"}]}),
    (CorrectionConflict("annotations rest on segment 2"), 409,
     {"detail": "annotations rest on segment 2",
      "errors": [{"field": "", "message": "annotations rest on segment 2"}]}),
    (ProjectError({"slug": "a project called 'x' already exists"}), 400,
     {"detail": "nothing was changed: slug: a project called 'x' already exists",
      "errors": {"slug": ["a project called 'x' already exists"]}}),
    (SuggestError("training needs at least 20 labelled claims"), 400,
     {"detail": "training needs at least 20 labelled claims",
      "errors": [{"field": "", "message": "training needs at least 20 labelled claims"}]}),
    (ActorImportError("actor 'X': parent 'Nobody' is not an actor of this project"), 400,
     {"detail": "actor 'X': parent 'Nobody' is not an actor of this project",
      "errors": [{"field": "", "message": "actor 'X': parent 'Nobody' is not an actor of this project"}]}),
    (AccountError("a user named 'ann' already exists"), 400,
     {"detail": "a user named 'ann' already exists",
      "errors": [{"field": "", "message": "a user named 'ann' already exists"}]}),
]


@pytest.mark.parametrize(("error", "status", "body"), CASES, ids=[type(c[0]).__name__ + str(c[1]) for c in CASES])
def test_every_capability_error_is_a_service_error_answered_alike(error, status, body):
    assert isinstance(error, ServiceError)
    response = exception_handler(error, {})
    assert (response.status_code, response.data) == (status, body)


def test_suggestion_errors_also_fail_their_job_with_the_message():
    for error in (SuggestError("too few labels"), ChunkTimeLimitExceeded("a chunk took too long")):
        assert isinstance(error, JobFailed) and isinstance(error, ServiceError)
        assert error.errors == [{"file": "", "message": str(error)}]
        assert error.problems == [Problem("", str(error))]


def test_a_long_import_error_names_five_problems_and_keeps_them_all():
    error = IngestError([FileProblem(f"{n}.txt", "is empty") for n in range(8)])
    assert str(error).endswith("4.txt: is empty (and 3 more)")
    assert len(exception_handler(error, {}).data["errors"]) == 8


def test_project_errors_keep_every_message_per_field():
    error = ProjectError({"label_scheme": ["label 'a' twice", "no stance label"], "name": "too long"})
    assert error.problems == [Problem("label_scheme", "label 'a' twice"), Problem("label_scheme", "no stance label"),
                              Problem("name", "too long")]
    assert str(error) == "label_scheme: label 'a' twice no stance label; name: too long"


@pytest.mark.django_db
def test_a_service_says_not_found_itself_and_the_api_answers_404_json(annotation_corpus, annotator):
    from claims.annotation.saving import AnnotationChanges, edit_annotation

    with pytest.raises(AnnotationRejected) as refused:
        edit_annotation(project=annotation_corpus.project, annotation_id=2**31, editor=annotator,
                        changes=AnnotationChanges(comment="x"))
    assert refused.value.status == 404
    assert exception_handler(refused.value, {}).data["detail"] == f"no annotation {2**31} in this project"
