"""The annotation API: next, skip, annotations and history for every persona; blind reads; pinned query counts."""

import pytest
from rest_framework.test import APIClient

from claims.filters import AnnotationFilter
from claims.models import Annotation, AnnotationRevision, Claim, Role, Skip
from claims.projects import add_member, create_project
from tests.conftest import make_user

pytestmark = pytest.mark.django_db


def client_for(user) -> APIClient:
    client = APIClient()
    if user is not None:
        client.force_authenticate(user)
    return client


@pytest.fixture
def corpus(annotation_corpus):
    return annotation_corpus


@pytest.fixture
def url(corpus):
    return lambda path="": f"/api/projects/{corpus.project.pk}/{path}"


def whole_sentence_claim(sentence, corpus, **changes) -> dict:
    return {"start": sentence["start"], "end": sentence["end"], "claimant": None, "claimant_name": "",
            "claimant_is_outlet": True, "subject": corpus.actors["Kastran"].pk,
            "target": corpus.actors["Veloria"].pk, "stance": "oppose", "certainty": "asserted"} | changes


def test_next_gives_the_sentence_in_context_and_the_same_one_until_submitted(corpus, annotator, url):
    api = client_for(annotator)
    response = api.get(url("next/"))
    assert response.status_code == 200
    item = response.json()
    first = corpus.sentences[0]
    assert item["sentence"] == {
        "id": first.pk, "source": first.source_id, "index": 1, "start": first.start, "end": first.end,
        "text": "Veloria said on Monday that it would fund the new dam.", "kind": "body",
        "mentions": [{"actor": corpus.actors["Veloria"].pk, "actor_name": "Veloria", "start": first.start,
                      "end": first.start + 7}],
    }
    assert [s["text"] for s in item["before"]] == ["Dam talks stall in Dunmere"]
    assert [s["index"] for s in item["after"]] == [2, 3]
    assert item["source"]["title"] == "Dam talks" and item["source"]["outlet"] == "Northwind Wire"
    assert set(item["source"]) == {"id", "title", "outlet", "author", "published", "url"}
    assert item["suggestion"] is None and item["reserved_until"]
    assert api.get(url("next/")).json()["sentence"]["id"] == first.pk
    assert [s["index"] for s in api.get(url("next/?context=0")).json()["after"]] == []


def test_next_answers_204_when_nothing_is_left(corpus, annotator, url):
    api = client_for(annotator)
    for _ in corpus.sentences:
        sentence = api.get(url("next/")).json()["sentence"]
        assert api.post(url("annotations/"), {"sentence": sentence["id"], "claims": []}, format="json").status_code \
            == 201
    response = api.get(url("next/"))
    assert response.status_code == 204 and response.content == b""


def test_post_answers_201_with_the_annotation(corpus, annotator, url):
    api = client_for(annotator)
    sentence = api.get(url("next/")).json()["sentence"]
    claim = whole_sentence_claim(sentence, corpus, end=sentence["start"] + 7, subject=corpus.actors["Veloria"].pk,
                                 target=corpus.actors["Kastran"].pk, stance="support")
    response = api.post(url("annotations/"), {"sentence": sentence["id"], "claims": [claim], "comment": "ok",
                                              "seconds_spent": 9, "suggestion": None}, format="json")
    assert response.status_code == 201
    body = response.json()
    assert set(body) == {"id", "sentence", "annotator", "claims", "comment", "seconds_spent", "suggestion",
                         "suggestion_outcome", "version", "created_at", "updated_at"}
    assert (body["sentence"], body["annotator"], body["version"], body["suggestion_outcome"]) == (
        sentence["id"], annotator.pk, 1, "none")
    [stored] = body["claims"]
    assert stored == {"id": Claim.objects.get().pk, "start": sentence["start"], "end": sentence["start"] + 7,
                      "text": "Veloria", "claimant": None, "claimant_name": "", "claimant_is_outlet": True,
                      "subject": corpus.actors["Veloria"].pk, "target": corpus.actors["Kastran"].pk,
                      "stance": "support", "certainty": "asserted"}
    assert api.get(url(f"annotations/{body['id']}/")).json() == body


