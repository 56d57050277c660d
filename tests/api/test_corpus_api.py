"""Read API for projects, sources and sentences; read/write API for actors; the OpenAPI schema."""

import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from claims.actors.service import save_actor
from claims.ingest.readers import RawArticle
from claims.ingest.service import import_articles
from claims.models import Actor, ActorMention
from claims.projects import create_project

pytestmark = pytest.mark.django_db


@pytest.fixture
def corpus(project):
    kastran = save_actor(project=project, name="Kastran", kind="state", aliases=["Bravik"])
    import_articles(project=project, articles=[
        RawArticle(text="Kastran moved troops. Bravik denied it.\nVeloria protested.", origin="a.txt",
                   title="Troops", outlet="Northwind Wire"),
        RawArticle(text="The bloc met. Nothing was agreed.", origin="b.txt", outlet="Ledger"),
    ])
    return kastran


def test_projects_lists_only_members_projects(project, annotator, outsider, as_user):
    create_project(name="Secret", slug="secret")
    assert [p["slug"] for p in as_user(annotator).get("/api/projects/").json()["results"]] == ["border-talks"]
    assert as_user(outsider).get("/api/projects/").json()["results"] == []
    assert as_user(outsider).get(f"/api/projects/{project.id}/").status_code == 404


def test_anonymous_is_refused(project, api):
    assert api.get("/api/projects/").status_code in (401, 403)


def test_token_auth(project, annotator, api):
    from rest_framework.authtoken.models import Token

    token = Token.objects.create(user=annotator)
    response = api.get("/api/projects/", HTTP_AUTHORIZATION=f"Token {token.key}")
    assert response.status_code == 200 and response.json()["count"] == 1


def test_sources_list_and_detail(project, corpus, annotator, as_user, django_assert_num_queries):
    api = as_user(annotator)
    with django_assert_num_queries(3):  # project lookup, count, page
        listed = api.get(f"/api/projects/{project.id}/sources/").json()
    assert listed["count"] == 2
    assert "text" not in listed["results"][0]
    first = listed["results"][0]
    assert (first["title"], first["outlet"], first["sentence_count"]) == ("Troops", "Northwind Wire", 3)
    detail = api.get(f"/api/projects/{project.id}/sources/{first['id']}/").json()
    assert detail["text"].startswith("Kastran moved troops.")
    assert api.get(f"/api/projects/{project.id}/sources/?outlet=Ledger").json()["count"] == 1


def test_sentences_filter_by_source_and_actor_with_mentions(project, corpus, annotator, as_user,
                                                            django_assert_num_queries):
    api = as_user(annotator)
    source_id = api.get(f"/api/projects/{project.id}/sources/?outlet=Northwind Wire").json()["results"][0]["id"]
    with django_assert_num_queries(4):  # project, count, page, mentions prefetch
        sentences = api.get(f"/api/projects/{project.id}/sentences/?source={source_id}").json()["results"]
    assert [s["text"] for s in sentences] == ["Kastran moved troops.", "Bravik denied it.", "Veloria protested."]
    assert sentences[1]["mentions"] == [{"actor": corpus.id, "actor_name": "Kastran",
                                         "start": sentences[1]["start"], "end": sentences[1]["start"] + 6}]
    mentioning = api.get(f"/api/projects/{project.id}/sentences/?actor={corpus.id}").json()
    assert mentioning["count"] == 2


def test_sentences_of_other_projects_are_invisible(project, corpus, outsider, as_user):
    other = create_project(name="Other", slug="other", manager=outsider)
    api = as_user(outsider)
    assert api.get(f"/api/projects/{project.id}/sentences/").status_code == 404
    assert api.get(f"/api/projects/{other.id}/sentences/").json()["count"] == 0


