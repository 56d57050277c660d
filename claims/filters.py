"""Query-parameter filters of the lists, shared by the REST API and the web pages.

Every parameter is parsed by a form field before it reaches the database: "?source=abc",
"?source=1.5" or a kind that does not exist is a 400 that names the parameter, never a database
error. Text parameters are Django CharFields, which refuse NUL characters.
"""

import django_filters as filters
from django import forms

from claims.models import Sentence, Source
from claims.models.corpus import SentenceKind

# The largest value of a bigint primary key: a larger id cannot exist and must not reach PostgreSQL.
MAX_ID = 2**63 - 1


class IdFilter(filters.NumberFilter):
    """A row id: a whole number from 1 up; "abc" and "1.5" are refused (NumberFilter would take 1.5)."""

    field_class = forms.IntegerField

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("min_value", 1)
        kwargs.setdefault("max_value", MAX_ID)
        super().__init__(*args, **kwargs)


class SourceFilter(filters.FilterSet):
    """Sources of one outlet."""

    outlet = filters.CharFilter(help_text="only sources from this outlet (exact name)")

    class Meta:
        model = Source
        fields = ["outlet"]


class SentenceFilter(filters.FilterSet):
    """Sentences of one source, of one kind, or that mention one actor."""

    source = IdFilter(field_name="source_id", help_text="only this source's sentences")
    kind = filters.ChoiceFilter(choices=SentenceKind.choices, help_text="only sentences of this kind")
    actor = IdFilter(method="mentioning", help_text="only sentences that mention this actor")

    class Meta:
        model = Sentence
        fields = ["source", "kind", "actor"]

    def mentioning(self, queryset, name: str, value: int):
        # A sentence that names the actor twice would come twice out of the join.
        return queryset.filter(mentions__actor_id=value).distinct()
