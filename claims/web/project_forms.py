"""Forms for creating a project, its settings and label scheme, and its team.

They only parse HTML input into the project service's arguments; the rules (bounds, the scheme's
checks, the last manager) live in claims.projects and claims.scheme, which report back per field.
"""

from django import forms

from claims.models import Project, Role
from claims.models.project import QueueOrder
from claims.projects import BOUNDS, ProjectError
from claims.scheme import DEFAULT_COLOR


class ProjectCreateForm(forms.Form):
    """A new project: its name and, optionally, the short name used in exports and commands."""

    name = forms.CharField(max_length=200)
    slug = forms.CharField(
        label="Short name", max_length=100, required=False,
        help_text="Lower-case letters, digits and '-'. Leave empty to derive it from the name.",
    )


class ProjectSettingsForm(forms.Form):
    """The settings a manager changes (the label scheme is edited in the label rows below it)."""

    name = forms.CharField(max_length=200)
    guidelines = forms.CharField(
        required=False, widget=forms.Textarea(attrs={"rows": 10}),
        help_text="Markdown, shown beside the annotation form. HTML is shown as text.",
    )
    overlap = forms.IntegerField(
        min_value=BOUNDS["overlap"][0], max_value=BOUNDS["overlap"][1],
        label="Annotators per sentence", help_text="How many annotators label each sentence (overlap k).",
    )
    blind = forms.BooleanField(
        required=False, label="Blind annotation", help_text="Annotators never see each other's labels.",
    )
    queue_order = forms.ChoiceField(choices=QueueOrder.choices, label="Queue order")
    queue_seed = forms.IntegerField(
        min_value=BOUNDS["queue_seed"][0], max_value=BOUNDS["queue_seed"][1],
        label="Random seed", help_text="Used by the random order: the same seed gives the same order.",
    )
    reservation_minutes = forms.IntegerField(
        min_value=BOUNDS["reservation_minutes"][0], max_value=BOUNDS["reservation_minutes"][1],
        label="Reservation (minutes)", help_text="How long a sentence handed out stays reserved for its annotator.",
    )
    suggestion_threshold = forms.FloatField(
        min_value=BOUNDS["suggestion_threshold"][0], max_value=BOUNDS["suggestion_threshold"][1],
        label="Suggestion threshold", widget=forms.NumberInput(attrs={"step": "0.05"}),
        help_text="The form pre-fills a model suggestion only at or above this confidence (0 to 1).",
    )

    def __init__(self, *args, project: Project, **kwargs):
        kwargs.setdefault("initial", {name: getattr(project, name) for name in self.base_fields})
        super().__init__(*args, **kwargs)


class LabelForm(forms.Form):
    """One row of the label table. A changed value renames the label: its claims are rewritten."""

    original = forms.CharField(required=False, widget=forms.HiddenInput)
    value = forms.CharField(max_length=40, required=False, widget=forms.TextInput(attrs={"size": 10}))
    label = forms.CharField(max_length=60, required=False, label="Name", widget=forms.TextInput(attrs={"size": 12}))
    description = forms.CharField(max_length=500, required=False, widget=forms.TextInput(attrs={"size": 36}))
    color = forms.CharField(required=False, label="Colour", initial=DEFAULT_COLOR,
                            widget=forms.TextInput(attrs={"type": "color"}))
    key = forms.CharField(max_length=1, required=False, widget=forms.TextInput(attrs={"size": 1}))
    retired = forms.BooleanField(required=False)
    remove = forms.BooleanField(required=False)

    def as_label(self) -> dict | None:
        """The row as a scheme label, or None for a blank or removed row."""
        data = self.cleaned_data
        if data.get("remove") or not (data.get("value") or data.get("original")):
            return None
        label = {name: data[name] for name in ("value", "label", "description", "color", "key", "retired")}
        if data["original"] and data["original"] != data["value"]:
            label["renamed_from"] = data["original"]
        return label


LabelFormSet = forms.formset_factory(LabelForm, extra=1, max_num=40, validate_max=True)


def label_formsets(project: Project, data=None) -> dict[str, forms.BaseFormSet]:
    """One table of label rows for stance and one for certainty, with a blank row each for a new label."""
    return {
        group: LabelFormSet(
            data, prefix=group,
            initial=[{**label, "original": label["value"]} for label in project.label_scheme.get(group, [])],
        )
        for group in ("stance", "certainty")
    }


def scheme_from(formsets: dict[str, forms.BaseFormSet]) -> dict:
    """The scheme the label tables describe (call after every formset is valid)."""
    return {group: [label for form in formset if (label := form.as_label())] for group, formset in formsets.items()}


def show_errors(error: ProjectError, form: forms.Form) -> list[str]:
    """Put the service's messages on the form's fields; return the scheme's (shown above the label tables)."""
    scheme_problems = []
    for name, messages in error.errors.items():
        if name == "label_scheme":
            scheme_problems += messages
        else:
            for message in messages:
                form.add_error(name if name in form.fields else None, message)
    return scheme_problems


class MemberAddForm(forms.Form):
    """Add a person to the team by username, optionally opening their account."""

    username = forms.CharField(max_length=150)
    role = forms.ChoiceField(choices=Role.choices, initial=Role.ANNOTATOR)
    create = forms.BooleanField(
        required=False, label="Open an account if there is none",
        help_text="A password is made and shown once; give it to the person.",
    )


class MemberRoleForm(forms.Form):
    """A member's new role."""

    role = forms.ChoiceField(choices=Role.choices)
