"""Every page for manager, annotator and outsider; logins, logouts and the project list."""

from pathlib import Path

import pytest
from django.urls import reverse

from claims.models import Actor, ImportJob
from claims.projects import create_project

ARTICLE = "Talks stall in Moscow\n\nRussia said on Monday it had invited the Taliban. Washington was not invited.\n"


@pytest.fixture
def pages(project, add_source, manager):
    """One URL of every project page, with the objects they need."""
    source = add_source(ARTICLE, title="Talks stall in Moscow", outlet="Example News")
    actor = Actor.objects.create(project=project, name="Russia", kind="state")
    job = ImportJob.objects.create(project=project, created_by=manager, files=[{"name": "a.txt", "path": "x/0.txt"}])
    return {
        "sources": reverse("project-sources", args=[project.id]),
        "source": reverse("source-detail", args=[project.id, source.id]),
        "import": reverse("source-import", args=[project.id]),
        "job": reverse("import-job", args=[project.id, job.id]),
        "actors": reverse("project-actors", args=[project.id]),
        "actor-edit": reverse("actor-edit", args=[project.id, actor.id]),
    }


ALL = ["sources", "source", "import", "job", "actors", "actor-edit"]
CURATOR_ONLY = {"import", "actor-edit"}


@pytest.mark.parametrize("page", ALL)
def test_manager_and_editor_see_every_page(login, manager, editor, pages, page):
    for user in (manager, editor):
        assert login(user).get(pages[page]).status_code == 200


@pytest.mark.parametrize("page", ALL)
def test_annotator_is_refused_curator_pages(login, annotator, pages, page):
    response = login(annotator).get(pages[page])
    assert response.status_code == (403 if page in CURATOR_ONLY else 200)


@pytest.mark.parametrize("page", ALL)
def test_outsider_gets_404_on_every_project_page(login, outsider, pages, page):
    assert login(outsider).get(pages[page]).status_code == 404


@pytest.mark.parametrize("page", ALL)
def test_pages_require_login(client, pages, page):
    response = client.get(pages[page])
    assert response.status_code == 302
    assert response.url.startswith(reverse("login") + "?next=")


def test_project_list_requires_login(client):
    response = client.get(reverse("project-list"))
    assert response.status_code == 302 and response.url == reverse("login") + "?next=/"


def test_login_form_logs_in_and_lands_on_projects(client, manager):
    response = client.post(reverse("login"), {"username": "manager", "password": "pw-manager"})
    assert response.status_code == 302 and response.url == reverse("project-list")
    assert client.get(reverse("project-list")).status_code == 200


def test_login_page_labels_its_fields(client, db):
    response = client.get(reverse("login"))
    assert response.status_code == 200
    assert b'<label for="id_username">' in response.content and b'<label for="id_password">' in response.content


def test_logout_is_post_only(login, manager):
    client = login(manager)
    assert client.get(reverse("logout")).status_code == 405
    response = client.post(reverse("logout"))
    assert response.status_code == 302 and response.url == reverse("login")
    assert client.get(reverse("project-list")).status_code == 302


def test_header_has_user_logout_and_api_docs(login, manager, project):
    content = login(manager).get(reverse("project-list")).content.decode()
    assert "Claim &amp; Stance" in content
    assert "manager" in content
    assert f'action="{reverse("logout")}"' in content
    assert reverse("api-docs") in content
    assert "/static/css/app.css" in content


def test_every_page_names_the_favicon_and_favicon_ico_leads_to_it(client, db):
    from django.contrib.staticfiles import finders

    content = client.get(reverse("login")).content.decode()
    assert '<link rel="icon" href="/static/favicon.svg" type="image/svg+xml">' in content
    response = client.get("/favicon.ico")
    assert response.status_code == 301 and response.url == "/static/favicon.svg"
    icon = finders.find("favicon.svg")
    assert icon and Path(icon).read_text().startswith("<svg")


