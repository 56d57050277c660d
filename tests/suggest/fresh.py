"""Test helper: the fingerprint a suggestion must record to be fresh (claims.suggest.freshness)."""

from claims.suggest.freshness import current_inputs


def fresh_inputs(sentence) -> str:
    """What a suggestion of this sentence computed now would record in `inputs`."""
    return current_inputs(sentence_ids=[sentence.pk], scheme=sentence.project.scheme)[sentence.pk]
