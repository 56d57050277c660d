"""Invariants the database itself enforces, tried against real PostgreSQL."""

import pytest
from django.db import IntegrityError, InternalError, transaction

from claims.actors.service import save_actor
from claims.ingest.readers import RawArticle
from claims.ingest.service import import_articles
from claims.models import (
    ActorMention,
    Annotation,
    Claim,
    Membership,
    ModelVersion,
    Project,
    Sentence,
    Source,
)

pytestmark = pytest.mark.django_db
DB_ERRORS = (IntegrityError, InternalError)


@pytest.fixture
def sentence(project):
    import_articles(project=project, articles=[RawArticle(text="Kastran moved troops. Veloria protested.", origin="t")])
    return Sentence.objects.get(project=project, index=0)


def violates(**create):
    model, fields = create.popitem()
    with pytest.raises(DB_ERRORS), transaction.atomic():
        model.objects.create(**fields)


def test_sentence_text_must_equal_source_slice(sentence):
    with pytest.raises(DB_ERRORS, match="does not match the text of source"), transaction.atomic():
        Sentence.objects.create(project=sentence.project, source=sentence.source, index=9, start=0, end=7,
                                text="Veloria")


def test_sentence_offsets_must_lie_inside_text(sentence):
    length = len(sentence.source.text)
    with pytest.raises(DB_ERRORS), transaction.atomic():
        Sentence.objects.create(project=sentence.project, source=sentence.source, index=9, start=length - 2,
                                end=length + 5, text="d.")


def test_sentence_start_before_end(sentence):
    with pytest.raises(IntegrityError, match="sentence_start_before_end"), transaction.atomic():
        Sentence.objects.create(project=sentence.project, source=sentence.source, index=9, start=5, end=5, text="")


def test_sentence_must_belong_to_its_sources_project(sentence):
    other = Project.objects.create(name="Other", slug="other")
    with pytest.raises(DB_ERRORS), transaction.atomic():
        Sentence.objects.create(project=other, source=sentence.source, index=9, start=0, end=7, text="Kastran")


def test_sentence_update_is_checked_too(sentence):
    with pytest.raises(DB_ERRORS), transaction.atomic():
        Sentence.objects.filter(id=sentence.id).update(start=1)


def test_source_text_is_immutable(sentence):
    with pytest.raises(DB_ERRORS, match="immutable"), transaction.atomic():
        Source.objects.filter(id=sentence.source_id).update(text="Rewritten.")
    Source.objects.filter(id=sentence.source_id).update(title="Titles may change")


def test_one_source_per_content_hash_per_project(sentence):
    source = sentence.source
    with pytest.raises(IntegrityError, match="source_unique_content_per_project"), transaction.atomic():
        Source.objects.create(project=source.project, text="other text", content_hash=source.content_hash)


def test_mention_must_lie_inside_its_sentence(sentence):
    actor = save_actor(project=sentence.project, name="Veloria")
    with pytest.raises(DB_ERRORS, match="outside sentence"), transaction.atomic():
        ActorMention.objects.create(sentence=sentence, actor=actor, start=sentence.end + 1, end=sentence.end + 8)


def test_one_annotation_per_sentence_and_annotator(sentence, annotator):
    Annotation.objects.create(project=sentence.project, sentence=sentence, annotator=annotator)
    with pytest.raises(IntegrityError, match="annotation_one_per_sentence_and_annotator"), transaction.atomic():
        Annotation.objects.create(project=sentence.project, sentence=sentence, annotator=annotator)


def test_claim_rules(sentence, annotator):
    annotation = Annotation.objects.create(project=sentence.project, sentence=sentence, annotator=annotator)
    actor = save_actor(project=sentence.project, name="Kastran")
    base = dict(sentence=sentence, start=sentence.start, end=sentence.start + 7, text="Kastran")
    with pytest.raises(IntegrityError, match="claim_no_target_no_stance"), transaction.atomic():
        Claim.objects.create(annotation=annotation, stance="support", **base)
    with pytest.raises(IntegrityError, match="claim_belongs_to_annotation_or_adjudication"), transaction.atomic():
        Claim.objects.create(**base)
    with pytest.raises(DB_ERRORS, match="outside sentence"), transaction.atomic():
        Claim.objects.create(annotation=annotation, **{**base, "end": sentence.end + 3})
    Claim.objects.create(annotation=annotation, subject=actor, target=actor, stance="support", **base)


