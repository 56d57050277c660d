"""Token authentication with a short per-process memory of tokens already checked.

Annotators call the API twice per sentence (next, submit); looking the token and its user up
in PostgreSQL each time was the single largest cost of a request. A token stays remembered for
TOKEN_CACHE_SECONDS: a regenerated or deleted token, or a deactivated user, stops working within
that time in every worker process.
"""

import threading
import time

from django.conf import settings
from rest_framework.authentication import TokenAuthentication

_remembered: dict[str, tuple[float, tuple]] = {}
_lock = threading.Lock()
_MAX_TOKENS = 10_000


class CachedTokenAuthentication(TokenAuthentication):
    """DRF's ``Authorization: Token <key>``, remembering each valid key for a few seconds."""

    def authenticate_credentials(self, key):
        ttl = getattr(settings, "TOKEN_CACHE_SECONDS", 30)
        now = time.monotonic()
        found = _remembered.get(key)
        if found is not None and found[0] > now:
            return found[1]
        result = super().authenticate_credentials(key)  # raises AuthenticationFailed for a bad key
        with _lock:
            if len(_remembered) >= _MAX_TOKENS:
                _remembered.clear()
            _remembered[key] = (now + ttl, result)
        return result


def forget_tokens() -> None:
    """Forget every remembered token in this process (tests, and after a token is revoked here)."""
    with _lock:
        _remembered.clear()
