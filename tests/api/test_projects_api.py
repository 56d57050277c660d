"""Projects, settings, members, stats and progress over the API: every persona, clear 400s, nothing written on error."""

import pytest
from rest_framework.test import APIClient

from claims.models import Membership, Project, ProjectChange, Role, User
from claims.models.project import default_label_scheme


@pytest.fixture
def personas(manager, editor, annotator, stranger):
    return {"manager": manager, "editor": editor, "annotator": annotator, "stranger": stranger, "anonymous": None}


def client_for(user) -> APIClient:
    client = APIClient()
    if user is not None:
        client.force_authenticate(user)
    return client


def call(user, method: str, url: str, body=None):
    return getattr(client_for(user), method)(url, body, format="json")


# (method, path below /api/projects/{id}/, body, status per persona). The anonymous get 401 everywhere.
MATRIX = [
    ("get", "", None, {"manager": 200, "editor": 200, "annotator": 200, "stranger": 404}),
    ("patch", "", {"overlap": 3}, {"manager": 200, "editor": 403, "annotator": 403, "stranger": 404}),
    ("get", "members/", None, {"manager": 200, "editor": 200, "annotator": 403, "stranger": 404}),
    ("post", "members/", {"username": "newcomer", "create": True},
     {"manager": 201, "editor": 403, "annotator": 403, "stranger": 404}),
    ("patch", "members/{annotator}/", {"role": "editor"},
     {"manager": 200, "editor": 403, "annotator": 403, "stranger": 404}),
    ("delete", "members/{annotator}/", None, {"manager": 204, "editor": 403, "annotator": 403, "stranger": 404}),
    ("get", "stats/", None, {"manager": 200, "editor": 200, "annotator": 403, "stranger": 404}),
    ("get", "progress/", None, {"manager": 200, "editor": 200, "annotator": 200, "stranger": 404}),
]


@pytest.mark.parametrize(("method", "path", "body", "expected"), MATRIX, ids=[f"{m} {p}" for m, p, *_ in MATRIX])
@pytest.mark.parametrize("persona", ["manager", "editor", "annotator", "stranger", "anonymous"])
def test_every_endpoint_checks_the_role(project, personas, annotator, method, path, body, expected, persona):
    url = f"/api/projects/{project.id}/" + path.format(annotator=annotator.id)
    response = call(personas[persona], method, url, body)
    assert response.status_code == expected.get(persona, 401), response.content
    if response.status_code >= 400:
        assert response["Content-Type"].startswith("application/json")
    if persona != "manager" and method != "get":
        project.refresh_from_db()
        assert project.overlap == 2 and project.memberships.filter(user=annotator, role="annotator").exists()


def test_the_project_list_shows_only_my_projects_with_my_role(project, annotator, stranger):
    rows = call(annotator, "get", "/api/projects/").json()["results"]
    assert [(row["name"], row["role"]) for row in rows] == [("Border talks", "annotator")]


def test_anyone_logged_in_creates_a_project_and_manages_it(annotator):
    response = call(annotator, "post", "/api/projects/", {"name": "Water talks", "overlap": 3, "blind": False})
    assert response.status_code == 201, response.content
    body = response.json()
    assert (body["slug"], body["overlap"], body["blind"], body["role"]) == ("water-talks", 3, False, "manager")
    assert Project.objects.get(slug="water-talks").role_of(annotator) == "manager"


def test_anonymous_cannot_create_a_project(db):
    assert call(None, "post", "/api/projects/", {"name": "X"}).status_code == 401
    assert not Project.objects.exists()


@pytest.mark.parametrize(
    ("body", "field", "message"),
    [
        ({"name": ""}, "name", "a project needs a name of 1-200 characters"),
        ({"name": "Border talks"}, "slug", "a project called 'border-talks' already exists; choose another short name"),
        ({"name": "X", "overlap": "two"}, "overlap", "must be a whole number from 1 to 20"),
        ({"name": "X", "owner": 1}, "owner", "unknown setting"),
    ],
)
def test_bad_project_creation_is_a_clear_400(project, annotator, body, field, message):
    response = call(annotator, "post", "/api/projects/", body)
    assert response.status_code == 400
    assert response.json()["errors"][field] == [message]
    assert Project.objects.count() == 1


def test_a_list_body_is_a_400(annotator):
    response = call(annotator, "post", "/api/projects/", ["name"])
    assert response.status_code == 400 and Project.objects.count() == 0


