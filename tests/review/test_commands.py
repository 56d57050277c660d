"""The review and agreement commands."""

import io
import json

import pytest
from django.core.management import CommandError, call_command

from claims.models import Adjudication


def run(*args) -> str:
    out = io.StringIO()
    call_command(*args, stdout=out)
    return out.getvalue()


def test_review_accepts_unanimous_then_majority(team, label, editor):
    s = team.sentences
    for who in "abc":
        label(who, s[0], ("oppose", 0))
    label("a", s[1], ("oppose", 0))
    label("b", s[1], ("oppose", 0))
    label("c", s[1], ("support", 0))
    out = run("review", "--project", team.project.slug, "--accept-unanimous")
    assert "unanimous: 1 sentences became gold" in out and "disagreements left: 1" in out
    out = run("review", "--project", team.project.slug, "--accept-majority", "--editor", editor.username)
    assert "majority: 1 sentences became gold" in out and "disagreements left: 0" in out
    assert Adjudication.objects.get(sentence=s[1]).editor == editor


def test_agreement_prints_a_table_or_the_api_json(team, label):
    label("a", team.sentences[0], ("oppose", 0))
    label("b", team.sentences[0], ("support", 0))
    assert run("agreement", "--project", team.project.slug).splitlines()[0].split()[:4] == [
        "field", "items", "alpha", "fleiss"]
    report = json.loads(run("agreement", "--project", team.project.slug, "--json"))
    assert report["fields"]["stance"]["items"] == 1


def test_unknown_project_or_editor(team):
    with pytest.raises(CommandError):
        run("agreement", "--project", "nope")
    with pytest.raises(CommandError):
        run("review", "--project", team.project.slug, "--accept-majority", "--editor", "nobody")
