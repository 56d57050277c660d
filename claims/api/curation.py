"""REST API for editors' corrections: PATCH a source or a sentence, split, merge, re-parse, the correction log.

Mixed into the source and sentence view sets, so the corrections live at the same URLs as the
resources they change. Each action parses the body, calls one curation service and serializes.
"""

from collections.abc import Mapping

from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.decorators import action
from rest_framework.response import Response

from claims.access import CURATORS
from claims.api.serializers import SentenceSerializer, SourceDetailSerializer
from claims.curation import service
from claims.curation.errors import CorrectionConflict, CorrectionError
from claims.curation.reparse import ReparseReport, reparse_source
from claims.models import Sentence, SourceCorrection
from claims.models.corpus import SentenceKind


class SourcePatchSerializer(serializers.Serializer):
    """The metadata an editor may correct; give only the fields to change (empty clears one)."""

    title = serializers.CharField(required=False, allow_blank=True)
    outlet = serializers.CharField(required=False, allow_blank=True)
    author = serializers.CharField(required=False, allow_blank=True)
    published = serializers.DateField(required=False, allow_null=True)
    url = serializers.URLField(required=False, allow_blank=True, help_text="http:// or https:// only")


class SentencePatchSerializer(serializers.Serializer):
    """A segment's new kind."""

    kind = serializers.ChoiceField(choices=SentenceKind.choices)


class SplitSerializer(serializers.Serializer):
    """Where to cut: an offset into the source text, strictly inside the sentence."""

    at = serializers.IntegerField()


class CorrectionSerializer(serializers.ModelSerializer):
    """One recorded correction: who, when, what, and the values before and after."""

    user = serializers.CharField(source="user.username", read_only=True, allow_null=True)

    class Meta:
        model = SourceCorrection
        fields = ["id", "source", "sentence", "user", "at", "action", "field", "before", "after"]


class ReparseReportSerializer(serializers.Serializer):
    """What a re-parse did to one source."""

    source_id = serializers.IntegerField()
    outcome = serializers.ChoiceField(choices=["reparsed", "unchanged", "skipped"])
    reason = serializers.CharField()
    kinds_changed = serializers.IntegerField()
    added = serializers.IntegerField()
    removed = serializers.IntegerField()
    corrections_replayed = serializers.IntegerField()
    corrections_unapplied = serializers.IntegerField()
    filled = serializers.DictField(child=serializers.CharField())
    differs = serializers.DictField(child=serializers.CharField())


def _body(request, allowed: tuple[str, ...] | None = None) -> Mapping:
    """The request body as a mapping; a CorrectionError for anything else or for keys not allowed."""
    data = request.data
    if not isinstance(data, Mapping):
        raise CorrectionError("send a JSON object")
    data = {key: data[key] for key in data}  # a QueryDict's last value per key, like a form
    if allowed is not None and (extra := sorted(set(data) - set(allowed))):
        raise CorrectionError(f"{', '.join(extra)} cannot be changed here; send only {', '.join(allowed)}")
    return data


class SourceCorrectionActions:
    """PATCH for a source's metadata, its correction log, and a re-parse; managers and editors only."""

    write_roles = CURATORS

    @extend_schema(request=SourcePatchSerializer, responses={200: SourceDetailSerializer})
    def partial_update(self, request, *args, **kwargs):
        """Correct title, outlet, author, published date or URL; every change is recorded."""
        service.correct_source(source=self.get_object(), user=request.user, changes=_body(request))
        return Response(SourceDetailSerializer(self.get_object()).data)

    @extend_schema(request=None, responses={200: CorrectionSerializer(many=True)})
    @action(detail=True, methods=["get"])
    def corrections(self, request, *args, **kwargs):
        """Every correction of this source, oldest first."""
        rows = SourceCorrection.objects.for_source(self.get_object())
        page = self.paginate_queryset(rows)
        return self.get_paginated_response(CorrectionSerializer(page, many=True).data)

    @extend_schema(request=None, responses={200: ReparseReportSerializer})
    @action(detail=True, methods=["post"])
    def reparse(self, request, *args, **kwargs):
        """Re-read the source with the current parser, replaying its corrections (409 if annotated)."""
        report: ReparseReport = reparse_source(source_id=self.get_object().pk, user=request.user)
        if report.outcome == "skipped":
            raise CorrectionConflict(f"not re-parsed: {report.reason}")
        return Response(report.as_dict())


class SentenceCorrectionActions:
    """PATCH a segment's kind, split it or merge it with the next; managers and editors only."""

    write_roles = CURATORS

    @extend_schema(request=SentencePatchSerializer, responses={200: SentenceSerializer})
    def partial_update(self, request, *args, **kwargs):
        """Change the segment's kind (body, title, byline, dateline, heading, caption, disclaimer, furniture)."""
        body = _body(request, ("kind",))
        sentence = service.set_sentence_kind(sentence=self.get_object(), user=request.user, kind=body.get("kind"))
        return Response(SentenceSerializer(self.get_queryset().get(pk=sentence.pk)).data)

    @extend_schema(request=SplitSerializer, responses={200: SentenceSerializer(many=True)})
    @action(detail=True, methods=["post"])
    def split(self, request, *args, **kwargs):
        """Cut the sentence in two at an offset into the source text (409 if an annotation rests on it)."""
        body = _body(request, ("at",))
        if "at" not in body:
            raise CorrectionError("give at: the offset into the source text where the second sentence starts")
        parts = service.split_sentence(sentence=self.get_object(), user=request.user, at=body["at"])
        return Response(SentenceSerializer(self._fresh(parts), many=True).data)

    @extend_schema(request=None, responses={200: SentenceSerializer})
    @action(detail=True, methods=["post"])
    def merge(self, request, *args, **kwargs):
        """Join the sentence with the next one of its source (409 if an annotation rests on either)."""
        _body(request, ())
        merged = service.merge_sentence(sentence=self.get_object(), user=request.user)
        return Response(SentenceSerializer(self._fresh([merged])[0]).data)

    def _fresh(self, sentences: list[Sentence]) -> list[Sentence]:
        return list(self.get_queryset().filter(pk__in=[s.pk for s in sentences]))

