"""REST API of the suggestion engine: suggestions, suggestion runs, model versions and training runs.

Views translate only: parse, call a claims.suggest service, serialize. Nothing here loads a model.
"""

from drf_spectacular.openapi import AutoSchema
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied
from rest_framework.response import Response

from claims.access import CURATORS
from claims.api.views import ProjectScopedMixin
from claims.models import ModelVersion, Suggestion, SuggestionRun, TrainingRun
from claims.suggest import report
from claims.suggest.freshness import with_freshness
from claims.suggest.marked import marked_claim
from claims.suggest.runs import request_suggestions, request_training


class SuggestedClaimSerializer(serializers.Serializer):
    """A claim candidate: offsets into the source text, actors (ids), probabilities."""

    start = serializers.IntegerField()
    end = serializers.IntegerField()
    subject = serializers.IntegerField(help_text="actor id")
    target = serializers.IntegerField(allow_null=True, help_text="actor id, or null: a claim without a target")
    claimant = serializers.IntegerField(allow_null=True, help_text="actor id of who asserts it, if named")
    claimant_is_outlet = serializers.BooleanField(help_text="asserted in the outlet's own voice")
    stance = serializers.DictField(child=serializers.FloatField(), help_text="label → probability ({} without target)")
    certainty = serializers.DictField(child=serializers.FloatField(), help_text="value → probability")
    score = serializers.FloatField(help_text="probability that this is a claim to mark; candidates come best first")


class SuggestionSerializer(serializers.ModelSerializer):
    """A model version's suggestion for one sentence; a stale one (being refreshed) without its claims."""

    claims = SuggestedClaimSerializer(many=True, read_only=True)
    fresh = serializers.BooleanField(read_only=True, help_text=(
        "false: computed before the sentence's actors, bounds or the labels changed; it is being refreshed, "
        "and its claims and label are left out"))

    class Meta:
        model = Suggestion
        fields = ["sentence", "model_version", "has_claim", "claims", "label", "uncertainty", "fresh", "created_at"]

    def to_representation(self, instance):
        data = super().to_representation(instance)
        if not data["fresh"]:
            data.update(claims=[], label="")
        return data


class ProposedClaimSerializer(serializers.Serializer):
    """A claim the form pre-fills, as an annotation's claim reads: the likeliest stance and certainty."""

    start = serializers.IntegerField()
    end = serializers.IntegerField()
    subject = serializers.IntegerField()
    target = serializers.IntegerField(allow_null=True)
    claimant = serializers.IntegerField(allow_null=True)
    claimant_is_outlet = serializers.BooleanField()
    stance = serializers.CharField(help_text='"" without a subject and a target')
    certainty = serializers.CharField()


class PrefilledClaimSerializer(ProposedClaimSerializer):
    score = serializers.FloatField(help_text="the candidate's score")


class PrefillSerializer(serializers.Serializer):
    """What the form pre-fills (claims.suggest.prefill): never "no claim"."""

    confidence = serializers.FloatField(help_text="has_claim")
    claims = PrefilledClaimSerializer(many=True)


class GuessSerializer(serializers.Serializer):
    """What the form shows, never pre-fills: the best candidate's labels, or `no_claim` with its score."""

    no_claim = serializers.BooleanField(required=False, help_text='present and true for a "no claim" guess')
    start = serializers.IntegerField(required=False)
    end = serializers.IntegerField(required=False)
    subject = serializers.IntegerField(required=False, allow_null=True)
    target = serializers.IntegerField(required=False, allow_null=True)
    stance = serializers.CharField(required=False)
    certainty = serializers.CharField(required=False)
    score = serializers.FloatField()


class FormClaimSerializer(SuggestedClaimSerializer):
    prefill = serializers.BooleanField(help_text="at or above the project's threshold: the form pre-fills it")


class FormSuggestionSerializer(serializers.Serializer):
    """The live suggestion as `next` gives it: every candidate, and the claims the form pre-fills."""

    id = serializers.IntegerField(help_text="send it back as the annotation's `suggestion`")
    sentence = serializers.IntegerField()
    model_version = serializers.IntegerField()
    has_claim = serializers.FloatField()
    claims = FormClaimSerializer(many=True)
    prefill = PrefillSerializer(allow_null=True, help_text="what the form pre-fills, or null")
    guess = GuessSerializer(allow_null=True, help_text="what the form shows instead when it pre-fills nothing")
    proposed = ProposedClaimSerializer(many=True)
    label = serializers.CharField()
    uncertainty = serializers.FloatField()
    threshold = serializers.FloatField()


class SuggestionFilterSerializer(serializers.Serializer):
    sentence = serializers.IntegerField(required=False, min_value=1)
    model_version = serializers.IntegerField(required=False, min_value=1)


