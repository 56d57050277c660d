"""An article laid out for reading: paragraphs of sentences, actor mentions marked, all text escaped."""

from collections.abc import Iterable
from dataclasses import dataclass

from django.utils.html import escape, format_html
from django.utils.safestring import SafeString, mark_safe

from claims.models import Sentence, Source
from claims.models.corpus import SentenceKind


@dataclass(frozen=True)
class SentenceView:
    """One sentence ready for the template: its row, its body number (if any) and its escaped HTML."""

    sentence: Sentence
    number: int | None
    html: SafeString


def highlight(source_text: str, sentence: Sentence) -> SafeString:
    """The sentence's text with its mentions wrapped in <mark>; every piece of article text is escaped."""
    pieces, position = [], sentence.start
    for mention in sorted(sentence.mentions.all(), key=lambda m: m.start):
        # Mentions are offsets into the source text; one outside the sentence or overlapping the
        # previous one cannot be drawn without breaking the markup, so it is left unmarked.
        if mention.start < position or mention.end > sentence.end:
            continue
        actor = mention.actor
        pieces.append(escape(source_text[position : mention.start]))
        pieces.append(
            format_html(
                '<mark class="actor actor-{}" title="{} ({})" data-actor-id="{}">{}</mark>',
                actor.kind,
                actor.name,
                actor.get_kind_display(),
                actor.id,
                source_text[mention.start : mention.end],
            )
        )
        position = mention.end
    pieces.append(escape(source_text[position : sentence.end]))
    # Safe: every piece above came out of escape() or format_html().
    return mark_safe("".join(pieces))


def paragraphs(source: Source, sentences: Iterable[Sentence]) -> list[list[SentenceView]]:
    """Group sentences into paragraphs: a new one wherever the text between two sentences has a line break."""
    text = source.text
    result: list[list[SentenceView]] = []
    previous_end, body_number = None, 0
    for sentence in sentences:
        if previous_end is None or "\n" in text[previous_end : sentence.start]:
            result.append([])
        number = None
        if sentence.kind == SentenceKind.BODY:
            body_number += 1
            number = body_number
        result[-1].append(SentenceView(sentence, number, highlight(text, sentence)))
        previous_end = sentence.end
    return result