def test_membership_unique_and_role_valid(project, annotator):
    with pytest.raises(IntegrityError, match="membership_unique"), transaction.atomic():
        Membership.objects.create(project=project, user=annotator, role="editor")
    with pytest.raises(IntegrityError, match="membership_role_valid"), transaction.atomic():
        Membership.objects.filter(project=project, user=annotator).update(role="overlord")


def test_one_live_model_per_project(project):
    ModelVersion.objects.create(project=project, base_model="m", status="live")
    with pytest.raises(IntegrityError, match="one_live_model_per_project"), transaction.atomic():
        ModelVersion.objects.create(project=project, base_model="m2", status="live")


def test_mention_actor_must_belong_to_the_sentences_project(sentence):
    other = Project.objects.create(name="Other", slug="other")
    foreign = save_actor(project=other, name="Foreign")
    with pytest.raises(DB_ERRORS, match="actor of another project"), transaction.atomic():
        ActorMention.objects.create(sentence=sentence, actor=foreign, start=sentence.start, end=sentence.start + 3)


def test_mention_of_a_missing_sentence_or_actor_is_refused(sentence):
    actor = save_actor(project=sentence.project, name="Veloria")
    with pytest.raises(DB_ERRORS), transaction.atomic():
        ActorMention.objects.create(sentence_id=sentence.id + 10_000, actor=actor, start=0, end=3)
    with pytest.raises(DB_ERRORS), transaction.atomic():
        ActorMention.objects.create(sentence=sentence, actor_id=actor.id + 10_000, start=sentence.start,
                                    end=sentence.start + 3)


def test_deleting_a_source_takes_its_sentences_and_mentions(sentence, run_rematch):
    actor = save_actor(project=sentence.project, name="Kastran")
    run_rematch(sentence.project)
    assert ActorMention.objects.filter(actor=actor).count() == 1
    sentence.source.delete()
    assert not Sentence.objects.exists() and not ActorMention.objects.exists()


def test_checks_keep_index_plans_whatever_the_statistics(db):
    # Without this a bulk import right after a table was emptied scans the whole table per row.
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT proname, proconfig FROM pg_proc WHERE proname IN "
                       "('claims_sentence_offsets_check', 'claims_mention_check', 'claims_span_inside_sentence_check', "
                       "'claims_source_parents_check', 'claims_still_referenced_check')")
        configs = dict(cursor.fetchall())
    assert configs == {name: ["enable_seqscan=off"] for name in configs} and len(configs) == 5


def test_source_must_name_an_existing_project_and_a_job_of_that_project(sentence, manager):
    from claims.models import ImportJob

    source = sentence.source
    with pytest.raises(DB_ERRORS, match="missing project"), transaction.atomic():
        Source.objects.create(project_id=source.project_id + 10_000, text="x", content_hash="x")
    other = Project.objects.create(name="Other", slug="other")
    foreign_job = ImportJob.objects.create(project=other)
    with pytest.raises(DB_ERRORS, match="import job"), transaction.atomic():
        Source.objects.filter(id=source.id).update(import_job=foreign_job)
    with pytest.raises(DB_ERRORS, match="import job"), transaction.atomic():
        Source.objects.filter(id=source.id).update(import_job_id=foreign_job.id + 10_000)
    own_job = ImportJob.objects.create(project=source.project)
    Source.objects.filter(id=source.id).update(import_job=own_job)


def test_parents_still_referred_to_cannot_be_deleted_behind_the_orms_back(db):
    from django.db import connection

    from claims.models import ImportJob, SuggestionRun

    bare = Project.objects.create(name="Bare", slug="bare")  # no members or jobs: only a source points to it
    import_articles(project=bare, articles=[RawArticle(text="Veloria protested.", origin="t")])
    SuggestionRun.objects.filter(project=bare).delete()  # the one the import queued
    project = Project.objects.create(name="Other", slug="other")
    job = ImportJob.objects.create(project=project)
    import_articles(project=project, articles=[RawArticle(text="Kastran moved troops.", origin="t")], job=job)
    source = Source.objects.get(project=project)
    for table, row in (("claims_source", source.id), ("claims_project", bare.id), ("claims_importjob", job.id)):
        refused = pytest.raises(DB_ERRORS, match="still refers to a deleted")
        with refused, transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(f"DELETE FROM {table} WHERE id = %s", [row])
    # Through the ORM the children go (or are unlinked) first.
    job.delete()
    assert Source.objects.get(id=source.id).import_job_id is None
    bare.delete()
    project.delete()
    assert not Source.objects.exists() and not Sentence.objects.exists()
