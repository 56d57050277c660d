"""REST API for review: disagreements, gold decisions, agreement, propositions, conflicts, the stance map.

Editors and managers only: an annotator gets 403 on every endpoint here, an outsider 404. Each view
parses the request, calls one service of claims.review, and serializes what it returns.
"""

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response
from rest_framework.views import APIView

from claims.access import CURATORS
from claims.annotation.saving import annotation_data, claim_data
from claims.annotation.unanimity import gold_history
from claims.api.annotation import REFUSALS, ClaimInSerializer, _claims, _int_param
from claims.api.pagination import Pages
from claims.api.views import ProjectScopedMixin
from claims.models import Adjudication, ProposalRun, Proposition
from claims.models.annotation import Resolution
from claims.review import agreement, conflicts, gold, propositions, stance_map
from claims.review.compare import FIELDS
from claims.review.disagreements import disagreements, side_by_side
from claims.review.errors import ReviewRejected


class ReviewMixin(ProjectScopedMixin):
    """Every review endpoint: editors and managers of the project only."""

    read_roles = write_roles = CURATORS

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        if not getattr(self, "swagger_fake_view", False):
            self.project  # noqa: B018 - the role check comes before the body is read: an annotator learns nothing

    def paged(self, rows, convert=lambda row: row) -> Response:
        """One page of a list (or queryset) with the API's usual paging, each row converted."""
        pages = Pages()
        return pages.get_paginated_response([convert(row) for row in pages.paginate_queryset(rows, self.request,
                                                                                              view=self)])


# ---- disagreements and gold ------------------------------------------------------------------


class DisagreementSerializer(serializers.Serializer):
    """A sentence whose annotators differ: how many items, on which fields, and who labelled it."""

    sentence = serializers.IntegerField()
    disagreements = serializers.IntegerField()
    fields = serializers.DictField(child=serializers.IntegerField())
    annotators = serializers.ListField(child=serializers.IntegerField())
    has_gold = serializers.BooleanField()


class AdjudicationSerializer(serializers.Serializer):
    """A sentence's gold: how it came about, by whom, why, and its claims."""

    id = serializers.IntegerField()
    sentence = serializers.IntegerField()
    resolution = serializers.CharField()
    editor = serializers.IntegerField(allow_null=True)
    note = serializers.CharField()
    version = serializers.IntegerField()
    decided_at = serializers.DateTimeField()
    claims = serializers.ListField(child=serializers.DictField())


def adjudication_data(adjudication: Adjudication) -> dict:
    return {"id": adjudication.pk, "sentence": adjudication.sentence_id, "resolution": adjudication.resolution,
            "editor": adjudication.editor_id, "note": adjudication.note, "version": adjudication.version,
            "decided_at": adjudication.decided_at,
            "claims": [claim_data(c) for c in sorted(adjudication.claims.all(), key=lambda c: (c.start, c.pk))]}


@extend_schema(parameters=[
    OpenApiParameter("field", str, description=f"only disagreements on this field ({', '.join(FIELDS)})"),
    OpenApiParameter("annotator", int, description="only sentences this annotator labelled"),
    OpenApiParameter("gold", bool, description="also sentences that have gold already"),
])
class DisagreementViewSet(ReviewMixin, viewsets.GenericViewSet):
    """Sentences whose annotators differ, most disagreed first; one of them side by side with its history."""

    serializer_class = DisagreementSerializer
    queryset = Adjudication.objects.none()
    lookup_value_regex = r"\d+"

    def list(self, request, project_pk=None):
        queue = disagreements(project=self.project, field=request.query_params.get("field", ""),
                              annotator=_int_param(request, "annotator"),
                              include_gold=request.query_params.get("gold") in ("1", "true"))
        return self.paged(queue)

    @extend_schema(parameters=[OpenApiParameter("id", int, OpenApiParameter.PATH, description="sentence id")],
                   responses=OpenApiTypes.OBJECT)
    def retrieve(self, request, pk=None, project_pk=None):
        if not str(pk).isdigit():
            raise ValidationError({"sentence": ["must be a sentence id"]})
        annotations = side_by_side(project=self.project, sentence_id=int(pk))
        if not annotations:
            raise ReviewRejected.not_found(f"sentence {pk} has no annotations in this project", field="sentence")
        stored = Adjudication.objects.filter(project=self.project, sentence_id=pk).first()
        return Response({
            "sentence": int(pk),
            "annotations": [{**annotation_data(a), "annotator_name": a.annotator.username,
                             "history": [{"version": r.version, "changed_by": r.changed_by.username,
                                          "changed_at": r.changed_at, "data": r.data} for r in a.revisions.all()]}
                            for a in annotations],
            "gold": adjudication_data(stored) if stored else None,
            "gold_history": gold_history(adjudication=stored) if stored else [],
            "withdrawn_gold": [{"withdrawn_at": w.withdrawn_at, "reason": w.reason, "annotation": w.annotation_id,
                                "changed_by": w.changed_by_id, **w.data}
                               for w in gold.withdrawals(sentence_id=int(pk))],
        })


