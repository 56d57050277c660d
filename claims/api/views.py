"""REST API views: parse the request, call one service, serialize. Every lookup is project-scoped."""

from django.db.models import Count, Prefetch
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import ParseError
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.response import Response

from claims import actors as actor_service
from claims.access import CURATORS, project_for
from claims.api import serializers
from claims.ingest.jobs import create_import_job
from claims.models import Actor, ActorMatchJob, ActorMention, ImportJob, Project, Sentence, Source
from claims.sources import SORTS, ListingError, SourceListing


class ProjectViewSet(viewsets.ReadOnlyModelViewSet):
    """Projects the caller belongs to."""

    serializer_class = serializers.ProjectSerializer

    def get_queryset(self):
        return Project.objects.visible_to(self.request.user).distinct()


class ProjectScopedMixin:
    """Resolves the project in the URL once per request; outsiders get 404."""

    write_roles: tuple[str, ...] | None = None

    def in_project(self, queryset):
        """The queryset limited to the project in the URL (empty while the schema is generated)."""
        if getattr(self, "swagger_fake_view", False):
            return queryset.none()
        return queryset.filter(project=self.project)

    @property
    def project(self) -> Project:
        if not hasattr(self, "_project"):
            writing = self.request.method not in ("GET", "HEAD", "OPTIONS")
            self._project = project_for(
                self.request.user, self.kwargs["project_pk"], roles=self.write_roles if writing else None
            )
        return self._project


@extend_schema(
    parameters=[
        OpenApiParameter("outlet", str, description="only sources from this outlet"),
        OpenApiParameter("search", str, description="only sources whose title, outlet or text contains this"),
        OpenApiParameter("import_job", int, description="only sources stored by this import"),
        OpenApiParameter("sort", str, enum=[f"{d}{key}" for key in SORTS for d in ("", "-")],
                         description="order (default: created, oldest first); '-' reverses"),
    ]
)
class SourceViewSet(ProjectScopedMixin, viewsets.ReadOnlyModelViewSet):
    """A project's articles: searched, filtered and sorted as in the web list."""

    def get_queryset(self):
        sources = self.in_project(Source.objects).annotate(sentence_count=Count("sentences"))
        if self.action == "list":
            try:
                listing = SourceListing.from_query(self.request.query_params, strict=True)
            except ListingError as error:
                raise ParseError(str(error)) from None
            return listing.apply(sources.defer("text"))
        return sources.order_by("id")

    def get_serializer_class(self):
        return serializers.SourceDetailSerializer if self.action == "retrieve" else serializers.SourceSerializer


@extend_schema(
    parameters=[
        OpenApiParameter("source", int, description="only this source's sentences"),
        OpenApiParameter("kind", str, description="body, title, byline, dateline, heading or disclaimer"),
        OpenApiParameter("actor", int, description="only sentences that mention this actor"),
    ]
)
class SentenceViewSet(ProjectScopedMixin, viewsets.ReadOnlyModelViewSet):
    """A project's sentences with their actor mentions, filterable by source, kind and actor."""

    serializer_class = serializers.SentenceSerializer

    def get_queryset(self):
        sentences = self.in_project(Sentence.objects).prefetch_related(
            Prefetch("mentions", queryset=ActorMention.objects.select_related("actor"))
        )
        params = self.request.query_params
        for param, lookup in (("source", "source_id"), ("kind", "kind"), ("actor", "mentions__actor_id")):
            if value := params.get(param):
                sentences = sentences.filter(**{lookup: value})
        sentences = sentences.order_by("source_id", "index")
        return sentences.distinct() if "actor" in params else sentences


class ActorViewSet(ProjectScopedMixin, viewsets.ModelViewSet):
    """A project's actors and their aliases; managers and editors may change them.

    A change answers at once: the project's mentions are matched again by a job in the worker,
    returned as match_job (poll it at actor-jobs/{id}/).
    """

    serializer_class = serializers.ActorSerializer
    write_roles = CURATORS

    def get_queryset(self):
        return self.in_project(Actor.objects).select_related("parent")

    def get_serializer_class(self):
        if self.action in ("create", "update", "partial_update"):
            return serializers.ActorChangeSerializer
        return serializers.ActorSerializer

    def get_serializer(self, *args, **kwargs):
        if getattr(self, "swagger_fake_view", False):
            return self.get_serializer_class()(*args, **kwargs)
        return self.get_serializer_class()(*args, project=self.project, **kwargs)

    def perform_create(self, serializer):
        serializer.instance = actor_service.save_actor(
            project=self.project, user=self.request.user, **serializer.validated_data)

    def perform_update(self, serializer):
        data = {"name": serializer.instance.name, "kind": serializer.instance.kind,
                "aliases": serializer.instance.aliases, "parent": serializer.instance.parent,
                **serializer.validated_data}
        serializer.instance = actor_service.save_actor(
            project=self.project, actor=serializer.instance, user=self.request.user, **data)

    def perform_destroy(self, instance):
        actor_service.delete_actor(actor=instance, user=self.request.user)

    @extend_schema(request={"multipart/form-data": serializers.ActorFileSerializer},
                   responses={200: serializers.ActorImportResultSerializer})
    @action(detail=False, methods=["post"], url_path="import", parser_classes=[MultiPartParser, FormParser])
    def import_file(self, request, project_pk=None):
        """Create or update actors from a .json list or a .csv (name, kind, aliases separated by |, parent)."""
        upload = serializers.ActorFileSerializer(data=request.data)
        upload.is_valid(raise_exception=True)
        file = upload.validated_data["file"]
        specs = actor_service.read_actor_file(file.name, file.read())
        result = actor_service.import_actors(project=self.project, specs=specs, user=request.user)
        job = ActorMatchJob.objects.get(id=result["match_job"])
        return Response(serializers.ActorImportResultSerializer({**result, "match_job": job}).data)


class ActorMatchJobViewSet(ProjectScopedMixin, viewsets.ReadOnlyModelViewSet):
    """Re-matches of the project's actor mentions after its actor list changed, newest first."""

    serializer_class = serializers.ActorMatchJobSerializer

    def get_queryset(self):
        return self.in_project(ActorMatchJob.objects).order_by("-id")


class ImportJobViewSet(ProjectScopedMixin, mixins.CreateModelMixin, viewsets.ReadOnlyModelViewSet):
    """Imports: POST files (multipart) to start one, then GET it until it has finished."""

    serializer_class = serializers.ImportJobSerializer
    parser_classes = [MultiPartParser, FormParser]
    write_roles = CURATORS

    def get_queryset(self):
        return self.in_project(ImportJob.objects)

    @extend_schema(request={"multipart/form-data": serializers.ImportUploadSerializer},
                   responses={201: serializers.ImportJobSerializer})
    def create(self, request, project_pk=None):
        uploads = request.FILES.getlist("files") + request.FILES.getlist("file")
        job = create_import_job(project=self.project, user=request.user, uploads=uploads)
        return Response(serializers.ImportJobSerializer(job).data, status=status.HTTP_201_CREATED)
