"""REST API for training-set exports: start one, poll it, download its zip (managers and editors)."""

from django.http import FileResponse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.parsers import JSONParser
from rest_framework.response import Response

from claims.access import CURATORS
from claims.api.views import ProjectScopedMixin
from claims.export.jobs import create_export_job, download_path
from claims.export.labels import LABEL_MODES
from claims.export.splits import DEFAULT_SPLIT
from claims.export.writers import FORMATS
from claims.models import ExportJob


class ExportRequestSerializer(serializers.Serializer):
    """What to export (all optional); the export service checks the values."""

    format = serializers.ChoiceField(FORMATS, default="jsonl")
    labels = serializers.ChoiceField(list(LABEL_MODES), default="gold")
    split = serializers.CharField(default=DEFAULT_SPLIT, help_text="name=share,... grouped by source")
    seed = serializers.IntegerField(default=0)
    min_agreement = serializers.FloatField(default=0, min_value=0, max_value=1)
    keep_ties = serializers.BooleanField(default=False)
    with_suggestions = serializers.BooleanField(default=False)


class ExportJobSerializer(serializers.ModelSerializer):
    """An export's state: poll it until status is succeeded (download_url is then set) or failed."""

    message = serializers.CharField(source="status_message", read_only=True)
    download_url = serializers.SerializerMethodField()

    class Meta:
        model = ExportJob
        fields = ["id", "project", "status", "progress", "format", "options", "counts", "errors", "created_at",
                  "started_at", "finished_at", "expires_at", "message", "attempts", "download_url"]

    def get_download_url(self, job: ExportJob) -> str | None:
        if job.status != "succeeded" or not job.file_path:
            return None
        return f"/api/projects/{job.project_id}/exports/{job.id}/download/"


class ExportJobViewSet(ProjectScopedMixin, mixins.CreateModelMixin, viewsets.ReadOnlyModelViewSet):
    """Exports: POST options to start one, GET it until it has finished, then GET its download/."""

    serializer_class = ExportJobSerializer
    parser_classes = [JSONParser]
    read_roles = write_roles = CURATORS

    def get_queryset(self):
        return self.in_project(ExportJob.objects).order_by("-id")

    @extend_schema(request=ExportRequestSerializer, responses={202: ExportJobSerializer})
    def create(self, request, project_pk=None):
        if not isinstance(request.data, dict):
            raise serializers.ValidationError({"detail": "send a JSON object"})
        job = create_export_job(project=self.project, user=request.user, options=dict(request.data))
        return Response(ExportJobSerializer(job).data, status=status.HTTP_202_ACCEPTED)

    @extend_schema(responses={(200, "application/zip"): OpenApiTypes.BINARY})
    @action(detail=True, methods=["get"])
    def download(self, request, project_pk=None, pk=None):
        """The export's zip: the split files, manifest.json and README.md."""
        path = download_path(self.get_object())
        return FileResponse(path.open("rb"), as_attachment=True, filename=path.name, content_type="application/zip")
