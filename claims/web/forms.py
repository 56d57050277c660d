"""Forms of the web UI: they parse input into service arguments and hold no business rules."""

import re

from django import forms

from claims.actors.service import ALIAS_LENGTH, NAME_LENGTH
from claims.models import Actor, Project
from claims.models.corpus import ActorKind


class ActorForm(forms.Form):
    """One actor: name, kind, aliases (one per line or comma-separated) and the actor it speaks for."""

    name = forms.CharField(max_length=NAME_LENGTH)
    kind = forms.ChoiceField(choices=ActorKind.choices, initial=ActorKind.OTHER)
    aliases = forms.CharField(
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Other names it goes by, one per line or separated by commas.",
    )
    parent = forms.ModelChoiceField(
        queryset=Actor.objects.none(),
        required=False,
        label="Speaks for",
        empty_label="(none)",
        help_text="Whom this actor speaks for (a spokesperson's state).",
    )

    def __init__(self, *args, project: Project, actor: Actor | None = None, **kwargs):
        if actor is not None:
            kwargs.setdefault(
                "initial",
                {
                    "name": actor.name,
                    "kind": actor.kind,
                    "aliases": "\n".join(actor.aliases),
                    "parent": actor.parent_id,
                },
            )
        super().__init__(*args, **kwargs)
        # Only another actor of the same project can be a parent.
        parents = Actor.objects.filter(project=project).only("id", "name")
        self.fields["parent"].queryset = parents.exclude(pk=actor.pk) if actor is not None else parents

    def clean_aliases(self) -> list[str]:
        aliases = [alias.strip() for alias in re.split(r"[\n,]", self.cleaned_data["aliases"]) if alias.strip()]
        # Said here, beside the field, rather than by the service as an error about the whole form.
        if too_long := [alias for alias in aliases if len(alias) > ALIAS_LENGTH]:
            shown = ", ".join(repr(alias[:40] + "…") for alias in too_long)
            raise forms.ValidationError(f"An alias can have at most {ALIAS_LENGTH} characters: {shown}.")
        return aliases


class ActorFileForm(forms.Form):
    """An actor list to import: a JSON list or a CSV with name, kind, aliases (separated by |), parent."""

    file = forms.FileField(
        label="Actor list",
        widget=forms.FileInput(attrs={"accept": ".json,.csv"}),
        help_text=".json list of objects, or .csv with columns name, kind, aliases (separated by |), parent.",
    )


class SourceMetadataForm(forms.Form):
    """A source's details as an editor corrects them; the curation service checks the values."""

    title = forms.CharField(required=False, max_length=500)
    outlet = forms.CharField(required=False, max_length=200)
    author = forms.CharField(required=False, max_length=300)
    published = forms.DateField(required=False, widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))
    # Text, not URLField: the service's own check names the rule (http:// or https:// only).
    url = forms.CharField(required=False, max_length=2000, label="URL")
