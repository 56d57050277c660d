"""Editors' corrections of a source: metadata, segment kinds, splits and merges, each recorded.

Every service locks the source row first, so corrections and re-parses of one source run one after
another, and checks for annotations only once the sentences it changes are locked FOR UPDATE: an
annotation being saved on one of them meanwhile waits for the correction (its foreign-key check
needs a share lock on the sentence row), so none can slip onto a sentence that is being replaced.
"""

import datetime
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import transaction
from django.db.models import Exists, F, OuterRef, Q

from claims.actors.matching import ActorMatcher
from claims.actors.mentions import matcher_for, write_mentions
from claims.curation.errors import CorrectionConflict, CorrectionError
from claims.curation.segments import Span, check_kind, merge_spans, split_span
from claims.models import Adjudication, Annotation, Claim, Sentence, Source, SourceCorrection, User
from claims.models.corpus import SentenceKind
from claims.models.curation import CORRECTABLE_FIELDS, CorrectionAction

_URL = URLValidator(schemes=["http", "https"])


def clean_metadata(changes: Mapping[str, object]) -> dict[str, object]:
    """The changes as values to store, or a CorrectionError naming the first field at fault."""
    if not changes:
        raise CorrectionError(f"nothing to correct: give one or more of {', '.join(CORRECTABLE_FIELDS)}")
    unknown = sorted(set(changes) - set(CORRECTABLE_FIELDS))
    if unknown:
        raise CorrectionError(
            f"{', '.join(unknown)} cannot be corrected; the fields are {', '.join(CORRECTABLE_FIELDS)}",
            field=unknown[0],
        )
    cleaned: dict[str, object] = {}
    for name, value in changes.items():
        if name == "published":
            cleaned[name] = _clean_date(value)
            continue
        if value is None:
            value = ""
        if not isinstance(value, str):
            raise CorrectionError(f"{name} must be text", field=name)
        value = " ".join(value.split())  # metadata is one line; the article's own whitespace is in its text
        if "\x00" in value:
            raise CorrectionError(f"{name} must not contain NUL characters", field=name)
        limit = Source._meta.get_field(name).max_length
        if len(value) > limit:
            raise CorrectionError(f"{name} is longer than {limit} characters", field=name)
        if name == "url" and value:
            try:
                _URL(value)
            except ValidationError:
                raise CorrectionError("url must be a full http:// or https:// address", field=name) from None
        cleaned[name] = value
    return cleaned


def _clean_date(value: object) -> datetime.date | None:
    if value is None or value == "":
        return None
    if isinstance(value, datetime.date):
        return value
    # fromisoformat alone would also take "20240102" and week dates; the API promises YYYY-MM-DD.
    if isinstance(value, str) and len(value) == 10 and value[4] == value[7] == "-":
        try:
            return datetime.date.fromisoformat(value)
        except ValueError:
            pass
    raise CorrectionError("published must be a real date written YYYY-MM-DD (or empty)", field="published")


def _as_json(value: object) -> object:
    return value.isoformat() if isinstance(value, datetime.date) else value


@transaction.atomic
def correct_source(*, source: Source, user: User, changes: Mapping[str, object]) -> Source:
    """Store valid metadata changes and record one correction per field that changed; all or nothing."""
    cleaned = clean_metadata(changes)
    source = Source.objects.select_for_update().get(pk=source.pk)
    changed = {name: value for name, value in cleaned.items() if getattr(source, name) != value}
    for name, value in changed.items():
        record(
            source=source,
            user=user,
            action=CorrectionAction.METADATA,
            field=name,
            before={"value": _as_json(getattr(source, name))},
            after={"value": _as_json(value)},
        )
        setattr(source, name, value)
    if changed:
        source.save(update_fields=list(changed))
    return source