def test_bad_input_is_a_json_400_naming_the_field_and_nothing_is_written(corpus, annotator, url):
    api = client_for(annotator)
    sentence = api.get(url("next/")).json()["sentence"]
    claim = whole_sentence_claim(sentence, corpus, end=sentence["end"] + 30, stance="adores")
    response = api.post(url("annotations/"), {"sentence": sentence["id"], "claims": [claim]}, format="json")
    assert response.status_code == 400 and response["Content-Type"] == "application/json"
    assert response.json()["errors"] == [
        {"field": "claims[0].start", "message": f"the span {sentence['start']}-{sentence['end'] + 30} is not inside "
                                                f"the sentence ({sentence['start']}-{sentence['end']})"},
        {"field": "claims[0].stance", "message": "'adores' is not a stance of this project (neutral, oppose, support)"},
    ]
    for body in ({"sentence": sentence["id"]}, {"sentence": "x", "claims": []},
                 {"sentence": sentence["id"], "claims": [{"start": "a", "end": 3}]}, [1, 2]):
        response = api.post(url("annotations/"), body, format="json")
        assert response.status_code == 400 and response["Content-Type"] == "application/json"
    assert not Annotation.objects.exists() and not Claim.objects.exists() and not AnnotationRevision.objects.exists()


def test_the_list_filters_by_source(corpus, annotator, editor, url):
    first, last = corpus.sentences[0], corpus.sentences[-1]
    assert first.source_id != last.source_id
    for sentence in (first, last):
        client_for(annotator).post(url("annotations/"), {"sentence": sentence.pk, "claims": []}, format="json")
    rows = client_for(editor).get(url(f"annotations/?source={last.source_id}")).json()["results"]
    assert [row["sentence"] for row in rows] == [last.pk]


@pytest.mark.parametrize("query", ["sentence=abc", "annotator=someone", "sentence=-1", "source=x"])
def test_bad_list_filters_are_a_json_400(corpus, editor, url, query):
    response = client_for(editor).get(url(f"annotations/?{query}"))
    assert response.status_code == 400 and response["Content-Type"] == "application/json"


@pytest.mark.parametrize("query", [{"sentence": "abc"}, {"annotator": "someone", "source": "0"}])
def test_the_list_reads_its_filters_with_the_web_pages_filterset(corpus, editor, url, query):
    response = client_for(editor).get(url("annotations/"), query)
    body = response.json()
    fields = {key: value for key, value in body.items() if key not in ("detail", "errors")}
    assert fields == AnnotationFilter(query).errors and body["detail"]  # the Annotations page's words


def test_bad_context_is_a_json_400(corpus, annotator, url):
    assert client_for(annotator).get(url("next/?context=99")).status_code == 400


def test_conflicts_are_409(corpus, annotator, editor, manager, url):
    sentence_id = corpus.sentences[0].pk
    assert client_for(annotator).post(url("annotations/"), {"sentence": sentence_id, "claims": []},
                                      format="json").status_code == 201
    again = client_for(annotator).post(url("annotations/"), {"sentence": sentence_id, "claims": [], "comment": "new"},
                                       format="json")
    assert again.status_code == 409 and "PATCH" in again.json()["detail"]
    client_for(editor).post(url("annotations/"), {"sentence": sentence_id, "claims": []}, format="json")
    full = client_for(manager).post(url("annotations/"), {"sentence": sentence_id, "claims": []}, format="json")
    assert full.status_code == 409 and "already has its 2 annotators" in full.json()["detail"]


def test_a_retried_submit_of_the_same_content_answers_200_with_the_stored_annotation(corpus, annotator, url):
    sentence = corpus.sentences[1]
    actors = corpus.actors
    body = {"sentence": sentence.pk, "comment": "as sent", "seconds_spent": 9, "claims": [
        {"start": sentence.start, "end": sentence.start + 7, "subject": actors["Kastran"].pk,
         "target": actors["Veloria"].pk, "stance": "oppose"}]}
    api = client_for(annotator)
    first = api.post(url("annotations/"), body, format="json")
    assert first.status_code == 201
    # The answer was lost; the form sends the same again (its clock has run on meanwhile).
    retried = api.post(url("annotations/"), body | {"seconds_spent": 15}, format="json")
    assert retried.status_code == 200 and retried.json() == first.json()
    assert Annotation.objects.count() == 1 and Claim.objects.count() == 1 and AnnotationRevision.objects.count() == 1
    changed = api.post(url("annotations/"), body | {"claims": []}, format="json")
    assert changed.status_code == 409 and "PATCH" in changed.json()["detail"]
    assert Claim.objects.count() == 1