class AdjudicationInSerializer(serializers.Serializer):
    """An editor's gold decision: the claims (the annotation's shape), a note, and the version it replaces."""

    sentence = serializers.IntegerField()
    claims = ClaimInSerializer(many=True, allow_empty=True)
    note = serializers.CharField(allow_blank=True, required=False, default="", trim_whitespace=False)
    revises = serializers.IntegerField(required=False, allow_null=True, default=None,
                                       help_text="the gold version this replaces (409 if another is current)")


class AcceptInSerializer(serializers.Serializer):
    """Accept agreeing sentences as gold in bulk."""

    resolution = serializers.ChoiceField(choices=[Resolution.UNANIMOUS, Resolution.MAJORITY])


class AdjudicationViewSet(ReviewMixin, viewsets.GenericViewSet):
    """Gold decisions: make or revise one (POST), list them, accept unanimous or majority ones in bulk."""

    serializer_class = AdjudicationSerializer
    queryset = Adjudication.objects.none()

    @extend_schema(parameters=[OpenApiParameter("sentence", int)])
    def list(self, request, project_pk=None):
        found = Adjudication.objects.filter(project=self.project).prefetch_related("claims").order_by("-decided_at")
        if (sentence := _int_param(request, "sentence")) is not None:
            found = found.filter(sentence_id=sentence)
        return self.paged(found, adjudication_data)

    @extend_schema(request=AdjudicationInSerializer, responses={201: AdjudicationSerializer, **REFUSALS})
    def create(self, request, project_pk=None):
        body = AdjudicationInSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        data = body.validated_data
        adjudication = gold.adjudicate(project=self.project, editor=request.user, sentence_id=data["sentence"],
                                       data=gold.GoldInput(claims=_claims(data["claims"]), note=data["note"],
                                                           revises=data["revises"]))
        return Response(adjudication_data(adjudication), status=status.HTTP_201_CREATED)

    @extend_schema(request=AcceptInSerializer, responses=OpenApiTypes.OBJECT)
    @action(detail=False, methods=["post"])
    def accept(self, request, project_pk=None):
        """Make gold of every sentence whose annotators all agree (unanimous) or, for majority, most do."""
        body = AcceptInSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        made = gold.accept_gold(project=self.project, resolution=body.validated_data["resolution"],
                                editor=request.user)
        return Response({"accepted": made})


# ---- agreement ----------------------------------------------------------------------------


class AgreementView(ReviewMixin, APIView):
    """Agreement per field: Krippendorff's alpha, Fleiss' kappa, Cohen's kappa per pair and against gold."""

    @extend_schema(responses=OpenApiTypes.OBJECT)
    def get(self, request, project_pk=None):
        return Response(agreement.project_agreement(project=self.project))


@extend_schema(parameters=[
    OpenApiParameter("field", str, required=True),
    OpenApiParameter("annotators", str, description="comma-separated user ids, 0 for gold"),
    OpenApiParameter("disagreed", bool, description="only items where they differ"),
], responses=OpenApiTypes.OBJECT)
class AgreementItemsView(ReviewMixin, APIView):
    """The items behind a figure: each with its sentence and every rater's value."""

    def get(self, request, project_pk=None):
        field = request.query_params.get("field", "")
        if field not in FIELDS:
            raise ValidationError({"field": [f"must be one of {', '.join(FIELDS)}"]})
        raw = request.query_params.get("annotators", "")
        if raw and not all(part.isdigit() for part in raw.split(",")):
            raise ValidationError({"annotators": ["comma-separated user ids (0 for gold)"]})
        annotators = tuple(int(part) for part in raw.split(",")) if raw else ()
        return Response(agreement.items_behind(project=self.project, field=field, annotators=annotators,
                                               disagreed=request.query_params.get("disagreed") in ("1", "true")))


# ---- propositions ---------------------------------------------------------------------------


def proposition_data(proposition: Proposition) -> dict:
    return {"id": proposition.pk, "text": proposition.text, "status": proposition.status,
            "claims": sorted(c.pk for c in proposition.claims.all()),
            "sources": sorted({c.sentence.source_id for c in proposition.claims.all()}),
            "created_by": proposition.created_by_id, "updated_at": proposition.updated_at}


