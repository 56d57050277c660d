"""Setting a project up from the web: new project, settings and label table, team; every persona on every page."""

import pytest
from django.urls import reverse

from claims.models import Annotation, Claim, Membership, Project, ProjectChange, User
from claims.models.project import default_label_scheme


@pytest.fixture
def personas(manager, editor, annotator, stranger):
    return {"manager": manager, "editor": editor, "annotator": annotator, "stranger": stranger}


PAGES = {
    "project-settings": {"manager": 200, "editor": 403, "annotator": 403, "stranger": 404},
    "project-members": {"manager": 200, "editor": 403, "annotator": 403, "stranger": 404},
    "project-dashboard": {"manager": 200, "editor": 200, "annotator": 403, "stranger": 404},
    "annotate": {"manager": 200, "editor": 200, "annotator": 200, "stranger": 404},
    "my-work": {"manager": 200, "editor": 200, "annotator": 200, "stranger": 404},
}


@pytest.mark.parametrize("page", PAGES)
@pytest.mark.parametrize("persona", ["manager", "editor", "annotator", "stranger"])
def test_every_project_page_checks_the_role(client, project, personas, page, persona):
    client.force_login(personas[persona])
    assert client.get(reverse(page, args=[project.id])).status_code == PAGES[page][persona]


@pytest.mark.parametrize("page", PAGES)
def test_project_pages_need_a_login(client, project, page):
    response = client.get(reverse(page, args=[project.id]))
    assert response.status_code == 302 and response.url.startswith(reverse("login"))


@pytest.mark.parametrize(("name", "data"), [("member-role", {"role": "editor"}), ("member-remove", {})])
@pytest.mark.parametrize(("persona", "status"), [("editor", 403), ("annotator", 403), ("stranger", 404)])
def test_team_changes_are_for_managers_only(client, project, personas, annotator, name, data, persona, status):
    client.force_login(personas[persona])
    assert client.post(reverse(name, args=[project.id, annotator.id]), data).status_code == status
    assert project.role_of(annotator) == "annotator"


def test_the_tabs_follow_the_role(login, project, manager, annotator):
    tabs = login(annotator).get(reverse("my-work", args=[project.id])).content.decode()
    assert reverse("annotate", args=[project.id]) in tabs
    assert reverse("project-settings", args=[project.id]) not in tabs
    assert reverse("project-dashboard", args=[project.id]) not in tabs
    tabs = login(manager).get(reverse("my-work", args=[project.id])).content.decode()
    assert reverse("project-settings", args=[project.id]) in tabs
    assert reverse("project-members", args=[project.id]) in tabs


def test_a_logged_in_user_creates_a_project_and_lands_on_its_settings(login, annotator):
    client = login(annotator)
    assert client.get(reverse("project-create")).status_code == 200
    response = client.post(reverse("project-create"), {"name": "Water talks", "slug": ""})
    project = Project.objects.get(slug="water-talks")
    assert response.status_code == 302 and response.url == reverse("project-settings", args=[project.id])
    assert project.role_of(annotator) == "manager"


def test_a_taken_short_name_is_shown_on_the_form(login, annotator, project):
    response = login(annotator).post(reverse("project-create"), {"name": "X", "slug": "border-talks"})
    assert response.status_code == 400
    assert "a project called &#x27;border-talks&#x27; already exists" in response.content.decode()
    assert Project.objects.count() == 1


def settings_post(project, **changes) -> dict:
    """The settings form as the browser posts it, with the current values and label rows."""
    data = {"name": project.name, "guidelines": project.guidelines, "overlap": project.overlap,
            "queue_order": project.queue_order, "queue_seed": project.queue_seed,
            "reservation_minutes": project.reservation_minutes, "suggestion_threshold": project.suggestion_threshold}
    if project.blind:
        data["blind"] = "on"
    for group in ("stance", "certainty"):
        labels = project.label_scheme[group]
        data.update({f"{group}-TOTAL_FORMS": len(labels) + 1, f"{group}-INITIAL_FORMS": len(labels),
                     f"{group}-MIN_NUM_FORMS": 0, f"{group}-MAX_NUM_FORMS": 1000})
        for n, label in enumerate(labels):
            data.update({f"{group}-{n}-original": label["value"], f"{group}-{n}-value": label["value"],
                         f"{group}-{n}-label": label["label"], f"{group}-{n}-description": label["description"],
                         f"{group}-{n}-color": label["color"], f"{group}-{n}-key": label["key"]})
            if label["retired"]:
                data[f"{group}-{n}-retired"] = "on"
    data.update(changes)
    return data