def test_actor_create_update_delete_answer_at_once_and_queue_a_rematch(project, corpus, editor, as_user,
                                                                      run_rematch):
    api = as_user(editor)
    url = f"/api/projects/{project.id}/actors/"
    created = api.post(url, {"name": "Veloria", "kind": "state", "aliases": ["Dunmere"]}, format="json")
    assert created.status_code == 201, created.content
    veloria, job = created.json()["id"], created.json()["match_job"]
    assert job["status"] == "queued" and job["project"] == project.id
    # Not matched in the request: the job does it.
    assert not ActorMention.objects.filter(actor_id=veloria).exists()
    assert api.get(f"/api/projects/{project.id}/actor-jobs/{job['id']}/").json()["status"] == "queued"
    done = run_rematch(project)
    assert done.status == "succeeded" and done.counts["added"] == 1
    assert ActorMention.objects.filter(actor_id=veloria).count() == 1
    assert api.get(f"/api/projects/{project.id}/actor-jobs/{job['id']}/").json()["counts"]["added"] == 1
    changed = api.patch(f"{url}{veloria}/", {"name": "Republic of Veloria", "parent": corpus.id}, format="json")
    assert changed.status_code == 200 and changed.json()["parent"] == corpus.id
    assert changed.json()["match_job"]["id"] != job["id"] and changed.json()["match_job"]["status"] == "queued"
    run_rematch(project)
    assert not ActorMention.objects.filter(actor_id=veloria).exists()  # "Veloria" is no longer its name
    assert api.delete(f"{url}{veloria}/").status_code == 204
    assert not Actor.objects.filter(id=veloria).exists()
    assert api.get(f"/api/projects/{project.id}/actor-jobs/").json()["results"][0]["status"] == "queued"


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ({"name": "kastran"}, "already has an actor named 'kastran'"),
        ({"name": "X", "kind": "planet"}, "is not a valid choice"),
    ],
)
def test_actor_bad_input(project, corpus, manager, as_user, body, message):
    response = as_user(manager).post(f"/api/projects/{project.id}/actors/", body, format="json")
    assert response.status_code == 400
    assert message in json.dumps(response.json())
    assert Actor.objects.filter(project=project).count() == 1


def test_actor_parent_from_another_project_is_refused(project, corpus, manager, as_user):
    other = create_project(name="Other", slug="other")
    foreign = save_actor(project=other, name="Foreign")
    response = as_user(manager).post(f"/api/projects/{project.id}/actors/", {"name": "Y", "parent": foreign.id},
                                     format="json")
    assert response.status_code == 400
    assert not Actor.objects.filter(name="Y").exists()


def test_annotator_reads_actors_proposes_but_cannot_change_them(project, corpus, annotator, as_user):
    api = as_user(annotator)
    assert api.get(f"/api/projects/{project.id}/actors/").json()["results"][0]["name"] == "Kastran"
    proposed = api.post(f"/api/projects/{project.id}/actors/", {"name": "Z"}, format="json")
    assert proposed.status_code == 201 and proposed.json()["status"] == "proposed"
    kastran = Actor.objects.get(project=project, name="Kastran")
    assert api.patch(f"/api/projects/{project.id}/actors/{kastran.id}/", {"name": "K"}, format="json").status_code \
        == 403
    assert api.delete(f"/api/projects/{project.id}/actors/{kastran.id}/").status_code == 403


def test_actor_file_import_json_and_csv(project, corpus, manager, as_user):
    api = as_user(manager)
    url = f"/api/projects/{project.id}/actors/import/"
    actors = [{"name": "Veloria", "kind": "state", "aliases": ["Dunmere"]},
              {"name": "Anika Dressel", "kind": "person", "aliases": ["Dressel"], "parent": "Veloria"}]
    response = api.post(url, {"file": SimpleUploadedFile("a.json", json.dumps(actors).encode())}, format="multipart")
    assert response.status_code == 200, response.content
    assert response.json()["created"] == 2
    assert Actor.objects.get(name="Anika Dressel").parent.name == "Veloria"
    csv_body = b"name,kind,aliases,parent\nKastran,state,Bravik|Amber Palace,\n"
    response = api.post(url, {"file": SimpleUploadedFile("a.csv", csv_body)}, format="multipart")
    result = response.json()
    assert (result["created"], result["updated"], result["match_job"]["status"]) == (0, 1, "queued")
    assert Actor.objects.get(name="Kastran").aliases == ["Bravik", "Amber Palace"]


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("a.json", b"[{\"name\": \"A\", \"kind\": \"planet\"}]", "a.json, entry 1: kind 'planet' is not one of"),
        ("a.json", b"{oops", "a.json, line 1: malformed JSON"),
        ("a.json", b"[{\"name\": \"A\", \"parent\": \"Nobody\"}]", "parent 'Nobody' is not an actor"),
        ("a.csv", b"title\nx\n", "a.csv has no 'name' column"),
        ("a.txt", b"x", "actor lists must be .json or .csv"),
    ],
)
def test_actor_file_bad_input_changes_nothing(project, corpus, manager, as_user, name, content, message):
    response = as_user(manager).post(f"/api/projects/{project.id}/actors/import/",
                                     {"file": SimpleUploadedFile(name, content)}, format="multipart")
    assert response.status_code == 400
    assert message in response.json()["detail"]
    assert list(Actor.objects.filter(project=project).values_list("name", flat=True)) == ["Kastran"]


