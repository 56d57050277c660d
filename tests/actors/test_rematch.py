"""Actor changes are jobs: coalesced per project, the same mentions as matching synchronously, never
interleaved with an import, and run by a real worker."""

import threading
import time

import psycopg
import pytest
from django.db import connection, connections, transaction

from claims.actors.mentions import MENTIONS_LOCK, matcher_for
from claims.actors.rematch import rematch_mentions, rematch_now, request_rematch, run_rematch_job
from claims.actors.service import delete_actor, import_actors, read_actor_file, save_actor
from claims.ingest.readers import RawArticle
from claims.ingest.service import import_articles
from claims.models import Actor, ActorMatchJob, ActorMention, Sentence
from claims.projects import create_project

ARTICLES = [
    "Dam talks\n\nVeloria said the dam was safe. Dunmere denied that Kastran had moved troops.\n\n"
    "The Russians and the Kastranians watched. Bravik said nothing; the Amber Palace was silent.",
    "Border news\n\nKastran closed the border. Veloria protested, and the bloc met in Port Asmel.",
    "Quiet day\n\nNothing happened by the river. The U.A.N. observers left.",
]


def articles(*texts: str) -> list[RawArticle]:
    return [RawArticle(text=text, origin=f"t{number}.txt") for number, text in enumerate(texts)]


def stored(project) -> set[tuple[int, int, int, int]]:
    return set(ActorMention.objects.filter(sentence__project=project).values_list(
        "sentence_id", "actor_id", "start", "end"))


def synchronous(project) -> set[tuple[int, int, int, int]]:
    """What the synchronous code stored after a change: every sentence matched against the whole actor list."""
    matcher = matcher_for(project)
    return {(sentence.id, actor_id, sentence.start + start, sentence.start + end)
            for sentence in Sentence.objects.filter(project=project)
            for actor_id, start, end in matcher.find(sentence.text)}


def side_connection() -> psycopg.Connection:
    params = connection.get_connection_params()
    params.pop("cursor_factory", None)
    params.pop("context", None)
    return psycopg.connect(**params, autocommit=True)


@pytest.mark.django_db
def test_each_change_queues_a_job_that_leaves_exactly_the_synchronous_mentions(project, editor, run_rematch):
    veloria = save_actor(project=project, name="Veloria", kind="state", aliases=["Dunmere"])
    import_articles(project=project, articles=articles(*ARTICLES))
    run_rematch(project)
    after = stored(project)
    assert after == synchronous(project) and len(after) == 3

    changes = [
        lambda: save_actor(project=project, name="Kastran", kind="state", aliases=["Bravik", "Amber Palace"],
                           user=editor),
        lambda: save_actor(project=project, name="Russia", aliases=["Kastrania"], user=editor),  # plurals too
        lambda: save_actor(project=project, actor=veloria, name="Veloria", aliases=["Port Asmel"], user=editor),
        lambda: import_actors(project=project, specs=read_actor_file(
            "a.csv", b"name,kind,aliases,parent\nRiverlands Cooperation Bloc,organisation,the bloc|U.A.N.,\n")),
        lambda: delete_actor(actor=Actor.objects.get(project=project, name="Kastran"), user=editor),
    ]
    for change in changes:
        change()
        job = ActorMatchJob.objects.get(project=project, status="queued")
        # Nothing matched in the change itself (a deleted actor's mentions go with it).
        actors = set(Actor.objects.filter(project=project).values_list("id", flat=True))
        before = stored(project)
        assert before == {mention for mention in after if mention[1] in actors}
        done = run_rematch(project)
        assert done.id == job.id and done.status == "succeeded" and done.progress == 100
        after = stored(project)
        assert after == synchronous(project)
        assert (done.counts["added"], done.counts["removed"]) == (len(after - before), len(before - after))
        assert done.counts["mentions"] == len(after) and done.counts["sentences"] == project.sentences.count()
    assert {ActorMention.objects.get(sentence_id=s, start=b).sentence.source.text[b:e] for s, _, b, e in after} == {
        "Veloria", "Port Asmel", "Russians", "Kastranians", "the bloc", "U.A.N."}
    assert ActorMatchJob.objects.filter(project=project, created_by=editor).count() == 4  # the upload had none


@pytest.mark.django_db
def test_changes_coalesce_while_queued_and_queue_one_more_while_running(project):
    first = save_actor(project=project, name="Veloria")
    queued = ActorMatchJob.objects.get(project=project)
    save_actor(project=project, name="Kastran")
    save_actor(project=project, actor=first, name="Veloria", aliases=["Dunmere"])
    assert list(ActorMatchJob.objects.filter(project=project)) == [queued]
    # Once it runs, it may have read the list before the next change: that change queues another.
    ActorMatchJob.objects.filter(id=queued.id).update(status="running")
    follow_up = request_rematch(project=project)
    assert follow_up.id != queued.id and follow_up.status == "queued"
    assert request_rematch(project=project) == follow_up
    assert ActorMatchJob.objects.latest_for(project) == follow_up


