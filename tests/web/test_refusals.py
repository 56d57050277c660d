"""How web pages show a service's refusal: on the form's fields, above the form, as a list, or as a message."""

import pytest
from django import forms
from django.contrib.messages import get_messages
from django.contrib.messages.storage.cookie import CookieStorage
from django.http import Http404
from django.test import RequestFactory

from claims.curation.errors import CorrectionConflict
from claims.errors import Problem, ServiceError
from claims.ingest.errors import IngestError
from claims.ingest.errors import Problem as FileProblem
from claims.web.refusals import Refusal


class TitleForm(forms.Form):
    title = forms.CharField()
    file = forms.CharField(required=False)


def bound_form() -> TitleForm:
    form = TitleForm({"title": "x"})
    assert form.is_valid()
    return form


def test_problems_go_on_their_fields_and_the_rest_above_the_form():
    form = bound_form()
    with Refusal(form) as refusal:
        raise ServiceError([Problem("title", "title must be text"), Problem("", "nothing to correct"),
                            Problem("colour", "unknown setting")])
    assert refusal.status == 400 and refusal.problems == []
    assert form.errors["title"] == ["title must be text"]
    assert form.non_field_errors() == ["nothing to correct", "colour: unknown setting"]


def test_problems_naming_no_field_can_go_on_a_chosen_one():
    form = bound_form()
    with Refusal(form, field="file"):
        raise ServiceError("a binary file, not text")
    assert form.errors["file"] == ["a binary file, not text"] and not form.non_field_errors()


def test_without_a_form_the_problems_are_listed_where_they_are():
    with Refusal() as refusal:
        raise IngestError([FileProblem("a.csv", "malformed CSV", 3), FileProblem("b.txt", "is empty")])
    assert refusal.problems == ["a.csv, line 3: malformed CSV", "b.txt: is empty"]
    assert refusal.status == 400


def test_a_conflict_keeps_its_status_and_a_redirecting_view_gets_a_message():
    request = RequestFactory().post("/")
    request._messages = CookieStorage(request)
    with Refusal(request=request, said="Not split: {}") as refusal:
        raise CorrectionConflict("annotations rest on segment 2")
    assert refusal.status == 409 and refusal.message == "annotations rest on segment 2"
    assert [str(m) for m in get_messages(request)] == ["Not split: annotations rest on segment 2"]


def test_not_found_is_the_sites_404_and_other_errors_pass_through():
    with pytest.raises(Http404), Refusal(bound_form()):
        raise ServiceError.not_found("no annotation 9 in this project")
    with pytest.raises(ValueError), Refusal():
        raise ValueError("a bug, not a refusal")


def test_nothing_refused_is_a_200():
    with Refusal() as refusal:
        pass
    assert (refusal.status, refusal.error, refusal.problems, refusal.message) == (200, None, [], "")
