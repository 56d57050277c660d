"""python manage.py sweep_jobs: re-queue or fail jobs whose worker was lost, once, and say what was done."""

from django.core.management.base import BaseCommand

from claims.export.jobs import delete_expired_exports
from claims.jobs import sweep_lost_jobs


class Command(BaseCommand):
    """Sweep once for lost jobs; workers do this themselves every JOB_SWEEP_SECONDS."""

    help = ("Re-queue every running job whose worker has been silent for JOB_STALE_SECONDS, or fail it "
            "once JOB_MAX_ATTEMPTS runs are spent, and delete expired exports. Workers sweep by themselves; "
            "this is for operators.")

    def handle(self, *args, **options):
        recoveries = sweep_lost_jobs()
        for recovery in recoveries:
            self.stdout.write(f"{recovery.kind} {recovery.job_id}: {recovery.message}")
        self.stdout.write(f"{len(recoveries)} lost job(s) found.")
        self.stdout.write(f"{delete_expired_exports()} expired export file(s) deleted.")
