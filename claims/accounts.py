"""User accounts: API tokens, and accounts a manager opens for a new teammate."""

import secrets

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from rest_framework.authtoken.models import Token

from claims.errors import ServiceError
from claims.models import User


class AccountError(ServiceError):
    """An account that cannot be created; the message says why."""


@transaction.atomic
def regenerate_token(*, user: User) -> Token:
    """Replace the user's API token with a new one; the old key stops working at once."""
    Token.objects.filter(user=user).delete()
    return Token.objects.create(user=user)


def create_account(*, username: str) -> tuple[User, str]:
    """Open an account with a random password (returned once, never stored in clear)."""
    username = username.strip()
    try:
        User.username_validator(username)
    except ValidationError:
        raise AccountError(f"{username!r} is not a valid username (letters, digits and @ . + - _)") from None
    if len(username) > 150:
        raise AccountError("a username has at most 150 characters")
    password = secrets.token_urlsafe(12)
    try:
        with transaction.atomic():
            if User.objects.filter(username__iexact=username).exists():
                raise AccountError(f"a user named {username!r} already exists")
            user = User.objects.create_user(username=username, password=password)
    except IntegrityError:
        raise AccountError(f"a user named {username!r} already exists") from None
    return user, password
