"""The permission matrix: every API operation, walked from the URL conf and the schema, for every persona.

Personas: anonymous, an outsider (a manager of another project), annotator, editor, manager. For
each operation the MATRIX names the least role that may use it; then

- anonymous always gets 401; an outsider never a 2xx under a project, and exactly the answer a
  project that does not exist gives (mostly 404; a body refused for its form, 400 or 415, before
  the project is looked up): nothing tells an outsider that the project exists;
- a member below the operation's role gets 403 or 404, never a 2xx;
- a member at or above it is never refused (no 401, no 403).

The URL conf and the schema are walked, not listed: a new endpoint (review, export, …) fails
`test_every_operation_has_a_row` until someone decides, in MATRIX, who may use it.
"""

import re

import pytest
from django.urls import URLPattern, URLResolver, get_resolver
from drf_spectacular.generators import SchemaGenerator
from rest_framework.test import APIClient

from claims.annotation.saving import AnnotationInput, create_annotation
from claims.models import (
    ActorMatchJob,
    ExportJob,
    ImportJob,
    ModelVersion,
    ProposalRun,
    Proposition,
    Sentence,
    Source,
    SuggestionRun,
    TrainingRun,
)

USER, MEMBER, CURATOR, MANAGER = "any user", "member", "editor", "manager"
RANK = {"annotator": 1, "editor": 2, "manager": 3}
LEAST = {MEMBER: 1, CURATOR: 2, MANAGER: 3}