def record(
    *,
    source: Source,
    user: User | None,
    action: str,
    before: dict,
    after: dict,
    sentence: Sentence | None = None,
    field: str = "",
) -> SourceCorrection:
    """Add one correction to the source's log, kept for good."""
    return SourceCorrection.objects.create(
        project_id=source.project_id,
        source=source,
        sentence=sentence,
        user=user,
        action=action,
        field=field,
        before=before,
        after=after,
    )


def _locked(sentence: Sentence) -> tuple[Source, Sentence]:
    """The sentence's source and the sentence itself, both locked; a conflict if the sentence is gone."""
    source = Source.objects.select_for_update().get(pk=sentence.source_id)
    current = Sentence.objects.select_for_update().filter(pk=sentence.pk).first()
    if current is None:
        raise CorrectionConflict("this sentence was merged or re-parsed meanwhile; reload the source")
    return source, current


def annotated(sentences: Iterable[Sentence]) -> list[Sentence]:
    """The sentences on which an annotation, a claim or an editor's decision rests."""
    ids = [sentence.pk for sentence in sentences]
    rests = (
        Exists(Annotation.objects.filter(sentence=OuterRef("pk")))
        | Exists(Claim.objects.filter(sentence=OuterRef("pk")))
        | Exists(Adjudication.objects.filter(sentence=OuterRef("pk")))
    )
    return list(Sentence.objects.filter(Q(pk__in=ids) & Q(rests)).order_by("index"))


def _refuse_if_annotated(sentences: list[Sentence], doing: str) -> None:
    if found := annotated(sentences):
        numbers = ", ".join(str(sentence.index + 1) for sentence in found)
        raise CorrectionConflict(
            f"cannot {doing}: annotations rest on segment {numbers}; they would no longer match its text"
        )


@transaction.atomic
def set_sentence_kind(*, sentence: Sentence, user: User, kind: str) -> Sentence:
    """Give the segment this kind (an editor's decision: its rule is cleared) and record it if it changed."""
    kind = check_kind(kind)
    source, sentence = _locked(sentence)
    if sentence.kind == kind:
        return sentence
    record(
        source=source,
        user=user,
        action=CorrectionAction.KIND,
        sentence=sentence,
        before={"start": sentence.start, "end": sentence.end, "kind": sentence.kind, "rule": sentence.rule},
        after={"start": sentence.start, "end": sentence.end, "kind": kind},
    )
    before = sentence.kind
    sentence.kind, sentence.rule = kind, ""
    sentence.save(update_fields=["kind", "rule"])
    if SentenceKind.TITLE in (kind, before):
        _title_follows_segments(source, user)
    return sentence


def _title_follows_segments(source: Source, user: User) -> None:
    """The source's title becomes its first title segment, unless it already reads as one of them."""
    titles = [
        " ".join(text.split())
        for text in source.sentences.filter(kind=SentenceKind.TITLE).order_by("index").values_list("text", flat=True)
    ]
    if titles and source.title not in titles:
        correct_source(
            source=source, user=user, changes={"title": titles[0][: Source._meta.get_field("title").max_length]}
        )


def _span(sentence: Sentence) -> Span:
    return Span(sentence.start, sentence.end, sentence.kind, sentence.rule)


@transaction.atomic
def split_sentence(*, sentence: Sentence, user: User, at: int) -> list[Sentence]:
    """Cut an unannotated segment in two at offset at of the source text; mentions recomputed, recorded."""
    source, sentence = _locked(sentence)
    first, second = split_span(source.text, _span(sentence), at)
    _refuse_if_annotated([sentence], "split this sentence")
    spans = [_span(s) for s in source.sentences.order_by("index")]
    where = spans.index(_span(sentence))
    spans[where : where + 1] = [first, second]
    apply_segments(source=source, spans=spans)
    parts = list(source.sentences.filter(start__in=(first.start, second.start)).order_by("index"))
    record(
        source=source,
        user=user,
        action=CorrectionAction.SPLIT,
        sentence=parts[0],
        before={"start": sentence.start, "end": sentence.end},
        after={"at": at, "spans": [[first.start, first.end], [second.start, second.end]]},
    )
    return parts


