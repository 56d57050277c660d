"""Re-matching actor mentions after a project's actor list changed: a job in the worker, never in a request.

Mentions depend on every actor's names and aliases, so one changed actor means reading every
sentence of the project again (11 s for 65,000 sentences). The services that change the actor
list call `request_rematch` in their transaction; the worker's job then makes the stored mentions
exactly what the actor list finds, changing only the mentions that differ.

Re-matches, imports and editors' corrections of one project take turns on the project's mentions
lock (claims.actors.mentions.matcher_for): a re-match queued during an import runs after it and
covers its sentences.
"""

from collections.abc import Callable

from django.db import connection, transaction

from claims.actors.mentions import matcher_for, write_mentions
from claims.jobs import Progress, enqueue, run_job
from claims.models import ActorMatchJob, ActorMention, JobStatus, Project, Sentence, User

# Sentences read (and progress reported) per round trip.
CHUNK = 5000


@transaction.atomic
def request_rematch(*, project: Project, user: User | None = None) -> ActorMatchJob:
    """Make sure the project's mentions are matched again once this transaction commits; the job that will do it."""
    # Requests for one project take turns here, so that two of them never both add a job. (No key
    # update: rows that merely refer to the project can still be written meanwhile.)
    Project.objects.select_for_update(no_key=True).filter(id=project.id).values_list("id").get()
    # A queued job reads the actor list when it starts, so it will see this change: nothing to
    # add. Its row stays locked until this change commits, so a worker cannot start it before.
    queued = ActorMatchJob.objects.select_for_update().filter(project=project, status=JobStatus.QUEUED).first()
    if queued is not None:
        return queued
    # None queued (one may be running, with the list as it was): queue one.
    job = ActorMatchJob.objects.create(project=project, created_by=user)
    enqueue(job)
    return job


def run_rematch_job(*, job_id: int) -> ActorMatchJob | None:
    """Run a queued re-match once through the job runner (None if it was not queued)."""
    return run_job(model=ActorMatchJob, job_id=job_id, work=_rematch_work)


def _rematch_work(job: ActorMatchJob, progress: Progress) -> dict:
    # The runner holds a transaction around this: the lock (matcher_for) lasts until the new mentions commit.
    return rematch_mentions(project=job.project, progress=progress)


def rematch_now(*, project: Project, user: User | None = None) -> ActorMatchJob:
    """Match the project's mentions again in this process (commands, the demo), recorded as a job like the worker's."""
    job = request_rematch(project=project, user=user)
    # A worker given the job's message first runs it instead; then this returns it still running.
    return run_rematch_job(job_id=job.id) or ActorMatchJob.objects.get(id=job.id)


@transaction.atomic
def rematch_mentions(*, project: Project, progress: Callable[[int], None] | None = None) -> dict[str, int]:
    """Make the project's stored mentions exactly those its actor list finds in each sentence, changing only those
    that differ, under the project's mentions lock; returns how many sentences were read and mentions added,
    removed and kept."""
    report = progress or (lambda percent: None)
    matcher = matcher_for(project)
    sentences = Sentence.objects.filter(project=project)
    total = sentences.count()
    found: set[tuple[int, int, int, int]] = set()
    for number, (sentence_id, start, text) in enumerate(
        sentences.order_by().values_list("id", "start", "text").iterator(chunk_size=CHUNK), start=1
    ):
        if matcher:
            for actor_id, mention_start, mention_end in matcher.find(text):
                found.add((sentence_id, actor_id, start + mention_start, start + mention_end))
        if number % CHUNK == 0:
            report(90 * number // total)  # number <= total: total is not 0 here
    stored = {
        (sentence_id, actor_id, start, end): mention_id
        for mention_id, sentence_id, actor_id, start, end in ActorMention.objects.filter(
            sentence__project=project
        ).values_list("id", "sentence_id", "actor_id", "start", "end")
    }
    stale = [mention_id for mention, mention_id in stored.items() if mention not in found]
    new = sorted(found.difference(stored))
    report(92)
    # Removed first: a new mention may start where a removed one did (unique per sentence and start).
    if stale:
        with connection.cursor() as cursor:
            cursor.execute("DELETE FROM claims_actormention WHERE id = ANY(%s)", [stale])
    write_mentions(mentions=new)
    return {"sentences": total, "mentions": len(found), "added": len(new), "removed": len(stale),
            "kept": len(stored) - len(stale)}
