"""Web pages for one's own account: the profile with the API token, and changing the password."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import F
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST
from rest_framework.authtoken.models import Token

from claims.accounts import regenerate_token
from claims.models import Membership


@login_required
def profile(request):
    """Who I am, my projects and roles, and my API token."""
    token = Token.objects.filter(user=request.user).first()
    memberships = (
        Membership.objects.filter(user=request.user).select_related("project").order_by(F("project__name").asc())
    )
    return render(request, "account/profile.html", {"token": token, "memberships": memberships})


@require_POST
@login_required
def token_regenerate(request):
    """Make a new API token; the old one stops working at once."""
    regenerate_token(user=request.user)
    messages.success(request, "A new API token was made; the old one no longer works.")
    return redirect("account")
