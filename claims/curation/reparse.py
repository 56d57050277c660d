"""Re-reading stored sources with the current article parser, keeping every editor's correction.

The stored text never changes, so the parser's new segments are offsets into the same text; the
recorded segment corrections are replayed on them by offsets, rows whose span did not move keep
their id (and mentions), and a source on which any annotation rests is left exactly as it is.
"""

from dataclasses import dataclass, field

from django.db import transaction

from claims.curation.segments import Span, replay
from claims.curation.service import annotated, apply_segments, record
from claims.ingest.article import parse_article
from claims.ingest.article.version import PARSER_VERSION
from claims.models import Project, Sentence, Source, SourceCorrection, User
from claims.models.curation import CorrectionAction

_PARSED_FIELDS = ("title", "outlet", "author", "published")


@dataclass
class ReparseReport:
    """What re-reading one source did: reparsed, unchanged or skipped (and why)."""

    source_id: int
    outcome: str
    reason: str = ""
    kinds_changed: int = 0
    added: int = 0
    removed: int = 0
    corrections_replayed: int = 0
    corrections_unapplied: int = 0
    filled: dict[str, str] = field(default_factory=dict)
    # Metadata the parser now reads differently; kept as stored, for an editor to judge.
    differs: dict[str, str] = field(default_factory=dict)

    def as_dict(self) -> dict:
        return {key: getattr(self, key) for key in self.__dataclass_fields__}

    def __str__(self) -> str:
        if self.outcome == "skipped":
            return f"source {self.source_id}: skipped, {self.reason}"
        line = (
            f"source {self.source_id}: {self.outcome}; {self.kinds_changed} kinds changed, "
            f"{self.added} segments added, {self.removed} removed; "
            f"{self.corrections_replayed} corrections re-applied"
        )
        if self.corrections_unapplied:
            line += f", {self.corrections_unapplied} no longer fit the new segments"
        if self.filled:
            line += "; filled " + ", ".join(f"{k} = {v!r}" for k, v in self.filled.items())
        if self.differs:
            line += "; the parser now reads " + ", ".join(f"{k} {v!r}" for k, v in self.differs.items())
        return line


def stale_sources(*, project: Project, source_id: int | None = None, force: bool = False):
    """Ids of the project's sources to re-read: those of an older parser version (all with force), or one."""
    sources = Source.objects.filter(project=project)
    if source_id is not None:
        sources = sources.filter(pk=source_id)
    if not force:
        sources = sources.exclude(parser_version=PARSER_VERSION)
    return sources.order_by("id").values_list("id", flat=True)


@transaction.atomic
def reparse_source(*, source_id: int, user: User | None = None) -> ReparseReport:
    """Re-read one source with the current parser, replaying its corrections; annotated sources stay as they are."""
    source = Source.objects.select_for_update().get(pk=source_id)
    rows = list(Sentence.objects.select_for_update().filter(source=source).order_by("index"))
    if found := annotated(rows):
        return ReparseReport(source.pk, "skipped", f"annotations rest on {len(found)} of its segments")
    parsed = parse_article(source.text)
    if parsed.text != source.text:
        return ReparseReport(
            source.pk,
            "skipped",
            f"parser version {PARSER_VERSION} would change the stored text (it drops lines); re-import it instead",
        )
    corrections = SourceCorrection.objects.for_source(source)
    spans = [Span(s.start, s.end, s.kind, getattr(s, "rule", "")) for s in parsed.segments]
    replayed = replay(source.text, spans, [(c.action, c.after) for c in corrections.structural()])
    changes = apply_segments(source=source, spans=replayed.spans)
    report = ReparseReport(
        source.pk,
        "reparsed" if changes else "unchanged",
        kinds_changed=changes.kinds_changed,
        added=changes.added,
        removed=changes.removed,
        corrections_replayed=replayed.applied,
        corrections_unapplied=replayed.unapplied,
    )
    corrected = set(corrections.filter(action=CorrectionAction.METADATA).values_list("field", flat=True))
    for name in _PARSED_FIELDS:
        stored, read = getattr(source, name), getattr(parsed, name)
        if isinstance(read, str):
            read = read[: Source._meta.get_field(name).max_length]
        if not read or stored == read:
            continue
        # What a file or an editor gave wins; the parser only fills what nobody gave.
        if not stored and name not in corrected:
            setattr(source, name, read)
            report.filled[name] = str(read)
        else:
            report.differs[name] = str(read)
    before_version = source.parser_version
    source.parser_version = PARSER_VERSION
    source.save(update_fields=["parser_version", *report.filled])
    if changes or report.filled or before_version != PARSER_VERSION:
        record(
            source=source,
            user=user,
            action=CorrectionAction.REPARSE,
            before={"parser_version": before_version, "segments": len(rows)},
            after={"parser_version": PARSER_VERSION, "segments": len(replayed.spans), **report.as_dict()},
        )
    return report