class PropositionSerializer(serializers.Serializer):
    """A proposition: its normal form, proposed or accepted, its claims (ids) and their sources."""

    id = serializers.IntegerField()
    text = serializers.CharField()
    status = serializers.CharField(help_text="proposed or accepted")
    claims = serializers.ListField(child=serializers.IntegerField())
    sources = serializers.ListField(child=serializers.IntegerField())
    created_by = serializers.IntegerField(allow_null=True)
    updated_at = serializers.DateTimeField()


class PropositionInSerializer(serializers.Serializer):
    """A proposition made by hand, or a change to one (claims: the full list of its claim ids)."""

    text = serializers.CharField(required=False, max_length=1000)
    status = serializers.CharField(required=False, help_text="proposed or accepted")
    claims = serializers.ListField(child=serializers.IntegerField(), required=False)


class MergeInSerializer(serializers.Serializer):
    """The propositions to merge into this one."""

    others = serializers.ListField(child=serializers.IntegerField(), allow_empty=False)


class SplitInSerializer(serializers.Serializer):
    """The claims to split off into a new proposition, and its text."""

    claims = serializers.ListField(child=serializers.IntegerField(), allow_empty=False)
    text = serializers.CharField(max_length=1000)


class PropositionViewSet(ReviewMixin, viewsets.GenericViewSet):
    """Propositions across sources: list, create by hand, accept or edit (PATCH), merge, split, propose."""

    queryset = Proposition.objects.none()
    serializer_class = PropositionSerializer
    lookup_value_regex = r"\d+"

    def _found(self):
        status_filter = self.request.query_params.get("status", "")
        return propositions.propositions(project=self.project, status=status_filter)

    @extend_schema(parameters=[OpenApiParameter("status", str, description="proposed or accepted")])
    def list(self, request, project_pk=None):
        return self.paged(self._found(), proposition_data)

    def retrieve(self, request, pk=None, project_pk=None):
        found = self._found().filter(pk=pk).first() if str(pk).isdigit() else None
        if found is None:
            raise ReviewRejected.not_found(f"no proposition {pk} in this project", field="proposition")
        return Response(proposition_data(found))

    @extend_schema(request=PropositionInSerializer)
    def create(self, request, project_pk=None):
        body = PropositionInSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        made = propositions.create_proposition(project=self.project, editor=request.user,
                                               text=body.validated_data.get("text", ""),
                                               claim_ids=body.validated_data.get("claims", []))
        return Response(proposition_data(self._found().get(pk=made.pk)), status=status.HTTP_201_CREATED)

    @extend_schema(request=PropositionInSerializer)
    def partial_update(self, request, pk=None, project_pk=None):
        body = PropositionInSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        data = body.validated_data
        changed = propositions.update_proposition(project=self.project, editor=request.user,
                                                  proposition_id=int(pk), text=data.get("text"),
                                                  status=data.get("status"), claim_ids=data.get("claims"))
        return Response(proposition_data(self._found().get(pk=changed.pk)))

    @extend_schema(request=MergeInSerializer)
    @action(detail=True, methods=["post"])
    def merge(self, request, pk=None, project_pk=None):
        """Merge other propositions into this one."""
        body = MergeInSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        merged = propositions.merge_propositions(project=self.project, editor=request.user, proposition_id=int(pk),
                                                 others=body.validated_data["others"])
        return Response(proposition_data(self._found().get(pk=merged.pk)))

    @extend_schema(request=SplitInSerializer)
    @action(detail=True, methods=["post"])
    def split(self, request, pk=None, project_pk=None):
        """Split some claims off into a new accepted proposition."""
        body = SplitInSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        made = propositions.split_proposition(project=self.project, editor=request.user, proposition_id=int(pk),
                                              claim_ids=body.validated_data["claims"],
                                              text=body.validated_data["text"])
        return Response(proposition_data(self._found().get(pk=made.pk)), status=status.HTTP_201_CREATED)

    @extend_schema(request=None, responses={202: OpenApiTypes.OBJECT})
    @action(detail=False, methods=["post"])
    def propose(self, request, project_pk=None):
        """Queue the proposer in the worker; poll the run at propositions/runs/{id}/."""
        run = propositions.request_proposals(project=self.project, user=request.user)
        return Response(run_data(run), status=status.HTTP_202_ACCEPTED)


class ProposalRunViewSet(ReviewMixin, viewsets.GenericViewSet):
    """Proposal runs: status, progress, counts, errors."""

    queryset = ProposalRun.objects.none()
    lookup_value_regex = r"\d+"

    @extend_schema(responses=OpenApiTypes.OBJECT)
    def retrieve(self, request, pk=None, project_pk=None):
        run = ProposalRun.objects.filter(project=self.project, pk=pk).first()
        if run is None:
            raise ReviewRejected.not_found(f"no proposal run {pk} in this project", field="run")
        return Response(run_data(run))


