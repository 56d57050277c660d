"""REST API views: parse the request, call one service, serialize. Every lookup is project-scoped."""

from django.db.models import Count, Prefetch
from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from claims.access import CURATORS, can_curate, project_for
from claims.actors import proposals
from claims.actors import service as actor_service
from claims.api import serializers
from claims.api.curation import SentenceCorrectionActions, SourceCorrectionActions
from claims.api.parsers import FormParser, MultiPartParser
from claims.filters import SentenceFilter, SourceFilter
from claims.ingest.jobs import create_import_job
from claims.models import Actor, ActorMatchJob, ActorMention, ImportJob, Project, Sentence, Source


class ProjectScopedMixin:
    """Resolves the project in the URL once per request; outsiders get 404."""

    write_roles: tuple[str, ...] | None = None
    read_roles: tuple[str, ...] | None = None
    # Object ids are numbers: "abc" matches no route and answers a JSON 404, never a ValueError.
    lookup_value_regex = r"\d+"

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
                self.request.user, self.kwargs["project_pk"], roles=self.write_roles if writing else self.read_roles
            )
        return self._project


class SourceViewSet(SourceCorrectionActions, ProjectScopedMixin, viewsets.ReadOnlyModelViewSet):
    """A project's articles; managers and editors correct their metadata (PATCH)."""

    filter_backends = [DjangoFilterBackend]
    filterset_class = SourceFilter

    def get_queryset(self):
        sources = self.in_project(Source.objects).annotate(sentence_count=Count("sentences")).order_by("id")
        if self.action == "list":
            sources = sources.defer("text")
        return sources

    def get_serializer_class(self):
        return serializers.SourceDetailSerializer if self.action == "retrieve" else serializers.SourceSerializer


class SentenceViewSet(SentenceCorrectionActions, ProjectScopedMixin, viewsets.ReadOnlyModelViewSet):
    """A project's sentences with their actor mentions, filterable by source, kind and actor; editors correct them."""

    serializer_class = serializers.SentenceSerializer
    filter_backends = [DjangoFilterBackend]
    filterset_class = SentenceFilter

    def get_queryset(self):
        return (
            self.in_project(Sentence.objects)
            .prefetch_related(Prefetch("mentions", queryset=ActorMention.objects.select_related("actor")))
            .order_by("source_id", "index")
        )


class ActorViewSet(ProjectScopedMixin, viewsets.ModelViewSet):
    """A project's actors and their aliases (``?status=proposed``: the proposals); managers and editors change them.

    Any member may create one: an annotator's is ``"status": "proposed"``, usable at once in their
    claims, until an editor confirms, merges or rejects it (claims.actors.proposals).
    A change answers at once: the project's mentions are matched again by a job in the worker,
    returned as match_job (poll it at actor-jobs/{id}/).
    """

    serializer_class = serializers.ActorSerializer

    @property
    def write_roles(self):
        # Proposing is annotating; deciding and changing is curating.
        return None if self.action == "create" else CURATORS

    def get_queryset(self):
        actors = self.in_project(Actor.objects).select_related("parent", "proposed_by", "decided_by")
        if status_wanted := self.request.query_params.get("status"):
            actors = actors.filter(status=status_wanted)
        return actors

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
            project=self.project, user=self.request.user, proposed=not can_curate(self.request.user, self.project),
            **serializer.validated_data)

    def _decision(self, decide, **arguments):
        actor = decide(project=self.project, actor_id=self.kwargs["pk"], user=self.request.user, **arguments)
        return Response(serializers.ActorSerializer(actor).data)

    @extend_schema(request=None, responses={200: serializers.ActorSerializer})
    @action(detail=True, methods=["post"])
    def confirm(self, request, project_pk=None, pk=None):
        """Confirm a proposed actor."""
        return self._decision(proposals.confirm_actor)

    @extend_schema(request=serializers.ActorMergeSerializer, responses={200: serializers.ActorSerializer})
    @action(detail=True, methods=["post"])
    def merge(self, request, project_pk=None, pk=None):
        """Merge a proposed actor into another: its claims name that one (recorded on the proposal)."""
        self.project  # the role first: an annotator learns nothing from the body's checks  # noqa: B018
        body = serializers.ActorMergeSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        return self._decision(proposals.merge_actor, into_id=body.validated_data["into"])

    @extend_schema(request=None, responses={200: serializers.ActorSerializer})
    @action(detail=True, methods=["post"])
    def reject(self, request, project_pk=None, pk=None):
        """Reject a proposed actor that no claim names."""
        return self._decision(proposals.reject_actor)

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
