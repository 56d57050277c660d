"""REST API for projects, their settings and team, and their progress figures: thin views over the services."""

from django.db.models import OuterRef, Subquery
from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.parsers import JSONParser
from rest_framework.response import Response
from rest_framework.views import APIView

from claims import dashboard
from claims import projects as project_service
from claims.access import CURATORS, project_for
from claims.api.serializers import ProjectSerializer
from claims.api.views import ProjectScopedMixin
from claims.models import Membership, Project, Role
from claims.models.project import QueueOrder


class LabelSerializer(serializers.Serializer):
    """A stance label or certainty value; give renamed_from to rename a value (its claims follow)."""

    value = serializers.CharField(max_length=40)
    label = serializers.CharField(max_length=60)
    description = serializers.CharField(required=False, allow_blank=True)
    color = serializers.CharField(required=False)
    key = serializers.CharField(max_length=1)
    retired = serializers.BooleanField(required=False)
    renamed_from = serializers.CharField(required=False, write_only=True)


class SchemeSerializer(serializers.Serializer):
    """The label scheme: stance labels and certainty values."""

    stance = LabelSerializer(many=True)
    certainty = LabelSerializer(many=True)


class ProjectWriteSerializer(serializers.Serializer):
    """Settings a manager may change (all optional in a PATCH). Checked by the project service."""

    name = serializers.CharField(required=False)
    slug = serializers.SlugField(required=False, help_text="Only when creating; default: from the name.")
    guidelines = serializers.CharField(required=False, allow_blank=True, help_text="Markdown.")
    label_scheme = SchemeSerializer(required=False)
    overlap = serializers.IntegerField(required=False, min_value=1, help_text="Annotators per sentence.")
    blind = serializers.BooleanField(required=False)
    queue_order = serializers.ChoiceField(QueueOrder.choices, required=False)
    queue_seed = serializers.IntegerField(required=False)
    reservation_minutes = serializers.IntegerField(required=False, min_value=1)
    suggestion_threshold = serializers.FloatField(required=False, min_value=0, max_value=1)


def _body(request) -> dict:
    if not isinstance(request.data, dict):
        raise serializers.ValidationError({"detail": "send a JSON object"})
    return dict(request.data)


class ProjectViewSet(mixins.CreateModelMixin, mixins.UpdateModelMixin, viewsets.ReadOnlyModelViewSet):
    """Projects the caller belongs to. Anyone logged in may create one (and manages it); managers change settings."""

    serializer_class = ProjectSerializer
    parser_classes = [JSONParser]
    lookup_value_regex = r"\d+"
    http_method_names = ["get", "post", "patch", "head", "options"]

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Project.objects.none()
        role = Membership.objects.filter(project=OuterRef("pk"), user=self.request.user).values("role")[:1]
        return Project.objects.visible_to(self.request.user).distinct().annotate(role=Subquery(role))

    def get_object(self):
        # Reading needs membership; changing settings needs the manager role (403 otherwise).
        roles = (Role.MANAGER,) if self.request.method == "PATCH" else None
        return project_for(self.request.user, self.kwargs["pk"], roles=roles)

    @extend_schema(request=ProjectWriteSerializer, responses={201: ProjectSerializer})
    def create(self, request):
        body = _body(request)
        project = project_service.create_project(
            name=body.pop("name", ""), slug=body.pop("slug", "") or "", manager=request.user, **body
        )
        return Response(self.get_serializer(project).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=ProjectWriteSerializer, responses={200: ProjectSerializer})
    def partial_update(self, request, pk=None):
        project = project_service.update_settings(project=self.get_object(), changed_by=request.user,
                                                  **_body(request))
        return Response(self.get_serializer(project).data)


class MemberSerializer(serializers.ModelSerializer):
    """A member of the project and their role."""

    username = serializers.CharField(source="user.username", read_only=True)

    class Meta:
        model = Membership
        fields = ["user", "username", "role"]


class MemberCreateSerializer(serializers.Serializer):
    """Add a person by username; with create, open the account (its password is answered once)."""

    username = serializers.CharField(max_length=150)
    role = serializers.ChoiceField(Role.choices, default=Role.ANNOTATOR)
    create = serializers.BooleanField(default=False, help_text="Open an account if no user has this name.")


class MemberRoleSerializer(serializers.Serializer):
    """A member's new role."""

    role = serializers.ChoiceField(Role.choices)


class MemberViewSet(ProjectScopedMixin, viewsets.ModelViewSet):
    """The project's team: managers and editors read it; managers add, re-role and remove members by user id."""

    serializer_class = MemberSerializer
    read_roles = CURATORS
    write_roles = (Role.MANAGER,)
    lookup_field = "user"
    lookup_value_regex = r"\d+"
    http_method_names = ["get", "post", "patch", "delete", "head", "options"]
    pagination_class = None

    def get_queryset(self):
        return self.in_project(Membership.objects).select_related("user").order_by("user__username")

    @extend_schema(
        request=MemberCreateSerializer,
        responses={201: inline_serializer("NewMember", {
            "user": serializers.IntegerField(), "username": serializers.CharField(),
            "role": serializers.CharField(),
            "password": serializers.CharField(required=False, help_text="Only when the account was opened now."),
        })},
    )
    def create(self, request, project_pk=None):
        data = MemberCreateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        membership, password = project_service.invite_member(
            project=self.project, username=data.validated_data["username"], role=data.validated_data["role"],
            open_account=data.validated_data["create"], changed_by=request.user,
        )
        answer = MemberSerializer(membership).data
        if password:
            answer["password"] = password
        return Response(answer, status=status.HTTP_201_CREATED)

    @extend_schema(request=MemberRoleSerializer, responses={200: MemberSerializer})
    def partial_update(self, request, project_pk=None, user=None):
        membership = self.get_object()
        data = MemberRoleSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        membership = project_service.add_member(
            project=self.project, user=membership.user, role=data.validated_data["role"], changed_by=request.user
        )
        return Response(MemberSerializer(membership).data)

    def perform_destroy(self, instance):
        project_service.remove_member(project=self.project, user=instance.user, changed_by=self.request.user)


class StatsView(APIView):
    """Progress, per-annotator work and label distribution (managers and editors)."""

    @extend_schema(responses={200: dict})
    def get(self, request, project_pk: int):
        project = project_for(request.user, project_pk, roles=CURATORS)
        return Response(dashboard.project_stats(project=project))


class ProgressView(APIView):
    """The caller's and the project's progress, for the annotation form's bars (any member)."""

    @extend_schema(responses={200: inline_serializer("Progress", {
        "mine": serializers.IntegerField(help_text="Sentences the caller annotated."),
        "sentences": serializers.IntegerField(help_text="Body sentences in the project."),
        "annotations": serializers.IntegerField(),
        "slots": serializers.IntegerField(help_text="Body sentences × overlap."),
    })})
    def get(self, request, project_pk: int):
        project = project_for(request.user, project_pk)
        return Response(dashboard.progress_for(project=project, user=request.user))
