"""REST API for annotating: the next sentence, skips, annotations with their claims, and their history.

Every member of the project may annotate. While a project is blind, an annotator reads only their
own annotations (others' answer 404); editors and managers read and change all of them.
"""

from django.shortcuts import get_object_or_404
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied, ValidationError
from rest_framework.response import Response
from rest_framework.views import APIView

from claims.annotation.context import next_item
from claims.annotation.history import history
from claims.annotation.queue import skip_sentence
from claims.annotation.saving import (
    AnnotationChanges,
    AnnotationInput,
    ClaimInput,
    annotation_data,
    edit_annotation,
    submit_annotation,
)
from claims.api.serializers import SentenceSerializer
from claims.api.suggestions import FormSuggestionSerializer
from claims.api.views import ProjectScopedMixin
from claims.filters import AnnotationFilter
from claims.models import Annotation, Role
from claims.models.annotation import SuggestionOutcome

# ---- request bodies -------------------------------------------------------------------------


class ClaimInSerializer(serializers.Serializer):
    """A claim: a span of the sentence (offsets into the source text), its actors, stance and certainty."""

    start = serializers.IntegerField(min_value=0)
    end = serializers.IntegerField(min_value=0)
    claimant = serializers.IntegerField(allow_null=True, required=False, default=None,
                                        help_text="actor id of whoever asserts the claim")
    claimant_name = serializers.CharField(allow_blank=True, required=False, default="", max_length=200,
                                          help_text="a named claimant who is not an actor")
    claimant_is_outlet = serializers.BooleanField(required=False, default=False,
                                                  help_text="the outlet asserts it in its own voice")
    subject = serializers.IntegerField(allow_null=True, required=False, default=None)
    target = serializers.IntegerField(allow_null=True, required=False, default=None)
    stance = serializers.CharField(allow_blank=True, required=False, default="", max_length=40,
                                   help_text="a stance value of the project's scheme; needs a target")
    certainty = serializers.CharField(allow_blank=True, required=False, default="", max_length=40,
                                      help_text="a certainty value of the scheme; empty: the scheme's first")


class AnnotationInSerializer(serializers.Serializer):
    """A new annotation; an empty claims list means "no claim in this sentence"."""

    sentence = serializers.IntegerField()
    claims = ClaimInSerializer(many=True, allow_empty=True)
    comment = serializers.CharField(allow_blank=True, required=False, default="", trim_whitespace=False)
    seconds_spent = serializers.IntegerField(required=False, default=0)
    suggestion = serializers.IntegerField(allow_null=True, required=False, default=None,
                                          help_text="id of the suggestion the annotator was shown")


class AnnotationEditSerializer(serializers.Serializer):
    """A change to an annotation: claims, when given, replace all its claims."""

    claims = ClaimInSerializer(many=True, allow_empty=True)
    comment = serializers.CharField(allow_blank=True, required=False, trim_whitespace=False)
    seconds_spent = serializers.IntegerField(required=False)
    version = serializers.IntegerField(required=False, help_text="the version you started from: 409 if newer exists")


class SkipInSerializer(serializers.Serializer):
    """The sentence to pass on."""

    sentence = serializers.IntegerField()


# ---- responses (the services build them; these document them) --------------------------------


class ClaimSerializer(serializers.Serializer):
    """A stored claim; ``text`` is the source text of its span."""

    id = serializers.IntegerField()
    start = serializers.IntegerField()
    end = serializers.IntegerField()
    text = serializers.CharField()
    claimant = serializers.IntegerField(allow_null=True)
    claimant_name = serializers.CharField()
    claimant_is_outlet = serializers.BooleanField()
    subject = serializers.IntegerField(allow_null=True)
    target = serializers.IntegerField(allow_null=True)
    stance = serializers.CharField()
    certainty = serializers.CharField()


class AnnotationSerializer(serializers.Serializer):
    """One annotator's annotation of one sentence."""

    id = serializers.IntegerField()
    sentence = serializers.IntegerField()
    annotator = serializers.IntegerField(help_text="user id")
    claims = ClaimSerializer(many=True)
    comment = serializers.CharField()
    seconds_spent = serializers.IntegerField()
    suggestion = serializers.IntegerField(allow_null=True)
    suggestion_outcome = serializers.ChoiceField(choices=SuggestionOutcome.values)
    version = serializers.IntegerField()
    created_at = serializers.DateTimeField()
    updated_at = serializers.DateTimeField()


class FieldChangeSerializer(serializers.Serializer):
    """One of the annotation's own fields (comment, seconds_spent, suggestion, suggestion_outcome) that changed."""

    name = serializers.CharField()
    before = serializers.JSONField(allow_null=True)
    after = serializers.JSONField(allow_null=True)


