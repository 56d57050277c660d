"""Query-parameter filters of the lists, shared by the REST API and the web pages.

Every parameter is parsed by a form field before it reaches the database: "?source=abc",
"?source=1.5" or a kind that does not exist is a 400 that names the parameter, never a database
error. Text parameters are Django CharFields, which refuse NUL characters.
"""

import django_filters as filters
from django import forms

from claims.models import Annotation, Sentence, Source
from claims.models.corpus import SentenceKind
from claims.sources import DEFAULT_SORT, SORT_CHOICES, SourceListing

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
    """Sources searched, of one outlet or import, in an order: the parameters of a SourceListing."""

    search = filters.CharFilter(help_text="only sources whose title, outlet or text contains this (any case)")
    outlet = filters.CharFilter(help_text="only sources from this outlet (exact name)")
    import_job = IdFilter(help_text="only sources stored by this import")
    sort = filters.ChoiceFilter(choices=SORT_CHOICES, help_text="the order: created (the default), title, outlet "
                                "or published; '-' before one reverses it (undated sources come last either way)")

    class Meta:
        model = Source
        fields = ["search", "outlet", "import_job", "sort"]

    @property
    def listing(self) -> SourceListing:
        """The listing the valid parameters ask for."""
        data = self.form.cleaned_data
        return SourceListing(search=" ".join((data.get("search") or "").split()), outlet=data.get("outlet") or "",
                             import_job=data.get("import_job"), sort=data.get("sort") or DEFAULT_SORT)

    def filter_queryset(self, queryset):
        # One place filters and orders, for the API, the web list and the source page's previous/next.
        return self.listing.apply(queryset)


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


class AnnotationFilter(filters.FilterSet):
    """Annotations of one annotator, of one source's sentences, or of one sentence: the filters of the API's list,
    the web Annotations page and the `annotations` command alike."""

    annotator = IdFilter(field_name="annotator_id", help_text="only this user's annotations")
    source = IdFilter(field_name="sentence__source_id", help_text="only annotations of this source's sentences")
    sentence = IdFilter(field_name="sentence_id", help_text="only annotations of this sentence")

    class Meta:
        model = Annotation
        fields = ["annotator", "source", "sentence"]
