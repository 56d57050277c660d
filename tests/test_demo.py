"""The demo command: a project with articles, actors and four logins; safe to run twice."""

import pytest
from django.contrib.auth import authenticate
from django.core.management import call_command

from claims.models import ActorMention, Membership, Project, Sentence, Source

pytestmark = pytest.mark.django_db


def test_demo_loads_corpus_and_prints_working_logins(capsys):
    call_command("demo")
    out = capsys.readouterr().out
    project = Project.objects.get(slug="demo")
    assert 8 <= Source.objects.filter(project=project).count() <= 12
    assert Source.objects.filter(project=project).values("outlet").distinct().count() >= 4
    assert project.actors.count() >= 10
    assert ActorMention.objects.filter(sentence__project=project).count() > 50
    roles = dict(Membership.objects.filter(project=project).values_list("user__username", "role"))
    assert roles == {"manager": "manager", "editor": "editor", "annotator1": "annotator", "annotator2": "annotator"}
    for line in out.splitlines():
        parts = line.split()
        if len(parts) == 3 and parts[0] in roles:
            assert authenticate(username=parts[0], password=parts[1]) is not None
    for sentence in Sentence.objects.filter(project=project).select_related("source"):
        assert sentence.source.text[sentence.start : sentence.end] == sentence.text


def test_demo_twice_keeps_one_copy(capsys):
    call_command("demo")
    call_command("demo")
    assert "already loaded" in capsys.readouterr().out
    assert Project.objects.filter(slug="demo").count() == 1
    assert Source.objects.filter(project__slug="demo").count() == 10


def test_demo_structure_is_detected():
    call_command("demo")
    sources = Source.objects.filter(project__slug="demo")
    assert Sentence.objects.filter(source__in=sources, kind="byline").exists()
    assert Sentence.objects.filter(source__in=sources, kind="disclaimer").exists()
    # Page furniture is kept, as furniture segments, never as annotatable text.
    back_to_top = Sentence.objects.filter(source__in=sources, text__icontains="Back to Top")
    assert back_to_top.exists()
    assert set(back_to_top.values_list("kind", flat=True)) == {"furniture"}


def test_demo_prints_an_admin_login_that_works(capsys):
    from claims.models import User

    call_command("demo")
    lines = [line.split() for line in capsys.readouterr().out.splitlines()]
    username, password, role = next(parts for parts in lines if parts and parts[0] == "admin")
    assert role == "(superuser)"
    admin = authenticate(username=username, password=password)
    assert admin is not None and admin.is_superuser and admin.is_staff
    # A second run resets the password: the first one no longer works.
    call_command("demo")
    assert authenticate(username=username, password=password) is None
    assert User.objects.filter(username="admin").count() == 1
