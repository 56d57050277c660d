"""The claims application: corpus, annotation, review, suggestion and export."""

from django.apps import AppConfig


class ClaimsConfig(AppConfig):
    """App config for the claim-and-stance annotation product."""

    name = "claims"
    default_auto_field = "django.db.models.BigAutoField"