class ClaimChangeSerializer(serializers.Serializer):
    """A claim on the same span in both versions, and the fields of it that changed."""

    before = serializers.DictField()
    after = serializers.DictField()
    fields = serializers.ListField(child=serializers.CharField())


class ChangesSerializer(serializers.Serializer):
    """What this version changed from the one before (the first: from nothing); claims are matched by span."""

    added = serializers.ListField(child=serializers.DictField())
    removed = serializers.ListField(child=serializers.DictField())
    changed = ClaimChangeSerializer(many=True)
    fields = FieldChangeSerializer(many=True)


class RevisionSerializer(serializers.Serializer):
    """One saved version: who, when, the labels before and after, and what changed."""

    version = serializers.IntegerField()
    changed_by = serializers.IntegerField()
    changed_by_name = serializers.CharField()
    changed_at = serializers.DateTimeField()
    before = serializers.DictField(allow_null=True)
    after = serializers.DictField()
    changes = ChangesSerializer()


class SourceOutSerializer(serializers.Serializer):
    """The article the sentence is from."""

    id = serializers.IntegerField()
    title = serializers.CharField()
    outlet = serializers.CharField()
    author = serializers.CharField()
    published = serializers.DateField(allow_null=True)
    url = serializers.CharField()


class NextItemSerializer(serializers.Serializer):
    """The sentence reserved for you, in context."""

    sentence = SentenceSerializer()
    before = SentenceSerializer(many=True)
    after = SentenceSerializer(many=True)
    source = SourceOutSerializer()
    suggestion = FormSuggestionSerializer(allow_null=True, help_text="the live model's suggestion, or null")
    suggestion_status = serializers.CharField(help_text="why there is no suggestion (e.g. no worker), or empty")
    suggestion_weak = serializers.CharField(help_text="why suggestions for this sentence cannot be good "
                                                      "(no actors yet, none named in it), or empty")
    reserved_until = serializers.DateTimeField(allow_null=True, help_text="null when only looked at (reserve=0)")


class ProblemSerializer(serializers.Serializer):
    """One problem with the request."""

    field = serializers.CharField()
    message = serializers.CharField()


class RefusalSerializer(serializers.Serializer):
    """Why nothing was written: 400 for bad input, 409 for a conflict with what is stored."""

    detail = serializers.CharField()
    errors = ProblemSerializer(many=True)


REFUSALS = {400: RefusalSerializer, 409: RefusalSerializer}


class SkipSerializer(serializers.Serializer):
    """A recorded skip."""

    id = serializers.IntegerField()
    sentence = serializers.IntegerField(source="sentence_id")
    annotator = serializers.IntegerField(source="annotator_id")
    created_at = serializers.DateTimeField()


# ---- views ----------------------------------------------------------------------------------


def _int_param(request, name: str, *, low: int = 0, high: int | None = None) -> int | None:
    value = request.query_params.get(name)
    if value is None or value == "":
        return None
    if not value.isdigit() or (high is not None and not low <= int(value) <= high):
        bounds = f" between {low} and {high}" if high is not None else ""
        raise ValidationError({name: [f"must be a whole number{bounds}, not {value!r}"]})
    return int(value)


@extend_schema(
    parameters=[OpenApiParameter("context", int, description="neighbouring sentences on each side (0-10, default 2)"),
                OpenApiParameter("reserve", int, description="0: only look at the sentence you would be given, "
                                                             "without reserving it (reserved_until null); default 1")],
    responses={200: NextItemSerializer, 204: OpenApiResponse(description="nothing is left for you to annotate")},
)
class NextView(ProjectScopedMixin, APIView):
    """The next sentence for you, reserved for you (the same one until you submit or skip it, or it expires)."""

    def get(self, request, project_pk=None):
        context = _int_param(request, "context", high=10)
        reserve = _int_param(request, "reserve", high=1)
        item = next_item(project=self.project, annotator=request.user, context=2 if context is None else context,
                         reserve=reserve != 0)
        return Response(status=status.HTTP_204_NO_CONTENT) if item is None else Response(item)


@extend_schema(request=SkipInSerializer, responses={201: SkipSerializer, **REFUSALS})
class SkipView(ProjectScopedMixin, APIView):
    """Pass on a sentence: it leaves your queue (not others') and your slot is freed; the skip is counted."""

    def post(self, request, project_pk=None):
        body = SkipInSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        skip = skip_sentence(project=self.project, annotator=request.user, sentence_id=body.validated_data["sentence"])
        return Response(SkipSerializer(skip).data, status=status.HTTP_201_CREATED)