def test_project_list_shows_role_and_counts_without_n_plus_one(
    login, manager, annotator, project, add_source, django_assert_num_queries
):
    add_source(ARTICLE, title="Talks stall in Moscow")
    add_source("Second story\n\nA body sentence here. And another one.\n", title="Second story")
    other = create_project(name="Other project", slug="other", manager=manager)
    add_source("Third story\n\nOne more body sentence.\n", title="Third story", target=other)
    create_project(name="Not mine", slug="not-mine", manager=annotator)
    client = login(manager)
    # Session, user, then one query for the projects whatever their number.
    with django_assert_num_queries(3):
        response = client.get(reverse("project-list"))
    projects = {p.name: p for p in response.context["projects"]}
    assert set(projects) == {"Border talks", "Other project"}
    assert projects["Border talks"].role == "manager"
    assert projects["Border talks"].source_count == 2
    assert projects["Border talks"].sentence_count == project.sentences.count()
    assert projects["Other project"].source_count == 1
    assert login(annotator).get(reverse("project-list")).context["projects"][0].role == "annotator"


def test_sources_list_filters_by_outlet_and_paginates(login, manager, project, add_source, monkeypatch):
    add_source(ARTICLE, title="Talks stall in Moscow", outlet="Example News")
    add_source("Second story\n\nA body sentence here.\n", title="Second story", outlet="Other Wire")
    client = login(manager)
    url = reverse("project-sources", args=[project.id])
    response = client.get(url, {"outlet": "Other Wire"})
    assert [s.title for s in response.context["page"].object_list] == ["Second story"]
    assert list(response.context["outlets"]) == ["Example News", "Other Wire"]

    monkeypatch.setattr("claims.web.views.SOURCES_PER_PAGE", 1)
    response = client.get(url, {"page": 2})
    assert [s.title for s in response.context["page"].object_list] == ["Second story"]
    assert b'rel="prev"' in response.content


def test_sources_list_searches_sorts_and_carries_the_listing_to_sources(login, annotator, project, add_source):
    first = add_source("Bravo\n\nVeloria spoke about the dam.\n", title="Bravo dam", outlet="Wire")
    add_source("Alpha\n\nKastran closed the border.\n", title="Alpha border", outlet="Ledger")
    client = login(annotator)
    url = reverse("project-sources", args=[project.id])
    assert [s.title for s in client.get(url, {"search": "DAM"}).context["page"].object_list] == ["Bravo dam"]
    assert [s.title for s in client.get(url, {"search": "border"}).context["page"].object_list] == ["Alpha border"]
    response = client.get(url, {"sort": "title"})
    assert [s.title for s in response.context["page"].object_list] == ["Alpha border", "Bravo dam"]
    html = response.content.decode()
    assert '<th scope="col" aria-sort="ascending"><a href="?sort=-title">Title</a></th>' in html
    assert '<a href="?sort=published">Published</a>' in html
    assert [s.title for s in client.get(url, {"sort": "-title"}).context["page"].object_list] == [
        "Bravo dam", "Alpha border"]
    html = client.get(url, {"search": "dam", "sort": "outlet"}).content.decode()
    assert f'href="{reverse("source-detail", args=[project.id, first.id])}?search=dam&amp;sort=outlet"' in html
    assert "No source matches" in client.get(url, {"search": "nothing"}).content.decode()


def test_sources_list_links_curation_pages_for_curators_only(login, manager, annotator, project):
    url = reverse("project-sources", args=[project.id])
    import_url = reverse("source-import", args=[project.id]).encode()
    assert import_url in login(manager).get(url).content
    assert import_url not in login(annotator).get(url).content


def test_source_of_another_project_is_404(login, manager, add_source):
    other = create_project(name="Other project", slug="other", manager=manager)
    foreign = add_source(ARTICLE, title="Elsewhere", target=other)
    project_id = manager.memberships.exclude(project=other).get().project_id
    assert login(manager).get(reverse("source-detail", args=[project_id, foreign.id])).status_code == 404


def test_error_pages_explain_without_details(login, outsider, annotator, pages):
    not_found = login(outsider).get(pages["sources"])
    assert b"belongs to a project you are not a member of" in not_found.content
    forbidden = login(annotator).get(pages["import"])
    assert b"Your role in this project does not allow this" in forbidden.content