# (schema path, method) → the least role that may use it.
MATRIX = {
    ("/api/projects/", "get"): USER,
    ("/api/projects/", "post"): USER,
    ("/api/projects/{id}/", "get"): MEMBER,
    ("/api/projects/{id}/", "patch"): MANAGER,
    ("/api/projects/{project_pk}/actor-jobs/", "get"): MEMBER,
    ("/api/projects/{project_pk}/actor-jobs/{id}/", "get"): MEMBER,
    ("/api/projects/{project_pk}/actors/", "get"): MEMBER,
    ("/api/projects/{project_pk}/actors/", "post"): MEMBER,  # an annotator's actor is proposed
    ("/api/projects/{project_pk}/actors/{id}/", "get"): MEMBER,
    ("/api/projects/{project_pk}/actors/{id}/", "put"): CURATOR,
    ("/api/projects/{project_pk}/actors/{id}/", "patch"): CURATOR,
    ("/api/projects/{project_pk}/actors/{id}/", "delete"): CURATOR,
    ("/api/projects/{project_pk}/actors/import/", "post"): CURATOR,
    ("/api/projects/{project_pk}/actors/{id}/confirm/", "post"): CURATOR,
    ("/api/projects/{project_pk}/actors/{id}/merge/", "post"): CURATOR,
    ("/api/projects/{project_pk}/actors/{id}/reject/", "post"): CURATOR,
    ("/api/projects/{project_pk}/annotations/", "get"): MEMBER,
    ("/api/projects/{project_pk}/annotations/", "post"): MEMBER,
    # Another's annotation: an annotator sees only their own (the one here is the manager's).
    ("/api/projects/{project_pk}/annotations/{id}/", "get"): CURATOR,
    ("/api/projects/{project_pk}/annotations/{id}/", "put"): CURATOR,  # editors correct anyone's
    ("/api/projects/{project_pk}/annotations/{id}/", "patch"): CURATOR,
    ("/api/projects/{project_pk}/annotations/{id}/history/", "get"): CURATOR,
    ("/api/projects/{project_pk}/imports/", "get"): MEMBER,
    ("/api/projects/{project_pk}/imports/", "post"): CURATOR,
    ("/api/projects/{project_pk}/imports/{id}/", "get"): MEMBER,
    ("/api/projects/{project_pk}/members/", "get"): CURATOR,
    ("/api/projects/{project_pk}/members/", "post"): MANAGER,
    ("/api/projects/{project_pk}/members/{user}/", "get"): CURATOR,
    ("/api/projects/{project_pk}/members/{user}/", "patch"): MANAGER,
    ("/api/projects/{project_pk}/members/{user}/", "delete"): MANAGER,
    ("/api/projects/{project_pk}/models/", "get"): CURATOR,
    ("/api/projects/{project_pk}/models/", "post"): CURATOR,
    ("/api/projects/{project_pk}/models/{id}/", "get"): CURATOR,
    ("/api/projects/{project_pk}/models/runs/", "get"): CURATOR,
    ("/api/projects/{project_pk}/models/runs/{id}/", "get"): CURATOR,
    ("/api/projects/{project_pk}/next/", "get"): MEMBER,
    ("/api/projects/{project_pk}/progress/", "get"): MEMBER,
    ("/api/projects/{project_pk}/sentences/", "get"): MEMBER,
    ("/api/projects/{project_pk}/sentences/{id}/", "get"): MEMBER,
    ("/api/projects/{project_pk}/sentences/{id}/", "patch"): CURATOR,
    ("/api/projects/{project_pk}/sentences/{id}/merge/", "post"): CURATOR,
    ("/api/projects/{project_pk}/sentences/{id}/split/", "post"): CURATOR,
    ("/api/projects/{project_pk}/skip/", "post"): MEMBER,
    ("/api/projects/{project_pk}/sources/", "get"): MEMBER,
    ("/api/projects/{project_pk}/sources/{id}/", "get"): MEMBER,
    ("/api/projects/{project_pk}/sources/{id}/", "patch"): CURATOR,
    ("/api/projects/{project_pk}/sources/{id}/corrections/", "get"): MEMBER,
    ("/api/projects/{project_pk}/sources/{id}/reparse/", "post"): CURATOR,
    ("/api/projects/{project_pk}/stats/", "get"): CURATOR,
    ("/api/projects/{project_pk}/suggestions/", "get"): MEMBER,
    ("/api/projects/{project_pk}/suggestions/run/", "post"): CURATOR,
    ("/api/projects/{project_pk}/suggestions/runs/", "get"): MEMBER,
    ("/api/projects/{project_pk}/suggestions/runs/{id}/", "get"): MEMBER,
    ("/api/projects/{project_pk}/suggestions/score/", "post"): MEMBER,
    # Review: editors and managers only.
    ("/api/projects/{project_pk}/adjudications/", "get"): CURATOR,
    ("/api/projects/{project_pk}/adjudications/", "post"): CURATOR,
    ("/api/projects/{project_pk}/adjudications/accept/", "post"): CURATOR,
    ("/api/projects/{project_pk}/agreement/", "get"): CURATOR,
    ("/api/projects/{project_pk}/agreement/items/", "get"): CURATOR,
    ("/api/projects/{project_pk}/conflicts/", "get"): CURATOR,
    ("/api/projects/{project_pk}/conflicts/agreements/", "get"): CURATOR,
    ("/api/projects/{project_pk}/conflicts/resolutions/", "post"): CURATOR,
    ("/api/projects/{project_pk}/disagreements/", "get"): CURATOR,
    ("/api/projects/{project_pk}/disagreements/{id}/", "get"): CURATOR,
    ("/api/projects/{project_pk}/outlets/", "get"): CURATOR,
    ("/api/projects/{project_pk}/propositions/", "get"): CURATOR,
    ("/api/projects/{project_pk}/propositions/", "post"): CURATOR,
    ("/api/projects/{project_pk}/propositions/propose/", "post"): CURATOR,
    ("/api/projects/{project_pk}/propositions/runs/{id}/", "get"): CURATOR,
    ("/api/projects/{project_pk}/propositions/{id}/", "get"): CURATOR,
    ("/api/projects/{project_pk}/propositions/{id}/", "patch"): CURATOR,
    ("/api/projects/{project_pk}/propositions/{id}/merge/", "post"): CURATOR,
    ("/api/projects/{project_pk}/propositions/{id}/split/", "post"): CURATOR,
    ("/api/projects/{project_pk}/stance-map/", "get"): CURATOR,
    # Export: editors and managers (annotators cannot export).
    ("/api/projects/{project_pk}/exports/", "get"): CURATOR,
    ("/api/projects/{project_pk}/exports/", "post"): CURATOR,
    ("/api/projects/{project_pk}/exports/{id}/", "get"): CURATOR,
    ("/api/projects/{project_pk}/exports/{id}/download/", "get"): CURATOR,
}

METHODS = ("get", "post", "put", "patch", "delete")


def schema_operations() -> list[tuple[str, str]]:
    schema = SchemaGenerator().get_schema(request=None, public=True)
    return [(path, method) for path, operations in schema["paths"].items() for method in operations
            if method in METHODS]


def url_conf_routes(resolver: URLResolver | None = None, prefix: str = "") -> set[str]:
    """Every route of the URL conf below /api/, written as the schema writes paths ({name})."""
    routes = set()
    for entry in (resolver or get_resolver()).url_patterns:
        pattern = prefix + str(entry.pattern)
        if isinstance(entry, URLResolver):
            routes |= url_conf_routes(entry, pattern)
        elif isinstance(entry, URLPattern) and pattern.lstrip("^").startswith("api/"):
            path = re.sub(r"\(\?P<(\w+)>[^)]*\)|<(?:\w+:)?(\w+)>", lambda m: "{%s}" % (m[1] or m[2]), pattern)
            path = "/" + path.replace("^", "").replace("$", "").replace("\\", "")
            routes.add(path.replace("{pk}", "{id}"))
    return routes