@transaction.atomic
def merge_sentence(*, sentence: Sentence, user: User) -> Sentence:
    """Join an unannotated segment with the next one of its source; mentions recomputed, recorded."""
    source, sentence = _locked(sentence)
    following = (
        Sentence.objects.select_for_update().filter(source=source, index__gt=sentence.index).order_by("index").first()
    )
    if following is None:
        raise CorrectionError("this is the source's last segment: there is no next one to merge it with")
    _refuse_if_annotated([sentence, following], "merge these sentences")
    merged = merge_spans(_span(sentence), _span(following))
    spans = [_span(s) for s in source.sentences.order_by("index")]
    where = spans.index(_span(sentence))
    spans[where : where + 2] = [merged]
    apply_segments(source=source, spans=spans)
    result = source.sentences.get(start=merged.start, end=merged.end)
    record(
        source=source,
        user=user,
        action=CorrectionAction.MERGE,
        sentence=result,
        before={"spans": [[sentence.start, sentence.end], [following.start, following.end]]},
        after={"start": merged.start, "end": merged.end},
    )
    return result


@dataclass
class SegmentChanges:
    """What making a source's segments match a new list changed."""

    added: int = 0
    removed: int = 0
    kinds_changed: int = 0

    def __bool__(self) -> bool:
        return bool(self.added or self.removed or self.kinds_changed)


def apply_segments(*, source: Source, spans: list[Span]) -> SegmentChanges:
    """Make the source's sentences exactly spans, in order; rows whose span is unchanged keep their id.

    The caller holds the source's lock and has checked that no annotation rests on a sentence
    whose span goes. New sentences get their actor mentions; kept ones keep theirs.
    """
    # A running re-match must not write mentions of sentences that go here: matcher_for takes the
    # project's mentions lock before reading the actor list.
    matcher = matcher_for(source.project)
    existing = list(Sentence.objects.filter(source=source).order_by("index"))
    wanted = {(span.start, span.end) for span in spans}
    removed = [row for row in existing if (row.start, row.end) not in wanted]
    changes = SegmentChanges(removed=len(removed))
    if removed:
        Sentence.objects.filter(pk__in=[row.pk for row in removed]).delete()
    kept = {(row.start, row.end): row for row in existing if (row.start, row.end) in wanted}
    updated, moved, new = [], [], []
    for index, span in enumerate(spans):
        row = kept.get((span.start, span.end))
        if row is None:
            new.append(
                Sentence(
                    project_id=source.project_id,
                    source=source,
                    index=index,
                    start=span.start,
                    end=span.end,
                    text=source.text[span.start : span.end],
                    kind=span.kind,
                    rule=span.rule,
                )
            )
            continue
        changes.kinds_changed += row.kind != span.kind
        if (row.index, row.kind, row.rule) != (index, span.kind, span.rule):
            if row.index != index:
                moved.append(row.pk)
            row.index, row.kind, row.rule = index, span.kind, span.rule
            updated.append(row)
    if moved:
        # (source, index) is unique and checked row by row: move the renumbered rows past every
        # index in use, old or new, before giving them their places.
        Sentence.objects.filter(pk__in=moved).update(index=F("index") + len(existing) + len(spans))
    Sentence.objects.bulk_update(updated, ["index", "kind", "rule"], batch_size=1000)
    Sentence.objects.bulk_create(new, batch_size=1000)
    changes.added = len(new)
    _add_mentions(matcher, new)
    return changes


def _add_mentions(matcher: ActorMatcher, sentences: list[Sentence]) -> None:
    """Record where the project's actors are named in these (new, saved) sentences."""
    if not sentences or not matcher:
        return
    write_mentions(
        mentions=[
            (sentence.pk, actor_id, sentence.start + start, sentence.start + end)
            for sentence in sentences
            # The sentence's own text, as rematch_mentions reads it: the same mentions either way.
            for actor_id, start, end in matcher.find(sentence.text)
        ]
    )
