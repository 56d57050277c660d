"""Project services: creating, settings (validated, recorded, all or nothing), scheme renames, the team."""

import time

import pytest

from claims.ingest.readers import RawArticle
from claims.ingest.service import import_articles
from claims.models import Actor, Annotation, Claim, Membership, ProjectChange, QueueItem, Role
from claims.models.project import default_label_scheme
from claims.projects import ProjectError, add_member, create_project, remove_member, update_settings


@pytest.fixture
def claims(project, annotator):
    """Two annotated claims: one 'support'/'asserted', one 'neutral'/'hedged'."""
    import_articles(project=project, articles=[RawArticle(
        text="Talks\n\nVeloria said it backs Kastran. Kastran met the bloc.\n", origin="t.txt")])
    first, second = project.sentences.filter(kind="body").order_by("index")
    veloria = Actor.objects.create(project=project, name="Veloria")
    kastran = Actor.objects.create(project=project, name="Kastran")
    made = []
    for sentence, stance, certainty in ((first, "support", "asserted"), (second, "neutral", "hedged")):
        annotation = Annotation.objects.create(project=project, sentence=sentence, annotator=annotator)
        made.append(Claim.objects.create(
            sentence=sentence, annotation=annotation, start=sentence.start, end=sentence.end, text=sentence.text,
            subject=veloria, target=kastran, stance=stance, certainty=certainty,
        ))
    return made


def test_create_project_makes_the_creator_manager_and_records_it(annotator):
    project = create_project(name="  Water   talks ", manager=annotator, overlap=3)
    assert (project.name, project.slug, project.overlap) == ("Water talks", "water-talks", 3)
    assert project.role_of(annotator) == Role.MANAGER
    assert list(ProjectChange.objects.filter(project=project).values_list("kind", flat=True)) == ["member", "created"]


@pytest.mark.parametrize(
    ("kwargs", "field", "message"),
    [
        ({"name": ""}, "name", "a project needs a name of 1-200 characters"),
        ({"name": "X", "slug": "Bad Slug"}, "slug", "the short name must be lower-case letters"),
        ({"name": "X", "slug": "border-talks"}, "slug", "a project called 'border-talks' already exists"),
        ({"name": "X", "overlap": 0}, "overlap", "must be from 1 to 20"),
        ({"name": "X", "overlap": "2"}, "overlap", "must be a whole number from 1 to 20"),
        ({"name": "X", "suggestion_threshold": 1.5}, "suggestion_threshold", "must be from 0.0 to 1.0"),
        ({"name": "X", "queue_order": "alphabetical"}, "queue_order", "queue order must be one of"),
        ({"name": "X", "members": []}, "members", "unknown setting"),
        ({"name": "X", "label_scheme": {"stance": [], "certainty": []}}, "label_scheme",
         "the scheme needs at least 2 stance label(s) that are not retired"),
    ],
)
def test_create_project_refuses_bad_settings_and_creates_nothing(project, manager, kwargs, field, message):
    before = ProjectChange.objects.count()
    with pytest.raises(ProjectError) as caught:
        create_project(manager=manager, **kwargs)
    assert any(m.startswith(message) for m in caught.value.errors[field])
    assert ProjectChange.objects.count() == before
    assert manager.memberships.count() == 1


def test_settings_change_is_recorded_with_before_and_after(project, manager):
    update_settings(project=project, changed_by=manager, overlap=3, blind=False, queue_order="random", queue_seed=7,
                    reservation_minutes=30, suggestion_threshold=0.8, guidelines="# Rules")
    project.refresh_from_db()
    assert (project.overlap, project.blind, project.queue_order, project.queue_seed) == (3, False, "random", 7)
    change = ProjectChange.objects.filter(project=project, kind="settings").get()
    assert change.changed_by == manager
    assert change.data["overlap"] == [2, 3] and change.data["guidelines"] == [0, 7]


def test_a_change_that_changes_nothing_is_not_recorded(project, manager):
    update_settings(project=project, changed_by=manager, overlap=project.overlap, label_scheme=default_label_scheme())
    assert not ProjectChange.objects.filter(project=project, kind="settings").exists()


def test_one_bad_setting_changes_nothing(project, manager):
    with pytest.raises(ProjectError) as caught:
        update_settings(project=project, changed_by=manager, overlap=4, reservation_minutes=0)
    assert caught.value.errors == {"reservation_minutes": ["must be from 1 to 1440"]}
    project.refresh_from_db()
    assert project.overlap == 2