def test_skip_is_recorded_and_leaves_my_queue(corpus, annotator, url):
    api = client_for(annotator)
    first = api.get(url("next/")).json()["sentence"]["id"]
    response = api.post(url("skip/"), {"sentence": first}, format="json")
    assert response.status_code == 201
    assert response.json()["sentence"] == first and response.json()["annotator"] == annotator.pk
    assert Skip.objects.filter(sentence_id=first, annotator=annotator).count() == 1
    assert api.get(url("next/")).json()["sentence"]["id"] != first
    assert api.post(url("skip/"), {"sentence": "first"}, format="json").status_code == 400


def test_history_lists_every_revision_with_who_when_before_after(corpus, annotator, editor, url):
    api = client_for(annotator)
    sentence = api.get(url("next/")).json()["sentence"]
    created = api.post(url("annotations/"), {"sentence": sentence["id"], "claims": [
        whole_sentence_claim(sentence, corpus)]}, format="json").json()
    patched = api.patch(url(f"annotations/{created['id']}/"), {"claims": [], "version": 1}, format="json")
    assert patched.status_code == 200 and patched.json()["version"] == 2 and patched.json()["claims"] == []
    put = client_for(editor).put(url(f"annotations/{created['id']}/"), {"claims": [], "comment": "fine"},
                                 format="json")
    assert put.status_code == 200 and put.json()["comment"] == "fine"
    stale = api.patch(url(f"annotations/{created['id']}/"), {"comment": "late", "version": 2}, format="json")
    assert stale.status_code == 409
    entries = client_for(editor).get(url(f"annotations/{created['id']}/history/")).json()
    assert [(e["version"], e["changed_by"], e["changed_by_name"]) for e in entries] == [
        (1, annotator.pk, "annotator"), (2, annotator.pk, "annotator"), (3, editor.pk, "editor")]
    assert entries[0]["before"] is None and entries[1]["before"]["claims"][0]["stance"] == "oppose"
    assert entries[1]["after"]["claims"] == [] and entries[2]["after"]["comment"] == "fine"
    assert all(e["changed_at"] for e in entries)
    # What each version changed: the first added the claim, the second removed it, the third the comment.
    assert [len(e["changes"]["added"]) for e in entries] == [1, 0, 0]
    assert entries[1]["changes"]["removed"] == entries[0]["after"]["claims"] and not entries[1]["changes"]["fields"]
    assert entries[2]["changes"] == {"added": [], "removed": [], "changed": [],
                                     "fields": [{"name": "comment", "before": "", "after": "fine"}]}


def test_put_needs_the_claims(corpus, annotator, url):
    api = client_for(annotator)
    created = api.post(url("annotations/"), {"sentence": corpus.sentences[0].pk, "claims": []}, format="json").json()
    assert api.put(url(f"annotations/{created['id']}/"), {"comment": "x"}, format="json").status_code == 400


# ---- every persona × every endpoint ---------------------------------------------------------


def exercise(api, url, corpus, sentence_id, annotation_id):
    """Status of every endpoint for one caller."""
    return {
        "next": api.get(url("next/")).status_code,
        "skip": api.post(url("skip/"), {"sentence": corpus.sentences[5].pk}, format="json").status_code,
        "create": api.post(url("annotations/"), {"sentence": sentence_id, "claims": []}, format="json").status_code,
        "list": api.get(url("annotations/")).status_code,
        "detail": api.get(url(f"annotations/{annotation_id}/")).status_code,
        "patch": api.patch(url(f"annotations/{annotation_id}/"), {"comment": "x"}, format="json").status_code,
        "put": api.put(url(f"annotations/{annotation_id}/"), {"claims": []}, format="json").status_code,
        "history": api.get(url(f"annotations/{annotation_id}/history/")).status_code,
    }


@pytest.mark.parametrize("persona", ["manager", "editor", "annotator"])
def test_members_use_every_endpoint(corpus, url, persona, request):
    user = request.getfixturevalue(persona)
    api = client_for(user)
    own = api.post(url("annotations/"), {"sentence": corpus.sentences[4].pk, "claims": []}, format="json").json()
    assert exercise(api, url, corpus, corpus.sentences[3].pk, own["id"]) == {
        "next": 200, "skip": 201, "create": 201, "list": 200, "detail": 200, "patch": 200, "put": 200,
        "history": 200}