class RunSerializer(serializers.Serializer):
    """A suggestion or training run: poll it until status is succeeded or failed."""

    id = serializers.IntegerField()
    status = serializers.CharField()
    progress = serializers.IntegerField(help_text="percent")
    reason = serializers.CharField()
    message = serializers.CharField(source="status_message", help_text="what the user should know now, "
                                    "e.g. 'worker lost, retrying (attempt 2 of 3)'")
    counts = serializers.DictField()
    errors = serializers.ListField(child=serializers.DictField())
    model_version = serializers.IntegerField(source="model_version_id", allow_null=True)
    created_at = serializers.DateTimeField()
    started_at = serializers.DateTimeField(allow_null=True)
    finished_at = serializers.DateTimeField(allow_null=True)


class VersionSummarySerializer(serializers.Serializer):
    """A model version's held-out figures beside the majority baseline on the same items."""

    id = serializers.IntegerField()
    kind = serializers.CharField()
    status = serializers.CharField()
    base_model = serializers.CharField()
    created_at = serializers.DateTimeField()
    labelled_claims = serializers.IntegerField()
    train_size = serializers.IntegerField(help_text="training sentences")
    heldout_size = serializers.IntegerField(help_text="held-out sentences (whole sources)")
    duration_seconds = serializers.FloatField()
    note = serializers.CharField()
    score = serializers.FloatField(allow_null=True, help_text="mean held-out macro-F1 of has_claim, stance, certainty")
    baseline_score = serializers.FloatField(allow_null=True)
    cold_start_score = serializers.FloatField(allow_null=True)
    live_score = serializers.FloatField(allow_null=True, help_text="the live version's score on the same items")
    macro_f1 = serializers.DictField(child=serializers.FloatField(allow_null=True))
    baseline_macro_f1 = serializers.DictField(child=serializers.FloatField(allow_null=True))


class VersionDetailSerializer(VersionSummarySerializer):
    """A model version with every figure: per-label precision/recall and confusion matrices per head."""

    metrics = serializers.DictField()
    trained_on = serializers.DictField()


class ModelOverviewSerializer(serializers.Serializer):
    """The model page as data."""

    live = VersionSummarySerializer(allow_null=True)
    settings = serializers.DictField()
    coverage = serializers.DictField(child=serializers.IntegerField())
    labelled_claims = serializers.IntegerField(help_text="the claims training counts (each sentence once: "
                                                         "adjudicated, else the majority, else the one annotation)")
    labelled_claims_needed = serializers.IntegerField(help_text="more labelled claims needed before training")
    claims_marked = serializers.IntegerField(help_text="every claim annotators marked, several per sentence included")
    split_sentences = serializers.IntegerField(help_text="sentences whose annotators split evenly on whether they "
                                                         "hold a claim: not counted")
    problems = serializers.ListField(child=serializers.CharField())
    versions = VersionSummarySerializer(many=True)
    learning_curve = serializers.ListField(child=serializers.DictField())
    acceptance = serializers.ListField(child=serializers.DictField())
    calibration = serializers.DictField(allow_null=True, help_text=(
        "the live version's expected calibration error per head on held-out articles, with the reliability table"))
    threshold_meaning = serializers.DictField(help_text=(
        "of the suggestions pre-filled at or above the threshold, how many were accepted unchanged, edited, rejected"))
    suggestion_runs = serializers.ListField(child=serializers.DictField())
    training_runs = serializers.ListField(child=serializers.DictField())
    fixture = serializers.DictField(allow_null=True, help_text="cold start measured on the labelled fixture")


@extend_schema(parameters=[
    OpenApiParameter("sentence", int, description="only this sentence's suggestion"),
    OpenApiParameter("model_version", int, description="this version's suggestions instead of the live one's"),
])
class SuggestionViewSet(ProjectScopedMixin, mixins.ListModelMixin, viewsets.GenericViewSet):
    """Suggestions of the live model version (one per sentence, `fresh: false` while being refreshed), or another's."""

    serializer_class = SuggestionSerializer
    write_roles = CURATORS

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Suggestion.objects.none()
        params = SuggestionFilterSerializer(data=self.request.query_params)
        params.is_valid(raise_exception=True)
        suggestions = with_freshness(Suggestion.objects.for_project(self.project).defer("embedding"),
                                     self.project.scheme).order_by("sentence_id", "-id")
        if version := params.validated_data.get("model_version"):
            if not ModelVersion.objects.for_project(self.project).filter(id=version).exists():
                raise serializers.ValidationError({"model_version": f"no model version {version} in this project"})
            suggestions = suggestions.filter(model_version_id=version)
        else:
            suggestions = suggestions.live().one_per_sentence()
        if sentence := params.validated_data.get("sentence"):
            suggestions = suggestions.filter(sentence_id=sentence)
        return suggestions

    @extend_schema(request=None, responses={202: RunSerializer})
    @action(detail=False, methods=["post"])
    def run(self, request, project_pk=None):
        """Suggest for every body sentence lacking a suggestion from the live version (on the worker)."""
        run = request_suggestions(project=self.project, user=request.user)
        return Response(RunSerializer(run).data, status=status.HTTP_202_ACCEPTED)