@pytest.mark.django_db
def test_rematch_now_runs_the_job_in_this_process(project):
    import_articles(project=project, articles=articles(*ARTICLES))
    save_actor(project=project, name="Veloria", aliases=["Dunmere"])
    job = rematch_now(project=project)
    assert job.status == "succeeded" and job.counts["added"] == 3 and stored(project) == synchronous(project)
    again = rematch_now(project=project)
    assert again.id != job.id and again.counts == {**job.counts, "added": 0, "kept": 3}


@pytest.mark.django_db
def test_removed_and_added_at_the_same_place_do_not_collide(project, run_rematch):
    # An alias moves from one actor to another: the old mention goes before the new one comes.
    import_articles(project=project, articles=articles(*ARTICLES))
    kastran = save_actor(project=project, name="Kastran", aliases=["Bravik"])
    run_rematch(project)
    save_actor(project=project, actor=kastran, name="Kastran")
    save_actor(project=project, name="Bravik")
    done = run_rematch(project)
    assert done.counts["removed"] == done.counts["added"] == 1 and stored(project) == synchronous(project)


def hold_lock_in_another_session(project, seconds: float) -> threading.Thread:
    """Another session takes the project's mentions lock and keeps it for `seconds`."""
    taken = threading.Event()

    def hold():
        with side_connection() as other:
            other.execute("SELECT pg_advisory_lock(%s, %s)", [MENTIONS_LOCK, project.id])
            taken.set()
            time.sleep(seconds)

    thread = threading.Thread(target=hold)
    thread.start()
    assert taken.wait(10)
    return thread


@pytest.mark.django_db(transaction=True)  # each import and re-match commits, and lets go of the lock
def test_an_import_waits_for_a_rematch_and_a_rematch_for_an_import(project):
    save_actor(project=project, name="Veloria")
    holder = hold_lock_in_another_session(project, 0.6)
    started = time.monotonic()
    import_articles(project=project, articles=articles(ARTICLES[0]))
    assert time.monotonic() - started >= 0.5
    holder.join()
    holder = hold_lock_in_another_session(project, 0.6)
    started = time.monotonic()
    rematch_mentions(project=project)  # takes the lock itself (matcher_for)
    assert time.monotonic() - started >= 0.5
    holder.join()
    # An editor's split changes sentences too: it waits as well.
    from claims.curation.service import split_sentence

    body = Sentence.objects.filter(project=project, kind="body").order_by("id").first()
    holder = hold_lock_in_another_session(project, 0.6)
    started = time.monotonic()
    split_sentence(sentence=body, user=project.members.first(), at=body.start + 8)
    assert time.monotonic() - started >= 0.5
    holder.join()
    # Another project's import does not wait.
    other = create_project(name="Other", slug="other")
    holder = hold_lock_in_another_session(project, 0.6)
    started = time.monotonic()
    import_articles(project=other, articles=articles(ARTICLES[1]))
    assert time.monotonic() - started < 0.5
    holder.join()


@pytest.mark.django_db(transaction=True)
def test_a_worker_cannot_start_a_queued_job_before_the_change_that_found_it_commits(project):
    import_articles(project=project, articles=articles(*ARTICLES))
    queued = request_rematch(project=project)
    changed = threading.Event()

    def change_slowly():
        try:
            with transaction.atomic():
                save_actor(project=project, name="Veloria")  # finds the queued job and locks its row
                changed.set()
                time.sleep(0.5)
        finally:
            connections.close_all()

    thread = threading.Thread(target=change_slowly)
    thread.start()
    assert changed.wait(10)
    started = time.monotonic()
    done = run_rematch_job(job_id=queued.id)  # the worker's claim waits for the change to commit...
    assert time.monotonic() - started >= 0.3
    thread.join()
    # ... so the job read the actor list with Veloria in it.
    assert done.counts["added"] == 2 and stored(project) == synchronous(project)
    assert ActorMatchJob.objects.filter(project=project).count() == 1


@pytest.mark.worker
@pytest.mark.django_db(transaction=True)
def test_adding_an_actor_answers_at_once_and_a_worker_matches_the_same_mentions(
    project, editor, as_user, celery_worker
):
    from tests.api.test_imports_api import wait_for

    save_actor(project=project, name="Veloria", aliases=["Dunmere"])
    import_articles(project=project, articles=articles(*ARTICLES))
    ActorMatchJob.objects.all().delete()
    api = as_user(editor)
    url = f"/api/projects/{project.id}/actors/"
    response = api.post(url, {"name": "Kastran", "kind": "state", "aliases": ["Bravik", "Amber Palace"]},
                        format="json")
    assert response.status_code == 201
    job = response.json()["match_job"]
    # The response came before any matching: the worker does it.
    assert job["status"] == "queued" and not ActorMention.objects.filter(actor__name="Kastran").exists()
    done = wait_for(api, f"/api/projects/{project.id}/actor-jobs/{job['id']}/")
    assert done["status"] == "succeeded" and done["counts"]["added"] == 4
    assert stored(project) == synchronous(project)
    response = api.delete(f"{url}{response.json()['id']}/")
    assert response.status_code == 204
    latest = api.get(f"/api/projects/{project.id}/actor-jobs/").json()["results"][0]
    assert wait_for(api, f"/api/projects/{project.id}/actor-jobs/{latest['id']}/")["status"] == "succeeded"
    assert stored(project) == synchronous(project) and len(stored(project)) == 3