def _claims(rows: list[dict]) -> tuple[ClaimInput, ...]:
    return tuple(ClaimInput(**row) for row in rows)


class AnnotationViewSet(ProjectScopedMixin, viewsets.GenericViewSet):
    """Annotations: create (POST), list, read, change (PUT/PATCH), and each one's history."""

    serializer_class = AnnotationSerializer
    queryset = Annotation.objects.none()

    def _visible(self):
        if getattr(self, "swagger_fake_view", False):
            return Annotation.objects.none()
        return Annotation.objects.visible_to(self.request.user, project=self.project)

    def _is_annotator(self) -> bool:
        user = self.request.user
        return not user.is_staff and self.project.role_of(user) not in (Role.MANAGER, Role.EDITOR)

    @extend_schema(parameters=[
        OpenApiParameter("sentence", int, description="only annotations of this sentence"),
        OpenApiParameter("source", int, description="only annotations of this source's sentences"),
        OpenApiParameter("annotator", str, description="'me', a user id, or 'all'; annotators get 'me' by default"),
    ])
    def list(self, request, project_pk=None):
        # The filters of the web page and the `annotations` command; "me" and "all" are this door's words.
        query = request.query_params.copy()
        who = query.get("annotator") or ("me" if self._is_annotator() else "all")
        if who == "me":
            query["annotator"] = str(request.user.pk)
        elif who == "all":
            query.pop("annotator", None)
        chosen = AnnotationFilter(query, queryset=self._visible())
        if not chosen.is_valid():
            raise ValidationError(chosen.errors)
        user_id = chosen.form.cleaned_data.get("annotator")
        if user_id not in (None, request.user.pk) and self.project.blind and self._is_annotator():
            raise PermissionDenied("this project is blind: annotators see only their own annotations")
        page = self.paginate_queryset(chosen.qs.with_claims().order_by("-updated_at", "-id"))
        return self.get_paginated_response([annotation_data(a) for a in page])

    def retrieve(self, request, pk=None, project_pk=None):
        return Response(annotation_data(get_object_or_404(self._visible().with_claims(), pk=pk)))

    @extend_schema(request=AnnotationInSerializer, responses={
        201: AnnotationSerializer,
        200: OpenApiResponse(AnnotationSerializer, description="you had already saved this very content for the "
                             "sentence (a retried request): your stored annotation, nothing written"),
        **REFUSALS,
    })
    def create(self, request, project_pk=None):
        body = AnnotationInSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        data = body.validated_data
        annotation, created = submit_annotation(
            project=self.project, annotator=request.user, sentence_id=data["sentence"],
            data=AnnotationInput(claims=_claims(data["claims"]), comment=data["comment"],
                                 seconds_spent=data["seconds_spent"], suggestion=data["suggestion"]),
        )
        return Response(annotation_data(annotation), status=status.HTTP_201_CREATED if created else status.HTTP_200_OK)

    @extend_schema(request=AnnotationEditSerializer, responses={200: AnnotationSerializer, **REFUSALS})
    def update(self, request, pk=None, project_pk=None, partial=False):
        # Looked up through what the user may see first: another's annotation in a blind project is a 404.
        annotation = get_object_or_404(self._visible().only("id"), pk=pk)
        body = AnnotationEditSerializer(data=request.data)
        # A PATCH may leave out claims, but claims it sends are whole: DRF's partial=True would reach
        # into each claim and let one without `start` through (a 500 schemathesis found).
        body.fields["claims"].required = not partial
        body.is_valid(raise_exception=True)
        data = body.validated_data
        changes = AnnotationChanges(
            claims=_claims(data["claims"]) if "claims" in data else None, comment=data.get("comment"),
            seconds_spent=data.get("seconds_spent"), version=data.get("version"),
        )
        annotation = edit_annotation(project=self.project, annotation_id=annotation.pk, editor=request.user,
                                     changes=changes)
        return Response(annotation_data(annotation))

    @extend_schema(request=AnnotationEditSerializer, responses={200: AnnotationSerializer, **REFUSALS})
    def partial_update(self, request, pk=None, project_pk=None):
        return self.update(request, pk=pk, project_pk=project_pk, partial=True)

    @extend_schema(responses={200: RevisionSerializer(many=True)})
    @action(detail=True, methods=["get"], pagination_class=None)
    def history(self, request, pk=None, project_pk=None):
        """Every saved version of the annotation: who, when, and the labels before and after."""
        return Response(history(annotation=get_object_or_404(self._visible().only("id"), pk=pk)))