@pytest.fixture
def ids(annotation_corpus, manager):
    """Real ids of this project's objects, so that a refusal is about the role and not a missing object."""
    project = annotation_corpus.project
    version = ModelVersion.objects.create(project=project, base_model="x")
    annotation = create_annotation(project=project, annotator=manager, sentence_id=annotation_corpus.sentences[0].id,
                                   data=AnnotationInput())
    return {
        "project": project.id, "id": project.id,
        "sources": Source.objects.filter(project=project).first().id,
        "sentences": Sentence.objects.filter(project=project, kind="body").first().id,
        "actors": next(iter(annotation_corpus.actors.values())).id, "annotations": annotation.id,
        "members": manager.id, "imports": ImportJob.objects.create(project=project).id,
        "actor-jobs": ActorMatchJob.objects.create(project=project).id, "models": version.id,
        "models/runs": TrainingRun.objects.create(project=project).id,
        "suggestions/runs": SuggestionRun.objects.get(project=project).id,  # the one the import queued
        "disagreements": annotation.sentence_id,
        "propositions": Proposition.objects.create(project=project, text="Veloria funds the dam").id,
        "propositions/runs": ProposalRun.objects.create(project=project).id,
        "exports": ExportJob.objects.create(project=project, format="jsonl").id,
    }


def concrete(path: str, ids: dict) -> str:
    if path.startswith("/api/projects/{id}"):
        return path.replace("{id}", str(ids["project"]))
    resource = path.split("{project_pk}/", 1)[-1].split("/{", 1)[0]
    real = str(ids.get(resource, 999_999))
    return path.replace("{project_pk}", str(ids["project"])).replace("{id}", real).replace("{user}", real)


def test_the_schema_describes_every_api_route_of_the_url_conf():
    documented = {path for path, _ in schema_operations()}
    routes = url_conf_routes() - {"/api/schema/", "/api/docs/"}
    assert routes and routes <= documented, f"routes missing from the schema: {sorted(routes - documented)}"


def test_every_operation_has_a_row():
    operations = set(schema_operations())
    missing = sorted(operations - MATRIX.keys())
    assert not missing, f"decide who may use these and add them to MATRIX: {missing}"
    assert not MATRIX.keys() - operations, f"rows for operations that no longer exist: {MATRIX.keys() - operations}"


# Well-formed bodies where the form is checked before the role, so that the role is what decides.
BODIES = {
    ("/api/projects/{project_pk}/members/", "post"): {"username": "annotator", "role": "editor"},
    ("/api/projects/{project_pk}/sentences/{id}/split/", "post"): {"at": 1},
}
UPLOADS = {"/api/projects/{project_pk}/imports/", "/api/projects/{project_pk}/actors/import/"}


def call(client: APIClient, method: str, url: str, path: str = ""):
    if method == "get":
        return client.get(url)
    if path in UPLOADS:
        from django.core.files.uploadedfile import SimpleUploadedFile

        def upload():
            return SimpleUploadedFile("x.json", b'[{"name": "Someone", "kind": "person"}]')

        return client.post(url, {"files": [upload()], "file": upload()}, format="multipart")
    return getattr(client, method)(url, BODIES.get((path, method), {}), format="json")


@pytest.mark.django_db
@pytest.mark.parametrize(("path", "method"), schema_operations())
def test_no_persona_gets_more_than_its_role(path, method, ids, annotator, editor, manager, stranger):
    least = MATRIX.get((path, method))
    if least is None:
        pytest.fail(f"{method.upper()} {path} has no row in MATRIX")
    url = concrete(path, ids)
    anonymous = call(APIClient(), method, url, path)
    assert anonymous.status_code == 401, (method, url, anonymous.status_code)
    assert anonymous["Content-Type"].startswith("application/json")
    outsider = APIClient()
    outsider.force_authenticate(stranger)
    answer = call(outsider, method, url, path)
    if least == USER:
        assert answer.status_code not in (401, 403), (method, url, answer.status_code)
    else:
        nowhere = call(outsider, method, url.replace(f"/projects/{ids['project']}/", "/projects/999999/"), path)
        assert answer.status_code == nowhere.status_code and answer.status_code in (400, 404, 415), \
            ("outsider", method, url, answer.status_code, nowhere.status_code)
    # Lowest role first: a write allowed to the editor must not spoil the manager's turn with a refusal.
    for user, role in ((annotator, "annotator"), (editor, "editor"), (manager, "manager")):
        client = APIClient()
        client.force_authenticate(user)
        answer = call(client, method, url, path)
        assert answer.status_code < 500, (role, method, url, answer.status_code)
        if least != USER and RANK[role] < LEAST[least]:
            assert answer.status_code in (403, 404), (role, method, url, answer.status_code, answer.content[:200])
        else:
            assert answer.status_code not in (401, 403), (role, method, url, answer.status_code, answer.content[:200])
        if answer.status_code >= 400:
            assert "detail" in answer.json(), (role, method, url, answer.content[:200])
