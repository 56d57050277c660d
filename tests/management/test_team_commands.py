"""Batch commands for setting projects up: add_members, configure_project, project_stats."""

import io
import json

import pytest
from django.core.management import CommandError, call_command

from claims.models import Membership, Project, User
from claims.models.project import default_label_scheme


def run(*args) -> str:
    out = io.StringIO()
    call_command(*args, stdout=out)
    return out.getvalue()


def test_add_members_opens_accounts_and_prints_passwords_once(project, outsider):
    out = run("add_members", "--project", "border-talks", "--role", "editor", "--create", "outsider", "newcomer")
    assert "outsider: editor of border-talks\n" in out
    password = out.split("newcomer: editor of border-talks  new account, password ")[1].strip()
    assert User.objects.get(username="newcomer").check_password(password)
    assert project.role_of(outsider) == "editor"


def test_add_members_adds_nobody_when_one_name_is_unknown(project, outsider):
    with pytest.raises(CommandError, match="nobody was added: username: no user is called 'ghost'"):
        run("add_members", "--project", "border-talks", "outsider", "ghost")
    assert not Membership.objects.filter(user=outsider).exists()


def test_configure_project_creates_applies_and_shows(tmp_path, manager):
    settings = tmp_path / "settings.json"
    scheme = default_label_scheme()
    scheme["stance"].append({"value": "mixed", "label": "Mixed", "key": "i"})
    settings.write_text(json.dumps({"overlap": 3, "blind": False, "label_scheme": scheme}))
    out = run("configure_project", "--project", "water", "--create", "--name", "Water talks", "--manager", "manager",
              str(settings), "--show")
    project = Project.objects.get(slug="water")
    assert (project.name, project.overlap, project.blind) == ("Water talks", 3, False)
    assert project.role_of(manager) == "manager"
    assert json.loads(out.split("\n", 1)[1])["label_scheme"]["stance"][3]["value"] == "mixed"


def test_configure_project_reports_every_problem_and_changes_nothing(tmp_path, project):
    settings = tmp_path / "settings.json"
    settings.write_text(json.dumps({"overlap": 0, "label_scheme": {"stance": [], "certainty": []}}))
    with pytest.raises(CommandError) as caught:
        run("configure_project", "--project", "border-talks", str(settings))
    assert "overlap: must be from 1 to 20" in str(caught.value)
    assert "label_scheme: the scheme needs at least 2 stance label(s) that are not retired" in str(caught.value)
    project.refresh_from_db()
    assert project.overlap == 2
    settings.write_text("[1, 2]")
    with pytest.raises(CommandError, match="must hold one JSON object"):
        run("configure_project", "--project", "border-talks", str(settings))


def test_project_stats_prints_the_table_and_the_json(project):
    assert "border-talks: 0 body sentences, 0 complete (k=2), 0 of 0 annotations" in run(
        "project_stats", "--project", "border-talks")
    assert json.loads(run("project_stats", "--project", "border-talks", "--json"))["overlap"] == 2
    with pytest.raises(CommandError, match="no project 'nope'"):
        run("project_stats", "--project", "nope")