class MarkedClaimSerializer(serializers.Serializer):
    """A claim the annotator marked: offsets into the source text, inside one body sentence."""

    sentence = serializers.IntegerField(min_value=1)
    start = serializers.IntegerField(min_value=0)
    end = serializers.IntegerField(min_value=0)
    subject = serializers.IntegerField(min_value=1, help_text="actor id")
    target = serializers.IntegerField(min_value=1, allow_null=True, required=False, default=None,
                                      help_text="actor id, or null: a claim without a target has no stance")
    claimant = serializers.IntegerField(min_value=1, allow_null=True, required=False, default=None)
    claimant_is_outlet = serializers.BooleanField(required=False, default=False)


class ClaimScoreSerializer(serializers.Serializer):
    """The live model's probabilities for exactly the marked span and pair."""

    stance = serializers.DictField(child=serializers.FloatField(), help_text="label → probability ({} without target)")
    certainty = serializers.DictField(child=serializers.FloatField(), help_text="value → probability")
    model_version = serializers.IntegerField()


class ScoreViewSet(ProjectScopedMixin, viewsets.GenericViewSet):
    """Stance and certainty of one marked claim from the live model (any member of the project)."""

    serializer_class = MarkedClaimSerializer

    @extend_schema(request=MarkedClaimSerializer, responses={200: ClaimScoreSerializer})
    def create(self, request, project_pk=None):
        """Score the span and subject/target pair the annotator marked; 400 for a span outside the sentence."""
        given = MarkedClaimSerializer(data=request.data)
        given.is_valid(raise_exception=True)
        data = given.validated_data
        claim = marked_claim(project=self.project, sentence_id=data["sentence"], start=data["start"], end=data["end"],
                             subject=data["subject"], target=data["target"], claimant=data["claimant"],
                             claimant_is_outlet=data["claimant_is_outlet"])
        # Imported here, not at the top: it loads the model into this process on first use (claims.suggest.score).
        from claims.suggest.score import score_marked

        return Response(ClaimScoreSerializer(score_marked(project=self.project, claim=claim)).data)


class CuratorsOnlyMixin:
    """Managers and editors only (403 for annotators): the model page and its training scores."""

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        if not getattr(self, "swagger_fake_view", False) and not request.user.is_staff \
                and self.project.role_of(request.user) not in CURATORS:
            raise PermissionDenied("Only managers and editors see the model page")


class RunViewSet(ProjectScopedMixin, viewsets.ReadOnlyModelViewSet):
    serializer_class = RunSerializer
    model = None

    def get_queryset(self):
        return self.in_project(self.model.objects)


class SuggestionRunViewSet(RunViewSet):
    """Suggestion runs: their progress and outcome."""

    model = SuggestionRun


class OverviewSchema(AutoSchema):
    """The model list answers one overview object, not a page of versions."""

    def _is_list_view(self, serializer=None) -> bool:
        return False


class ModelVersionViewSet(CuratorsOnlyMixin, ProjectScopedMixin, viewsets.GenericViewSet):
    """The project's model versions, learning curve and acceptance; POST trains a new version.

    Managers and editors only.
    """

    write_roles = CURATORS
    serializer_class = VersionDetailSerializer
    schema = OverviewSchema()

    def get_queryset(self):
        return self.in_project(ModelVersion.objects)

    @extend_schema(operation_id="projects_models_overview", responses=ModelOverviewSerializer)
    def list(self, request, project_pk=None):
        """Versions with their held-out figures against the baseline, learning curve, acceptance, runs."""
        return Response(ModelOverviewSerializer(report.model_overview(self.project)).data)

    @extend_schema(responses=VersionDetailSerializer)
    def retrieve(self, request, project_pk=None, pk=None):
        """One version with every figure."""
        version = self.get_object()
        return Response(VersionDetailSerializer({**report.version_summary(version), "metrics": version.metrics,
                                                 "trained_on": version.trained_on}).data)

    @extend_schema(request=None, responses={202: RunSerializer})
    def create(self, request, project_pk=None):
        """Train a new version on the project's labels (on the worker); 400 if it cannot succeed."""
        run = request_training(project=self.project, user=request.user)
        return Response(RunSerializer(run).data, status=status.HTTP_202_ACCEPTED)


class TrainingRunViewSet(CuratorsOnlyMixin, RunViewSet):
    """Training runs: their progress, outcome and the version they made."""

    model = TrainingRun