def run_data(run: ProposalRun) -> dict:
    return {"id": run.pk, "status": run.status, "progress": run.progress, "message": run.status_message,
            "counts": run.counts, "errors": run.errors, "created_at": run.created_at, "finished_at": run.finished_at}


# ---- conflicts, corroborations, outlets, stance map --------------------------------------------


def _claim_side(claim) -> dict:
    source = claim.sentence.source
    return {"claim": claim.pk, "sentence": claim.sentence_id, "text": claim.text, "source": source.pk,
            "outlet": source.outlet, "title": source.title, "published": source.published}


def conflict_data(conflict: conflicts.Conflict) -> dict:
    resolution = conflict.resolution
    return {
        "proposition": conflict.proposition.pk, "proposition_text": conflict.proposition.text, "kind": conflict.kind,
        "sides": [{"position": position, "claims": [c.pk for c in claims], "details": [_claim_side(c) for c in claims]}
                  for position, claims in conflict.sides],
        "resolution": None if resolution is None else {
            "verdict": resolution.verdict, "source": resolution.source_id, "note": resolution.note,
            "editor": resolution.editor_id, "decided_at": resolution.decided_at},
    }


class ResolutionInSerializer(serializers.Serializer):
    """An editor's verdict on one conflict."""

    proposition = serializers.IntegerField()
    kind = serializers.CharField(max_length=20)
    verdict = serializers.CharField(max_length=20, help_text="source_right, both_right or unresolved")
    source = serializers.IntegerField(required=False, allow_null=True, default=None,
                                      help_text="the source that is right (source_right only)")
    note = serializers.CharField(required=False, allow_blank=True, default="", max_length=10_000)


class ConflictSerializer(serializers.Serializer):
    """Sources that disagree about a proposition on one kind of position; each side with its claims."""

    proposition = serializers.IntegerField()
    proposition_text = serializers.CharField()
    kind = serializers.CharField(help_text="assert_deny, stance, fact:year, fact:date or fact:number")
    sides = serializers.ListField(child=serializers.DictField(), help_text="[{position, claims, details}]")
    resolution = serializers.DictField(allow_null=True)


class ConflictViewSet(ReviewMixin, viewsets.GenericViewSet):
    """Accepted propositions whose sources contradict each other, with sides and resolutions."""

    serializer_class = ConflictSerializer
    queryset = Proposition.objects.none()

    def list(self, request, project_pk=None):
        return self.paged(conflicts.conflicts(project=self.project), conflict_data)

    @extend_schema(request=ResolutionInSerializer, responses={201: OpenApiTypes.OBJECT})
    @action(detail=False, methods=["post"])
    def resolutions(self, request, project_pk=None):
        """Record a verdict on a conflict; the newest stands, the earlier ones are kept."""
        body = ResolutionInSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        data = body.validated_data
        made = conflicts.resolve_conflict(project=self.project, editor=request.user, proposition_id=data["proposition"],
                                          kind=data["kind"], verdict=data["verdict"], source_id=data["source"],
                                          note=data["note"])
        return Response({"id": made.pk, "proposition": made.proposition_id, "kind": made.kind,
                         "verdict": made.verdict, "source": made.source_id, "note": made.note},
                        status=status.HTTP_201_CREATED)

    @extend_schema(responses=PropositionSerializer(many=True))
    @action(detail=False, methods=["get"], pagination_class=None)
    def agreements(self, request, project_pk=None):
        """Accepted propositions stated by two sources or more without conflict: what is corroborated."""
        return Response([proposition_data(p) for p in conflicts.corroborated(project=self.project)])


class OutletRecordView(ReviewMixin, APIView):
    """Per outlet: claims in propositions, claims in conflicts, and how those conflicts were resolved."""

    @extend_schema(responses={200: {"type": "array", "items": {"type": "object"}}})
    def get(self, request, project_pk=None):
        return Response(conflicts.outlet_record(project=self.project))


@extend_schema(parameters=[OpenApiParameter("outlet", str, description="only this outlet's sources")],
               responses=OpenApiTypes.OBJECT)
class StanceMapView(ReviewMixin, APIView):
    """Who stands where: actors and support / oppose / neutral edges, weighted by claims."""

    def get(self, request, project_pk=None):
        return Response({**stance_map.stance_map(project=self.project, outlet=request.query_params.get("outlet", "")),
                         "outlets": stance_map.outlets(project=self.project)})

