"""The export page: choose options, follow the job's progress, download the zip (managers and editors)."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods

from claims.access import CURATORS, project_for
from claims.export.errors import ExportError
from claims.export.jobs import create_export_job
from claims.export.labels import LABEL_MODES
from claims.export.service import ExportOptions
from claims.export.writers import FORMATS
from claims.models import ExportJob

RECENT_EXPORTS = 10
FIELDS = ("format", "labels", "split", "seed", "min_agreement", "keep_ties", "with_suggestions")


@login_required
@require_http_methods(["GET", "POST"])
def export_page(request, project_id: int):
    """The export form and recent exports; a good POST queues an export and follows it."""
    project = project_for(request.user, project_id, roles=CURATORS)
    problems, status, given = [], 200, {}
    if request.method == "POST":
        # Unchecked boxes are absent from a form: absent means false here.
        given = {name: request.POST.get(name, "false" if name in ("keep_ties", "with_suggestions") else None)
                 for name in FIELDS}
        try:
            job = create_export_job(project=project, user=request.user,
                                    options={k: v for k, v in given.items() if v is not None})
        except ExportError as error:
            problems, status = [str(problem) for problem in error.problems], 400
        else:
            return redirect("export-job", project_id=project.id, job_id=job.id)
    jobs = ExportJob.objects.filter(project=project).select_related("created_by").order_by("-id")[:RECENT_EXPORTS]
    return render(request, "projects/exports.html", {
        "project": project, "problems": problems, "jobs": jobs, "formats": FORMATS, "modes": LABEL_MODES,
        "defaults": ExportOptions(), "given": given,
    }, status=status)


@login_required
def export_job(request, project_id: int, job_id: int):
    """One export's status and progress; the page polls the API and shows the download once it is ready."""
    project = project_for(request.user, project_id, roles=CURATORS)
    job = get_object_or_404(ExportJob.objects.filter(project=project), pk=job_id)
    return render(request, "projects/export_job.html", {"project": project, "job": job})