def test_the_settings_form_saves_settings_and_a_new_label(login, manager, project):
    response = login(manager).post(reverse("project-settings", args=[project.id]), settings_post(
        project, overlap=3, queue_order="random", queue_seed=5, **{
            "stance-3-value": "mixed", "stance-3-label": "Mixed", "stance-3-key": "i", "stance-3-color": "#123456"}))
    assert response.status_code == 302
    project.refresh_from_db()
    assert (project.overlap, project.queue_order, project.queue_seed) == (3, "random", 5)
    assert project.label_scheme["stance"][3] == {"value": "mixed", "label": "Mixed", "description": "",
                                                 "color": "#123456", "key": "i", "retired": False}
    assert ProjectChange.objects.filter(project=project, kind="settings", changed_by=manager).count() == 1


def test_an_unchanged_form_changes_nothing(login, manager, project):
    response = login(manager).post(reverse("project-settings", args=[project.id]), settings_post(project))
    assert response.status_code == 302
    project.refresh_from_db()
    assert project.label_scheme == default_label_scheme()
    assert not ProjectChange.objects.filter(project=project, kind="settings").exists()


@pytest.fixture
def used_label(project, annotator, add_source):
    source = add_source("Talks\n\nVeloria backs Kastran.\n", title="Talks")
    sentence = source.sentences.get(kind="body")
    annotation = Annotation.objects.create(project=project, sentence=sentence, annotator=annotator)
    from claims.models import Actor

    kastran = Actor.objects.create(project=project, name="Kastran")
    return Claim.objects.create(sentence=sentence, annotation=annotation, start=sentence.start, end=sentence.end,
                                text=sentence.text, target=kastran, stance="neutral", certainty="asserted")


def test_removing_a_label_in_use_is_refused_with_the_reason(login, manager, project, used_label):
    response = login(manager).post(reverse("project-settings", args=[project.id]),
                                   settings_post(project, overlap=4, **{"stance-2-remove": "on"}))
    assert response.status_code == 400
    assert "stance label &#x27;neutral&#x27; is used by 1 claim: it cannot be removed" in response.content.decode()
    project.refresh_from_db()
    assert project.overlap == 2 and len(project.label_scheme["stance"]) == 3


def test_changing_a_value_in_the_table_renames_it_and_its_claims(login, manager, project, used_label):
    response = login(manager).post(reverse("project-settings", args=[project.id]),
                                   settings_post(project, **{"stance-2-value": "even"}))
    assert response.status_code == 302
    used_label.refresh_from_db()
    assert used_label.stance == "even"
    page = login(manager).get(reverse("project-settings", args=[project.id])).content.decode()
    assert "stance label &#x27;neutral&#x27; renamed &#x27;even&#x27;" in page and "1 claim rewritten" in page


def test_bad_numbers_are_shown_on_their_fields(login, manager, project):
    response = login(manager).post(reverse("project-settings", args=[project.id]),
                                   settings_post(project, overlap=0, suggestion_threshold=2))
    assert response.status_code == 400
    assert set(response.context["form"].errors) == {"overlap", "suggestion_threshold"}


def test_the_team_page_adds_re_roles_and_removes(login, manager, project, stranger):
    client = login(manager)
    url = reverse("project-members", args=[project.id])
    assert client.post(url, {"username": "stranger", "role": "editor"}).status_code == 302
    assert project.role_of(stranger) == "editor"
    client.post(reverse("member-role", args=[project.id, stranger.id]), {"role": "annotator"})
    assert Membership.objects.get(project=project, user=stranger).role == "annotator"
    client.post(reverse("member-remove", args=[project.id, stranger.id]))
    assert not Membership.objects.filter(project=project, user=stranger).exists()
    page = client.get(url).content.decode()
    assert "stranger removed (was annotator)" in page and "stranger: editor → annotator" in page


def test_opening_an_account_shows_its_password_once(login, manager, project):
    client = login(manager)
    url = reverse("project-members", args=[project.id])
    response = client.post(url, {"username": "newcomer", "role": "annotator"})
    assert response.status_code == 400 and "no user is called &#x27;newcomer&#x27;" in response.content.decode()
    response = client.post(url, {"username": "newcomer", "role": "annotator", "create": "on"})
    assert response.status_code == 200
    password = response.context["new_password"]
    assert User.objects.get(username="newcomer").check_password(password)
    assert password in response.content.decode()
    assert password not in client.get(url).content.decode()


def test_the_last_manager_cannot_leave_from_the_web(login, manager, project):
    client = login(manager)
    response = client.post(reverse("member-remove", args=[project.id, manager.id]), follow=True)
    assert "only manager" in response.content.decode()
    assert project.role_of(manager) == "manager"