def test_manager_changes_settings_and_scheme_over_patch(project, manager):
    scheme = default_label_scheme()
    scheme["stance"].append({"value": "mixed", "label": "Mixed", "key": "i", "color": "#123456"})
    response = call(manager, "patch", f"/api/projects/{project.id}/", {
        "label_scheme": scheme, "queue_order": "random", "queue_seed": 42, "reservation_minutes": 20,
        "suggestion_threshold": 0.75, "guidelines": "Mark **claims**.",
    })
    assert response.status_code == 200, response.content
    body = response.json()
    assert [label["value"] for label in body["label_scheme"]["stance"]] == ["support", "oppose", "neutral", "mixed"]
    assert (body["queue_order"], body["queue_seed"], body["reservation_minutes"]) == ("random", 42, 20)
    assert ProjectChange.objects.filter(project=project, kind="settings", changed_by=manager).count() == 1


def test_a_bad_scheme_over_patch_is_a_400_naming_every_problem(project, manager):
    scheme = default_label_scheme()
    scheme["stance"][1]["key"] = "s"
    scheme["certainty"][0]["key"] = "w"
    response = call(manager, "patch", f"/api/projects/{project.id}/", {"label_scheme": scheme, "overlap": 5})
    assert response.status_code == 400
    assert response.json()["errors"]["label_scheme"] == [
        "certainty label 'asserted': key 'w' is taken by the form (take the whole sentence as a claim)",
        "key 's' is given to more than one label (stance 'support', stance 'oppose')",
    ]
    project.refresh_from_db()
    assert project.overlap == 2 and project.label_scheme == default_label_scheme()


def test_members_list_names_and_roles(project, manager):
    rows = call(manager, "get", f"/api/projects/{project.id}/members/").json()
    assert [(row["username"], row["role"]) for row in rows] == [
        ("annotator", "annotator"), ("editor", "editor"), ("manager", "manager")]


def test_adding_an_existing_user_and_opening_an_account(project, manager, stranger):
    url = f"/api/projects/{project.id}/members/"
    response = call(manager, "post", url, {"username": "STRANGER", "role": "editor"})
    assert response.status_code == 201 and "password" not in response.json()
    assert project.role_of(stranger) == "editor"

    response = call(manager, "post", url, {"username": "newcomer"})
    assert response.status_code == 400
    assert response.json()["errors"]["username"] == ["no user is called 'newcomer'; ask to open the account"]
    assert not User.objects.filter(username="newcomer").exists()

    response = call(manager, "post", url, {"username": "newcomer", "create": True})
    assert response.status_code == 201
    password = response.json()["password"]
    newcomer = User.objects.get(username="newcomer")
    assert newcomer.check_password(password) and project.role_of(newcomer) == "annotator"


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ({"username": "bad name!", "create": True}, "'bad name!' is not a valid username"),
        ({"username": "x", "role": "owner"}, '"owner" is not a valid choice.'),
    ],
)
def test_bad_member_requests(project, manager, body, message):
    response = call(manager, "post", f"/api/projects/{project.id}/members/", body)
    assert response.status_code == 400 and message in str(response.json())
    assert Membership.objects.filter(project=project).count() == 3


def test_the_last_manager_cannot_be_removed_over_the_api(project, manager):
    response = call(manager, "delete", f"/api/projects/{project.id}/members/{manager.id}/")
    assert response.status_code == 400
    assert response.json()["errors"]["user"] == [
        "manager is the project's only manager; make someone else manager first"]
    assert project.role_of(manager) == Role.MANAGER


def test_a_member_of_another_project_is_404_under_this_project(project, manager, stranger):
    url = f"/api/projects/{project.id}/members/{stranger.id}/"
    assert call(manager, "patch", url, {"role": "editor"}).status_code == 404
    assert call(manager, "delete", url).status_code == 404


def test_progress_and_stats_answer_the_same_counts(project, manager, annotator):
    progress = call(annotator, "get", f"/api/projects/{project.id}/progress/").json()
    assert progress == {"mine": 0, "sentences": 0, "annotations": 0, "slots": 0}
    stats = call(manager, "get", f"/api/projects/{project.id}/stats/").json()
    assert stats["coverage"] == [{"annotations": 0, "sentences": 0}, {"annotations": 1, "sentences": 0},
                                 {"annotations": 2, "sentences": 0}]
    assert [row["username"] for row in stats["annotators"]] == ["annotator"]
