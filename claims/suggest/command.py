"""What the suggest and train_suggester commands share: a progress bar, waiting for a
run already going, the outcome."""

import time

from django.core.management.base import CommandError

from claims.jobs import broker_problem
from claims.models import JobStatus
from claims.suggest.errors import RunGoing, SuggestError

# How often a command waiting for a worker's run reads its row.
POLL_SECONDS = 0.5


def add_run_arguments(parser) -> None:
    parser.add_argument("--project", required=True, help="project slug")
    parser.add_argument("--enqueue", action="store_true", help="queue it for the suggest worker instead")
    parser.add_argument("--no-wait", action="store_true",
                        help="refuse, rather than wait for it, if a run is already going for the project")


def wait_for(model, run_id: int, progress) -> object:
    """Follow a run the worker is doing until it ends (a run swept back to the queue is waited for too)."""
    while True:
        run = model.objects.get(id=run_id)
        progress(run.progress)
        if run.status in (JobStatus.SUCCEEDED, JobStatus.FAILED):
            return run
        time.sleep(POLL_SECONDS)


def run_with_bar(command, *, enqueue, now, model, what: str, wait: bool = True, **kwargs):
    """Queue the run for the worker, or run it here with a progress bar; a run already going for the project is
    waited for (its progress on the bar, then its outcome) unless not `wait`; CommandError if it fails."""
    from tqdm import tqdm

    try:
        if enqueue:
            if problem := broker_problem():
                raise CommandError(f"nothing was queued: {problem}")
            run = enqueue(**kwargs)
            run.refresh_from_db()
            note = f"; {run.message}" if run.message else ""
            command.stdout.write(f"{what} run {run.id} queued for the worker (status {run.status}{note})")
            return run
        with tqdm(total=100, desc=what, unit="%", file=command.stderr) as bar:
            def progress(percent: int) -> None:
                bar.update(max(0, percent - bar.n))

            try:
                run = now(progress=progress, **kwargs)
            except RunGoing as going:
                if not wait or not going.run_id:
                    raise
                command.stdout.write(f"{what} run {going.run_id} is already going for this project: waiting for it "
                                     "(--no-wait refuses instead)")
                run = wait_for(model, going.run_id, progress)
            if run.status == JobStatus.SUCCEEDED:
                bar.update(100 - bar.n)
    except SuggestError as error:
        raise CommandError(str(error)) from None
    if run.status != JobStatus.SUCCEEDED:
        raise CommandError("; ".join(e["message"] for e in run.errors) or f"{what} run {run.id} failed")
    return run