def test_rename_rewrites_the_claims_and_is_recorded(project, manager, claims):
    scheme = default_label_scheme()
    scheme["stance"][0].update(value="backs", label="Backs", renamed_from="support")
    scheme["certainty"][2].update(value="speculative", renamed_from="hedged")
    update_settings(project=project, changed_by=manager, label_scheme=scheme)
    assert sorted(Claim.objects.values_list("stance", "certainty")) == [("backs", "asserted"),
                                                                         ("neutral", "speculative")]
    change = ProjectChange.objects.get(project=project, kind="settings")
    assert change.data["renamed"] == {"stance": {"support": "backs"}, "certainty": {"hedged": "speculative"}}
    assert change.data["claims_rewritten"] == 2
    project.refresh_from_db()
    assert project.label_scheme["stance"][0]["value"] == "backs"
    assert "renamed_from" not in project.label_scheme["stance"][0]


def test_removing_a_label_in_use_is_refused_and_nothing_changes(project, manager, claims):
    scheme = default_label_scheme()
    scheme["stance"] = scheme["stance"][:2]
    scheme["stance"][0].update(value="backs", renamed_from="support")
    with pytest.raises(ProjectError) as caught:
        update_settings(project=project, changed_by=manager, label_scheme=scheme, overlap=3)
    assert caught.value.errors["label_scheme"][0].startswith("stance label 'neutral' is used by 1 claim: it cannot")
    project.refresh_from_db()
    assert project.overlap == 2 and len(project.label_scheme["stance"]) == 3
    assert set(Claim.objects.values_list("stance", flat=True)) == {"support", "neutral"}


def test_retiring_a_label_in_use_keeps_its_claims(project, manager, claims):
    scheme = default_label_scheme()
    scheme["stance"][2]["retired"] = True
    update_settings(project=project, changed_by=manager, label_scheme=scheme)
    project.refresh_from_db()
    assert project.label_scheme["stance"][2]["retired"] is True
    assert Claim.objects.filter(stance="neutral").count() == 1


def test_members_are_added_re_roled_and_removed_with_a_record(project, manager, outsider):
    add_member(project=project, user=outsider, role=Role.ANNOTATOR, changed_by=manager)
    add_member(project=project, user=outsider, role=Role.EDITOR, changed_by=manager)
    remove_member(project=project, user=outsider, changed_by=manager)
    assert not Membership.objects.filter(project=project, user=outsider).exists()
    records = ProjectChange.objects.filter(project=project, kind="member", data__user="outsider")
    assert [r.data["role"] for r in records.order_by("id")] == [[None, "annotator"], ["annotator", "editor"],
                                                                  ["editor", None]]
    assert {r.changed_by for r in records} == {manager}


def test_the_only_manager_cannot_leave_or_step_down(project, manager, editor):
    with pytest.raises(ProjectError, match="only manager"):
        remove_member(project=project, user=manager, changed_by=manager)
    with pytest.raises(ProjectError, match="only manager"):
        add_member(project=project, user=manager, role=Role.EDITOR, changed_by=manager)
    add_member(project=project, user=editor, role=Role.MANAGER, changed_by=manager)
    remove_member(project=project, user=manager, changed_by=editor)
    assert project.role_of(manager) is None


def test_removing_someone_who_is_not_a_member(project, manager, outsider):
    with pytest.raises(ProjectError, match="outsider is not a member of this project"):
        remove_member(project=project, user=outsider, changed_by=manager)


def test_an_unknown_role_is_refused(project, manager, outsider):
    with pytest.raises(ProjectError, match="role must be one of manager, editor, annotator"):
        add_member(project=project, user=outsider, role="owner", changed_by=manager)
    assert not Membership.objects.filter(user=outsider).exists()


@pytest.mark.worker
@pytest.mark.django_db(transaction=True)
def test_a_new_queue_order_is_ranked_by_the_worker(project, manager, claims, celery_worker):
    import_articles(project=project, articles=[RawArticle(
        text="More\n\n" + " ".join(f"Sentence number {n} is here." for n in range(12)) + "\n", origin="m.txt")])
    body = list(project.sentences.filter(kind="body").order_by("source_id", "index").values_list("id", flat=True))

    def queue_order():
        return list(QueueItem.objects.filter(project=project).order_by("position").values_list("sentence_id",
                                                                                                  flat=True))

    assert queue_order() == body
    update_settings(project=project, changed_by=manager, queue_order="random", queue_seed=11)
    deadline = time.monotonic() + 20
    while queue_order() == body and time.monotonic() < deadline:
        time.sleep(0.2)
    # The worker re-ranked it (14! orders), as the seed ranks it: ranking again moves nothing.
    assert sorted(queue_order()) == sorted(body) and queue_order() != body
    project.refresh_from_db()
    assert QueueItem.objects.rerank(project=project) == 0