@pytest.mark.parametrize("persona", ["outsider", "anonymous"])
def test_outsiders_and_anonymous_get_nothing(corpus, annotator, url, persona, request):
    made = client_for(annotator).post(url("annotations/"), {"sentence": corpus.sentences[4].pk, "claims": []},
                                      format="json").json()
    user = request.getfixturevalue("outsider") if persona == "outsider" else None
    statuses = exercise(client_for(user), url, corpus, corpus.sentences[3].pk, made["id"])
    expected = 404 if persona == "outsider" else 401
    assert statuses == dict.fromkeys(statuses, expected)
    assert Annotation.objects.count() == 1 and not Skip.objects.exists()


def test_another_projects_annotation_under_this_url_is_404(corpus, annotator, url):
    other = create_project(name="Other", slug="other", manager=annotator)
    from claims.ingest.readers import RawArticle
    from claims.ingest.service import import_articles

    import_articles(project=other, articles=[RawArticle(text="Veloria met Kastran in Port Asmel.", origin="o.txt")])
    api = client_for(annotator)
    other_sentence = api.get(f"/api/projects/{other.pk}/next/").json()["sentence"]["id"]
    foreign = api.post(f"/api/projects/{other.pk}/annotations/", {"sentence": other_sentence, "claims": []},
                       format="json").json()
    for response in (api.get(url(f"annotations/{foreign['id']}/")),
                     api.patch(url(f"annotations/{foreign['id']}/"), {"comment": "x"}, format="json"),
                     api.get(url(f"annotations/{foreign['id']}/history/"))):
        assert response.status_code == 404
    # Its sentence in this project's body: a clear 400, nothing written.
    response = api.post(url("annotations/"), {"sentence": other_sentence, "claims": []}, format="json")
    assert response.status_code == 400 and "is not in this project" in response.json()["detail"]
    assert api.post(url("skip/"), {"sentence": other_sentence}, format="json").status_code == 400
    assert Annotation.objects.count() == 1


# ---- blind ----------------------------------------------------------------------------------


@pytest.fixture
def two_annotations(corpus, annotator, url):
    """The annotator's and a second annotator's annotation of the same sentence, with claims."""
    second = make_user("second")
    add_member(project=corpus.project, user=second, role=Role.ANNOTATOR)
    sentence_id = corpus.sentences[1].pk
    sentence = {"start": corpus.sentences[1].start, "end": corpus.sentences[1].end}
    made = {}
    for user in (annotator, second):
        made[user.username] = client_for(user).post(url("annotations/"), {
            "sentence": sentence_id, "claims": [whole_sentence_claim(sentence, corpus)]}, format="json").json()
    return second, made


def test_blind_annotators_see_only_their_own_labels(corpus, annotator, url, two_annotations):
    second, made = two_annotations
    api = client_for(annotator)
    theirs = made["second"]["id"]
    listed = api.get(url(f"annotations/?sentence={corpus.sentences[1].pk}")).json()["results"]
    assert [a["id"] for a in listed] == [made["annotator"]["id"]]
    assert api.get(url("annotations/?annotator=all")).json()["count"] == 1
    assert api.get(url(f"annotations/?annotator={second.pk}")).status_code == 403
    for response in (api.get(url(f"annotations/{theirs}/")), api.get(url(f"annotations/{theirs}/history/")),
                     api.patch(url(f"annotations/{theirs}/"), {"comment": "x"}, format="json")):
        assert response.status_code == 404
    assert b"oppose" not in api.get(url("next/")).content  # next shows no one's labels


@pytest.mark.parametrize("persona", ["editor", "manager"])
def test_editors_and_managers_see_every_annotation(corpus, url, two_annotations, persona, request):
    api = client_for(request.getfixturevalue(persona))
    assert api.get(url(f"annotations/?sentence={corpus.sentences[1].pk}")).json()["count"] == 2
    assert api.get(url(f"annotations/{two_annotations[1]['second']['id']}/history/")).status_code == 200


def test_open_projects_let_annotators_read_but_not_change_others(corpus, annotator, url, two_annotations):
    corpus.project.blind = False
    corpus.project.save()
    second, made = two_annotations
    api = client_for(annotator)
    assert api.get(url("annotations/")).json()["count"] == 1  # my work by default
    assert api.get(url("annotations/?annotator=all")).json()["count"] == 2
    assert api.get(url(f"annotations/?annotator={second.pk}")).json()["count"] == 1
    assert api.get(url(f"annotations/{made['second']['id']}/")).status_code == 200
    refused = api.patch(url(f"annotations/{made['second']['id']}/"), {"comment": "x"}, format="json")
    assert refused.status_code == 403 and "only their own" in refused.json()["detail"]


