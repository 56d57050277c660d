"""Train/dev/test splits grouped by source: no article in two splits, the same split for a seed, stable as data grows.

A source's split is decided by a hash of its content hash and the seed, never by shuffling the
current list: adding sources (or labels) never moves an existing source to another split, and the
same seed on the same data gives the same split on any machine. Because the hash is independent of
the labels, every split draws each stance in the proportion of the whole (stratified in expectation);
the manifest records how far each split's stance shares actually are from the whole, against
EXPORT_STRATIFY_TOLERANCE.
"""

import functools
import hashlib
import re
from collections import Counter

from claims.errors import Problem
from claims.export.errors import ExportError

DEFAULT_SPLIT = "train=0.8,dev=0.1,test=0.1"
_NAME = re.compile(r"[a-z][a-z0-9_]{0,19}")


def parse_split(spec: str) -> dict[str, float]:
    """'train=0.8,dev=0.1,test=0.1' as {name: share}; ExportError naming what is wrong."""
    shares: dict[str, float] = {}
    for part in (spec or "").split(","):
        name, _, value = part.strip().partition("=")
        try:
            share = float(value)
        except ValueError:
            share = -1.0
        if not _NAME.fullmatch(name) or name in shares or not 0 < share <= 1:
            raise ExportError([Problem("split", f"{part.strip()!r}: write name=share, e.g. {DEFAULT_SPLIT} "
                                                "(lower-case names, each once, shares above 0)")])
        shares[name] = share
    if abs(sum(shares.values()) - 1) > 1e-6:
        raise ExportError([Problem("split", f"the shares add up to {sum(shares.values()):g}, not 1")])
    return shares


def split_of(content_hash: str, *, seed: int, shares: dict[str, float]) -> str:
    """The split a source belongs to: where the hash of (seed, content hash) falls among the cumulative shares."""
    return _split_of(content_hash, seed, tuple(shares.items()))


@functools.lru_cache(maxsize=1024)  # sources whose sentences interleave in id order are hashed once
def _split_of(content_hash: str, seed: int, shares: tuple[tuple[str, float], ...]) -> str:
    digest = hashlib.sha256(f"{seed}:{content_hash}".encode()).digest()
    point = int.from_bytes(digest[:8], "big") / 2**64
    total = 0.0
    for name, share in shares:
        total += share
        if point < total:
            return name
    return name  # rounding: the last split takes the top of the range


def stratification(counts: dict[str, Counter]) -> float:
    """The largest gap between a stance's share in one split and its share in the whole export."""
    whole = sum(counts.values(), Counter())
    total = sum(whole.values())
    gaps = [abs(split[label] / sum(split.values()) - whole[label] / total)
            for split in counts.values() if sum(split.values()) for label in whole]
    return max(gaps, default=0.0)
