"""What the suggest and train_suggester commands share: finding the project, a progress bar, the outcome."""

from django.core.management.base import CommandError

from claims.jobs import broker_problem
from claims.models import JobStatus, Project
from claims.suggest.errors import SuggestError


def project_by_slug(slug: str) -> Project:
    try:
        return Project.objects.get(slug=slug)
    except Project.DoesNotExist:
        raise CommandError(f"no project {slug!r}") from None


def run_with_bar(command, *, enqueue, now, what: str, **kwargs):
    """Queue the run for the worker, or run it here with a progress bar; CommandError if it fails."""
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

            run = now(progress=progress, **kwargs)
            bar.update(100 - bar.n)
    except SuggestError as error:
        raise CommandError(str(error)) from None
    if run.status != JobStatus.SUCCEEDED:
        raise CommandError("; ".join(e["message"] for e in run.errors) or f"{what} run {run.id} failed")
    return run
