"""Actors proposed by annotators (claims.actors.proposals): proposing through the API, usable at once, and the
editors' confirm / merge / reject, each recorded, through the API and the Actors page; the three personas."""

import pytest

from claims.annotation.saving import AnnotationInput, ClaimInput, create_annotation
from claims.models import Actor, Claim

pytestmark = pytest.mark.django_db


def propose(as_user, annotator, project, name="Kremlin", kind="organisation"):
    response = as_user(annotator).post(f"/api/projects/{project.id}/actors/", {"name": name, "kind": kind},
                                       format="json")
    assert response.status_code == 201, response.content
    return response.json()


def claim_naming(corpus, annotator, sentence, **actors):
    fields = {"start": sentence.start, "end": sentence.end, "claimant_is_outlet": True} | actors
    return create_annotation(project=corpus.project, annotator=annotator, sentence_id=sentence.pk,
                             data=AnnotationInput(claims=(ClaimInput(**fields),)))


def test_an_annotators_actor_is_proposed_recorded_and_usable_at_once(annotation_corpus, annotator, as_user):
    body = propose(as_user, annotator, annotation_corpus.project)
    assert (body["status"], body["proposed_by"]) == ("proposed", annotator.username) and body["proposed_at"]
    sentence = annotation_corpus.sentences[0]
    annotation = claim_naming(annotation_corpus, annotator, sentence, subject=body["id"],
                              target=annotation_corpus.actors["Veloria"].pk, stance="oppose")
    assert annotation.claims.get().subject_id == body["id"]
    listed = as_user(annotator).get(f"/api/projects/{annotation_corpus.project.id}/actors/?status=proposed").json()
    assert [a["name"] for a in listed["results"]] == ["Kremlin"]


def test_a_curators_actor_is_confirmed(project, editor, as_user):
    assert propose(as_user, editor, project, name="Russia")["status"] == "confirmed"


def test_annotators_and_outsiders_may_not_decide(project, annotator, outsider, as_user):
    proposal = propose(as_user, annotator, project)
    url = f"/api/projects/{project.id}/actors/{proposal['id']}/confirm/"
    assert as_user(annotator).post(url).status_code == 403
    assert as_user(outsider).post(url).status_code == 404
    assert as_user(outsider).post(f"/api/projects/{project.id}/actors/", {"name": "X"}, format="json") \
        .status_code == 404
    assert Actor.objects.get(pk=proposal["id"]).status == "proposed"


def test_confirming_records_who_and_when_and_twice_is_a_conflict(project, annotator, editor, as_user):
    proposal = propose(as_user, annotator, project)
    url = f"/api/projects/{project.id}/actors/{proposal['id']}/confirm/"
    body = as_user(editor).post(url).json()
    assert (body["status"], body["decided_by"]) == ("confirmed", editor.username) and body["decided_at"]
    again = as_user(editor).post(url)
    assert again.status_code == 409 and "is not a proposal" in again.json()["detail"]


def test_merging_repoints_the_claims_keeps_the_name_as_an_alias_and_records_it(annotation_corpus, annotator,
                                                                               editor, as_user):
    project, veloria, kastran = (annotation_corpus.project, annotation_corpus.actors["Veloria"],
                                 annotation_corpus.actors["Kastran"])
    proposal = propose(as_user, annotator, project)
    claim_naming(annotation_corpus, annotator, annotation_corpus.sentences[0], subject=proposal["id"],
                 target=veloria.pk, stance="oppose")
    claim_naming(annotation_corpus, annotator, annotation_corpus.sentences[1], claimant=proposal["id"],
                 claimant_is_outlet=False)
    body = as_user(editor).post(f"/api/projects/{project.id}/actors/{proposal['id']}/merge/",
                                {"into": kastran.pk}, format="json").json()
    assert (body["status"], body["merged_into"], body["repointed_claims"], body["decided_by"]) == (
        "merged", kastran.pk, 2, editor.username)
    assert set(Claim.objects.values_list("subject_id", "claimant_id")) == {(None, kastran.pk), (kastran.pk, None)}
    kastran.refresh_from_db()
    assert "Kremlin" in kastran.aliases
    # A merged actor is named by no new claim.
    with pytest.raises(Exception, match="not an actor of this project"):
        claim_naming(annotation_corpus, annotator, annotation_corpus.sentences[2], subject=proposal["id"])


def test_a_merge_that_would_make_a_subject_its_own_target_changes_nothing(annotation_corpus, annotator, editor,
                                                                          as_user):
    project, veloria = annotation_corpus.project, annotation_corpus.actors["Veloria"]
    proposal = propose(as_user, annotator, project)
    claim_naming(annotation_corpus, annotator, annotation_corpus.sentences[0], subject=proposal["id"],
                 target=veloria.pk, stance="oppose")
    response = as_user(editor).post(f"/api/projects/{project.id}/actors/{proposal['id']}/merge/",
                                    {"into": veloria.pk}, format="json")
    assert response.status_code == 409 and "both subject and target" in response.json()["detail"]
    assert Claim.objects.get().subject_id == proposal["id"] and Actor.objects.get(pk=proposal["id"]).status == \
        "proposed"
    bad = as_user(editor).post(f"/api/projects/{project.id}/actors/{proposal['id']}/merge/", {"into": "x"},
                               format="json")
    assert bad.status_code == 400 and "into" in bad.json()


def test_rejecting_is_refused_while_a_claim_names_it(annotation_corpus, annotator, editor, as_user):
    project = annotation_corpus.project
    named, unused = propose(as_user, annotator, project), propose(as_user, annotator, project, name="Nobody")
    claim_naming(annotation_corpus, annotator, annotation_corpus.sentences[0], claimant=named["id"],
                 claimant_is_outlet=False)
    refused = as_user(editor).post(f"/api/projects/{project.id}/actors/{named['id']}/reject/")
    assert refused.status_code == 409 and "1 claim name 'Kremlin'" in refused.json()["detail"]
    assert as_user(editor).post(f"/api/projects/{project.id}/actors/{unused['id']}/reject/").json()["status"] == \
        "rejected"


def test_the_actors_page_lists_proposals_and_decides_them(annotation_corpus, annotator, editor, as_user, client):
    project, kastran = annotation_corpus.project, annotation_corpus.actors["Kastran"]
    proposal = propose(as_user, annotator, project, name="<b>Kremlin</b>")
    client.force_login(editor)
    page = client.get(f"/projects/{project.id}/actors/").content.decode()
    assert "Proposed by annotators" in page and "&lt;b&gt;Kremlin&lt;/b&gt;" in page and "<b>Kremlin" not in page
    response = client.post(f"/projects/{project.id}/actors/{proposal['id']}/merge/", {"into": kastran.pk})
    assert response.status_code == 302 and Actor.objects.get(pk=proposal["id"]).merged_into_id == kastran.pk
    page = client.get(f"/projects/{project.id}/actors/").content.decode()
    assert "merged into Kastran (0 claims re-pointed) by editor" in page
    client.force_login(annotator)
    assert client.post(f"/projects/{project.id}/actors/{kastran.pk}/confirm/").status_code == 403
