"""The review API: every endpoint for each persona, and bad input answered as JSON that changes nothing."""

import pytest

from claims.models import Adjudication

ENDPOINTS = ["disagreements/", "adjudications/", "agreement/", "agreement/items/?field=stance", "propositions/",
             "conflicts/", "conflicts/agreements/", "outlets/", "stance-map/", "stance-map/?outlet=Ledger"]


@pytest.mark.parametrize("endpoint", ENDPOINTS)
def test_editors_and_managers_read_annotators_are_refused_outsiders_see_nothing(
        team, endpoint, as_user, manager, editor, annotator, outsider):
    url = f"/api/projects/{team.project.pk}/{endpoint}"
    for user, expected in ((editor, 200), (manager, 200), (annotator, 403), (outsider, 404)):
        response = as_user(user).get(url)
        assert response.status_code == expected, (user.username, response.content[:200])


@pytest.mark.parametrize("endpoint", ["adjudications/", "adjudications/accept/", "propositions/",
                                      "propositions/propose/", "conflicts/resolutions/"])
def test_annotators_cannot_write_anything(team, endpoint, as_user, annotator, outsider):
    url = f"/api/projects/{team.project.pk}/{endpoint}"
    assert as_user(annotator).post(url, {}, format="json").status_code == 403
    assert as_user(outsider).post(url, {}, format="json").status_code == 404


def test_adjudicating_through_the_api_then_a_stale_second_decision(team, label, as_user, editor, manager):
    s = team.sentences[1]
    label("a", s, ("support", 0))
    label("b", s, ("oppose", 0))
    url = f"/api/projects/{team.project.pk}"
    queue = as_user(editor).get(f"{url}/disagreements/").json()["results"]
    assert [(d["sentence"], d["fields"]) for d in queue] == [(s.pk, {"stance": 1})]
    claim = {"start": s.start, "end": s.end, "subject": team.actors["Kastran"].pk,
             "target": team.actors["Veloria"].pk, "stance": "oppose"}
    made = as_user(editor).post(f"{url}/adjudications/", {"sentence": s.pk, "claims": [claim], "note": "why"},
                                format="json")
    assert made.status_code == 201 and made.json()["resolution"] == "adjudicated"
    assert as_user(editor).get(f"{url}/disagreements/").json()["results"] == []  # settled
    side = as_user(editor).get(f"{url}/disagreements/{s.pk}/").json()
    assert len(side["annotations"]) == 2 and side["gold"]["note"] == "why" and len(side["gold_history"]) == 1
    stale = as_user(manager).post(f"{url}/adjudications/", {"sentence": s.pk, "claims": [], "note": "x"},
                                  format="json")
    assert stale.status_code == 409 and stale.json()["errors"][0]["field"] == "revises"


@pytest.mark.parametrize(("endpoint", "body", "field"), [
    ("adjudications/", {"sentence": "x", "claims": []}, "sentence"),
    ("adjudications/", {"sentence": 0, "claims": []}, "sentence"),
    ("adjudications/accept/", {"resolution": "adjudicated"}, "resolution"),
    ("propositions/", {"text": "Kastran opposes the dam", "claims": [999999]}, "claims"),
    ("conflicts/resolutions/", {"proposition": 999999, "kind": "stance", "verdict": "unresolved"}, "proposition"),
])
def test_bad_input_is_a_json_error_and_changes_nothing(team, as_user, editor, endpoint, body, field):
    response = as_user(editor).post(f"/api/projects/{team.project.pk}/{endpoint}", body, format="json")
    assert response.status_code in (400, 404)
    assert response["Content-Type"].startswith("application/json")
    data = response.json()
    assert field in str(data)
    assert not Adjudication.objects.exists()


def test_bad_filters_are_400(team, as_user, editor):
    url = f"/api/projects/{team.project.pk}"
    assert as_user(editor).get(f"{url}/disagreements/?field=mood").status_code == 400
    assert as_user(editor).get(f"{url}/agreement/items/?field=stance&annotators=a,b").status_code == 400
    assert as_user(editor).get(f"{url}/propositions/?status=maybe").status_code == 400