def test_openapi_schema_documents_the_endpoints(api, annotator):
    api.force_authenticate(annotator)
    response = api.get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json")
    assert response.status_code == 200
    paths = json.loads(response.content)["paths"]
    for path in ("/api/projects/", "/api/projects/{project_pk}/sources/", "/api/projects/{project_pk}/sentences/",
                 "/api/projects/{project_pk}/actors/", "/api/projects/{project_pk}/imports/",
                 "/api/projects/{project_pk}/imports/{id}/", "/api/projects/{project_pk}/actor-jobs/{id}/"):
        assert path in paths
    docs = api.get("/api/docs/")
    assert docs.status_code == 200
    # The docs page loads Swagger UI from this server, not from a CDN.
    assert b"cdn.jsdelivr" not in docs.content and b"/static/drf_spectacular_sidecar/" in docs.content


def test_import_actors_command(project, corpus, tmp_path, capsys):
    from django.core.management import CommandError, call_command

    good = tmp_path / "actors.csv"
    good.write_text("name,kind,aliases,parent\nVeloria,state,Dunmere,\n")
    call_command("import_actors", "--project", project.slug, str(good))
    out = capsys.readouterr().out
    # The command matches mentions itself (batch work), as a job row like the worker's.
    assert "1 actors created, 0 updated" in out and "3 mentions in" in out and "(1 added, 0 removed" in out
    assert ActorMention.objects.filter(actor__name="Veloria").count() == 1
    bad = tmp_path / "bad.json"
    bad.write_text('[{"name": "X", "parent": "Nobody"}]')
    with pytest.raises(CommandError, match="nothing was changed: actor 'X': parent 'Nobody'"):
        call_command("import_actors", "--project", project.slug, str(bad))
    assert sorted(Actor.objects.filter(project=project).values_list("name", flat=True)) == ["Kastran", "Veloria"]


def test_openapi_schema_is_valid_without_warnings(tmp_path):
    from django.core.management import call_command

    call_command("spectacular", "--validate", "--fail-on-warn", "--file", str(tmp_path / "schema.yml"))
    assert "/api/projects/{project_pk}/actors/import/" in (tmp_path / "schema.yml").read_text()


def test_page_size_is_honoured_and_capped_at_1000(project, annotator, as_user):
    import_articles(project=project, articles=[
        RawArticle(text=f"Item {number} was read.", origin="i.jsonl") for number in range(1001)])
    api = as_user(annotator)
    url = f"/api/projects/{project.id}/sources/"
    assert len(api.get(url).json()["results"]) == 100
    page = api.get(url, {"page_size": 5, "page": 3}).json()
    assert (page["count"], len(page["results"])) == (1001, 5)
    assert "page_size=5" in page["next"]
    assert len(api.get(url, {"page_size": 5000}).json()["results"]) == 1000
    assert len(api.get(url, {"page_size": "lots"}).json()["results"]) == 100
    assert len(api.get(f"/api/projects/{project.id}/sentences/", {"page_size": 3}).json()["results"]) == 3


def test_sources_search_sort_and_import_filter(project, corpus, annotator, as_user):
    from claims.models import ImportJob

    job = ImportJob.objects.create(project=project)
    import_articles(project=project, job=job, articles=[RawArticle(text="Zeta said nothing.", origin="z.txt",
                                                                   title="Zeta")])
    api = as_user(annotator)
    url = f"/api/projects/{project.id}/sources/"
    assert [s["title"] for s in api.get(url, {"search": "bravik"}).json()["results"]] == ["Troops"]
    assert [s["title"] for s in api.get(url, {"sort": "-title"}).json()["results"]] == ["Zeta", "Troops", ""]
    assert [s["title"] for s in api.get(url, {"import_job": job.id}).json()["results"]] == ["Zeta"]
    for bad in ({"sort": "colour"}, {"import_job": "x"}):
        response = api.get(url, bad)
        assert response.status_code == 400 and response["Content-Type"] == "application/json"
        assert set(response.json()) == set(bad) | {"detail", "errors"}  # the body names the parameter