def test_my_work_lists_my_annotations_newest_first(corpus, annotator, editor, url):
    api = client_for(annotator)
    ids = [api.post(url("annotations/"), {"sentence": s.pk, "claims": []}, format="json").json()["id"]
           for s in corpus.sentences[:3]]
    client_for(editor).post(url("annotations/"), {"sentence": corpus.sentences[0].pk, "claims": []}, format="json")
    api.patch(url(f"annotations/{ids[0]}/"), {"comment": "revisited"}, format="json")
    assert [a["id"] for a in api.get(url("annotations/?annotator=me")).json()["results"]] == [ids[0], ids[2], ids[1]]
    assert client_for(editor).get(url("annotations/?annotator=me")).json()["count"] == 1


# ---- query counts ---------------------------------------------------------------------------


def test_query_counts_are_pinned(corpus, annotator, url, django_assert_num_queries):
    api = client_for(annotator)
    api.get(url("next/"))  # the first call also creates the annotator's cursor row
    with django_assert_num_queries(3):  # project and role, the reservation (one statement), context
        sentence = api.get(url("next/")).json()["sentence"]
    # The save is one statement; inside the test's transaction it also takes a savepoint (2 more).
    with django_assert_num_queries(4 + 2):  # project and role, sentence, actors, the save
        created = api.post(url("annotations/"), {"sentence": sentence["id"], "claims": [
            whole_sentence_claim(sentence, corpus)]}, format="json")
    assert created.status_code == 201
    with django_assert_num_queries(3):  # project and role, the reservation, context
        api.get(url("next/"))
    for sentence in corpus.sentences[1:4]:
        api.post(url("annotations/"), {"sentence": sentence.pk, "claims": []}, format="json")
    with django_assert_num_queries(4):  # project and role, count, page, claims
        assert api.get(url("annotations/")).json()["count"] == 4
    with django_assert_num_queries(3):  # project and role, the annotation, its revisions
        api.get(url(f"annotations/{created.json()['id']}/history/"))


def test_the_schema_documents_what_the_api_returns(corpus, annotator, url):
    from claims.api import annotation as documented
    from claims.api import serializers as shared

    def fields(serializer) -> set[str]:
        return set(serializer().fields)

    api = client_for(annotator)
    item = api.get(url("next/")).json()
    assert set(item) == fields(documented.NextItemSerializer)
    assert set(item["sentence"]) == fields(shared.SentenceSerializer)
    assert set(item["sentence"]["mentions"][0]) == fields(shared.MentionSerializer)
    assert set(item["source"]) == fields(documented.SourceOutSerializer)
    created = api.post(url("annotations/"), {"sentence": item["sentence"]["id"], "claims": [
        whole_sentence_claim(item["sentence"], corpus)]}, format="json").json()
    assert set(created) == fields(documented.AnnotationSerializer)
    assert set(created["claims"][0]) == fields(documented.ClaimSerializer)
    revision = api.get(url(f"annotations/{created['id']}/history/")).json()[0]
    assert set(revision) == fields(documented.RevisionSerializer)
    assert set(revision["changes"]) == fields(documented.ChangesSerializer)
    assert set(revision["changes"]["added"][0]) == fields(documented.ClaimSerializer) - {"id"}
    refused = api.post(url("annotations/"), {"sentence": item["sentence"]["id"], "claims": []}, format="json").json()
    assert set(refused) == fields(documented.RefusalSerializer)
    assert set(refused["errors"][0]) == fields(documented.ProblemSerializer)


def test_next_with_reserve_0_only_looks_and_takes_no_slot(corpus, manager, url):
    from claims.models import QueueItem

    api = client_for(manager)
    looked = api.get(url("next/?reserve=0")).json()
    assert looked["reserved_until"] is None
    assert not QueueItem.objects.filter(sentence_id=looked["sentence"]["id"]).get().holders
    # Looking again gives the same; starting reserves it.
    assert api.get(url("next/?reserve=0")).json()["sentence"]["id"] == looked["sentence"]["id"]
    reserved = api.get(url("next/")).json()
    assert reserved["sentence"]["id"] == looked["sentence"]["id"] and reserved["reserved_until"]
    assert QueueItem.objects.filter(sentence_id=looked["sentence"]["id"]).get().holders == [manager.pk]
    # Held now, looking gives the sentence held.
    assert api.get(url("next/?reserve=0")).json()["sentence"]["id"] == looked["sentence"]["id"]
    bad = api.get(url("next/?reserve=2"))
    assert bad.status_code == 400 and "reserve" in bad.json()
