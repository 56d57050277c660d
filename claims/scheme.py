"""The label scheme: stance labels and certainty values, their keys, and the rules for changing one.

A scheme is ``{"stance": [label, ...], "certainty": [label, ...]}`` where a label is ``{"value",
"label", "description", "color", "key", "retired"}``. ``value`` is what claims store; ``label`` is
the name people read. Changing a scheme never silently invalidates an annotation: a value that
claims use cannot be dropped, only renamed (the claims are rewritten with it) or retired (hidden
from the form, still valid for the annotations that have it).
"""

import re
from dataclasses import asdict, dataclass, field

# The annotation form's own keys. A label's key may not take one of them; the form, its help
# overlay and the README's table are all drawn from this one list.
FORM_KEYS: tuple[tuple[str, str, str], ...] = (
    ("help", "?", "show or hide this list of keys"),
    ("whole", "w", "take the whole sentence as a claim"),
    ("word_next", "ArrowRight", "word cursor to the next word (Shift: extend the span)"),
    ("word_previous", "ArrowLeft", "word cursor to the previous word (Shift: extend the span)"),
    ("word_first", "Home", "word cursor to the first word (Shift: extend the span to it)"),
    ("word_last", "End", "word cursor to the last word (Shift: extend the span to it)"),
    ("mark", "Space", "mark the words under the cursor as a claim"),
    ("none", "x", "no claim here: submit the sentence with no claim"),
    ("submit", "Enter", "submit (Ctrl+Enter works inside a text field too)"),
    ("skip", "p", "pass: skip this sentence"),
    ("back", "u", "undo: back to my previous item"),
    ("next_claim", "j", "next claim"),
    ("previous_claim", "k", "previous claim"),
    ("delete_claim", "d", "delete the current claim"),
    ("claimant", "c", "claimant picker (an actor, or type a person's name)"),
    ("outlet", "e", "the outlet itself is the claimant (its own voice)"),
    ("clear_stance", "Backspace", "clear the current claim's stance (label keys only ever set)"),
    ("subject", "b", "subject picker"),
    ("target", "t", "target picker"),
    ("comment", "m", "comment"),
    ("accept", "y", "accept the suggestion as it is and submit"),
    ("guidelines", "g", "show or hide the guidelines"),
    ("escape", "Escape", "leave a field, close this list"),
)
RESERVED_KEYS = frozenset(key.lower() for _, key, _ in FORM_KEYS)

GROUPS = ("stance", "certainty")
VALUE_PATTERN = re.compile(r"[A-Za-z0-9][A-Za-z0-9_-]{0,39}")
COLOR_PATTERN = re.compile(r"#[0-9a-fA-F]{6}")
LABEL_FIELDS = {"value", "label", "description", "color", "key", "retired", "renamed_from"}
DEFAULT_COLOR = "#616161"
MIN_ACTIVE = {"stance": 2, "certainty": 1}


@dataclass(frozen=True)
class Label:
    """One label of a scheme: ``value`` is what claims store, ``label`` the name people read."""

    value: str
    label: str
    description: str = ""
    color: str = ""
    key: str = ""
    retired: bool = False


@dataclass(frozen=True)
class Scheme:
    """A project's label scheme as a value (``project.scheme``): every reader asks it, none reads the dict.

    Retired labels stay in it, so that the claims that have them still show their names and colours,
    but ``active`` leaves them out: the form does not offer them, a new save may not give them, the
    model does not predict them and the pre-fill never picks them (claims.suggest.prefill).
    """

    stance: tuple[Label, ...] = ()
    certainty: tuple[Label, ...] = ()

    @classmethod
    def of(cls, data: object) -> "Scheme":
        """The scheme a project stores; an entry that is not a label (no value) is skipped, as it always was."""
        data = data if isinstance(data, dict) else {}
        return cls(**{group: tuple(_label_of(item) for item in data.get(group) or []
                                   if isinstance(item, dict) and isinstance(item.get("value"), str))
                      for group in GROUPS})

    def labels(self, group: str) -> tuple[Label, ...]:
        """Every label of one group ("stance" or "certainty"), retired ones included, in order."""
        return getattr(self, group)

    def active(self, group: str) -> tuple[Label, ...]:
        """The labels of one group that annotators may give now (not retired), in order."""
        return tuple(label for label in self.labels(group) if not label.retired)

    def values(self, group: str, *, active_only: bool = True) -> list[str]:
        return [label.value for label in (self.active(group) if active_only else self.labels(group))]

    def label(self, group: str, value: str) -> Label | None:
        """The label with this value, retired or not; None for a value the scheme does not have."""
        return next((label for label in self.labels(group) if label.value == value), None)

    def name(self, group: str, value: str) -> str:
        """The name people read for a value (a value the scheme no longer has: as it is)."""
        label = self.label(group, value)
        return label.label if label else value

    def color(self, group: str, value: str) -> str:
        label = self.label(group, value)
        return label.color if label else ""

    @property
    def default_certainty(self) -> str:
        """The certainty a claim gets when none is given: the scheme's first that is not retired."""
        return next(iter(self.values("certainty")), "asserted")

    def likeliest(self, group: str, probabilities: dict[str, float]) -> str:
        """The likeliest value an annotator may give (retired values, and values the scheme no longer has,
        are passed over); empty when none is. A tie goes to the value the probabilities list first."""
        given = set(self.values(group))
        scored = [(p, value) for value, p in probabilities.items() if value in given]
        return max(scored, key=lambda pair: pair[0])[1] if scored else ""

    def for_page(self) -> dict:
        """The scheme as the annotation form reads it: every label (a retired one still names the claims
        that have it), the default certainty and the label keys of the active labels."""
        return {
            **{group: [asdict(label) for label in self.labels(group)] for group in GROUPS},
            "default_certainty": self.default_certainty,
            "keys": {label.key: {"group": group, "value": label.value}
                     for group in GROUPS for label in self.active(group) if label.key},
        }


def _label_of(item: dict) -> Label:
    value = item["value"]
    return Label(value=value, label=item.get("label") or value, description=item.get("description") or "",
                 color=item.get("color") or "", key=(item.get("key") or "").lower(),
                 retired=bool(item.get("retired")))


class SchemeError(ValueError):
    """A scheme that cannot be used; each message names the label and says why."""

    def __init__(self, problems: list[str]):
        super().__init__("; ".join(problems))
        self.problems = problems


@dataclass
class SchemeChange:
    """A checked new scheme, and the values it renames ({"stance": {"old": "new"}, ...})."""

    scheme: dict
    renamed: dict[str, dict[str, str]] = field(default_factory=dict)
    removed: dict[str, list[str]] = field(default_factory=dict)


def _clean_label(group: str, number: int, item: object, problems: list[str]) -> dict | None:
    place = f"{group} label {number}"
    if not isinstance(item, dict):
        problems.append(f"{place} must be an object")
        return None
    if unknown := sorted(set(item) - LABEL_FIELDS):
        problems.append(f"{place}: unknown field {', '.join(map(repr, unknown))}")
    value = item.get("value")
    if not isinstance(value, str) or not VALUE_PATTERN.fullmatch(value):
        problems.append(f"{place}: value {value!r} must be 1-40 letters, digits, '-' or '_' (no spaces)")
        return None
    place = f"{group} label {value!r}"
    name = item.get("label", value)
    if not isinstance(name, str) or not name.strip() or len(name) > 60:
        problems.append(f"{place}: the name must be 1-60 characters")
    description = item.get("description", "")
    if not isinstance(description, str) or len(description) > 500:
        problems.append(f"{place}: the description must be text of at most 500 characters")
    color = item.get("color") or DEFAULT_COLOR
    if not isinstance(color, str) or not COLOR_PATTERN.fullmatch(color):
        problems.append(f"{place}: colour {color!r} must look like #1f5fa8")
    key = item.get("key")
    if not isinstance(key, str) or len(key) != 1 or key.isspace():
        problems.append(f"{place}: the key must be one character")
        key = None
    elif key.lower() in RESERVED_KEYS:
        action = next(text for _, k, text in FORM_KEYS if k.lower() == key.lower())
        problems.append(f"{place}: key {key!r} is taken by the form ({action})")
    retired = item.get("retired", False)
    if not isinstance(retired, bool):
        problems.append(f"{place}: retired must be true or false")
    renamed_from = item.get("renamed_from")
    if renamed_from is not None and not isinstance(renamed_from, str):
        problems.append(f"{place}: renamed_from must be the label's previous value")
    return {
        "value": value,
        "label": name.strip() if isinstance(name, str) else value,
        "description": description.strip() if isinstance(description, str) else "",
        "color": color,
        "key": key.lower() if key else "",
        "retired": retired is True,
        "renamed_from": renamed_from if renamed_from != value else None,
    }


def _clean_scheme(scheme: object, problems: list[str]) -> dict[str, list[dict]]:
    if not isinstance(scheme, dict):
        problems.append('the label scheme must be an object {"stance": [...], "certainty": [...]}')
        return {}
    if unknown := sorted(set(scheme) - set(GROUPS)):
        problems.append(f"unknown part of the scheme: {', '.join(map(repr, unknown))}")
    cleaned: dict[str, list[dict]] = {}
    for group in GROUPS:
        items = scheme.get(group)
        if not isinstance(items, list):
            problems.append(f"the scheme needs a list of {group} labels")
            continue
        labels = [_clean_label(group, n, item, problems) for n, item in enumerate(items, start=1)]
        cleaned[group] = [label for label in labels if label is not None]
        values = [label["value"] for label in cleaned[group]]
        for value in sorted({v for v in values if values.count(v) > 1}):
            problems.append(f"{group} value {value!r} is used twice")
        active = [label for label in cleaned[group] if not label["retired"]]
        if len(active) < MIN_ACTIVE[group]:
            problems.append(f"the scheme needs at least {MIN_ACTIVE[group]} {group} label(s) that are not retired")
    # Stance and certainty share one keyboard.
    keys = [(group, label["value"], label["key"]) for group in cleaned for label in cleaned[group] if label["key"]]
    for key in sorted({k for _, _, k in keys if [k2 for _, _, k2 in keys].count(k) > 1}):
        owners = ", ".join(f"{group} {value!r}" for group, value, k in keys if k == key)
        problems.append(f"key {key!r} is given to more than one label ({owners})")
    return cleaned


def check_scheme(
    *, current: dict, proposed: object, in_use: dict[str, dict[str, int]]
) -> SchemeChange:
    """The proposed scheme checked against the current one and the values claims use, or SchemeError."""
    problems: list[str] = []
    cleaned = _clean_scheme(proposed, problems)
    if problems:
        raise SchemeError(problems)
    change = SchemeChange(scheme={})
    for group in GROUPS:
        old_values = [label["value"] for label in current.get(group, [])]
        new_values = {label["value"] for label in cleaned[group]}
        renamed: dict[str, str] = {}
        for label in cleaned[group]:
            old = label.pop("renamed_from")
            if old is None:
                continue
            if old not in old_values:
                problems.append(f"{group} label {label['value']!r} is renamed from {old!r}, which is not a label")
            elif old in renamed:
                problems.append(f"{group} label {old!r} is renamed twice")
            elif old in new_values:
                problems.append(f"{group} label {old!r} cannot be renamed to {label['value']!r} and kept too")
            elif label["value"] in old_values:
                problems.append(f"{group} label {old!r} cannot be renamed to {label['value']!r}: that value exists")
            else:
                renamed[old] = label["value"]
        removed = [value for value in old_values if value not in new_values and value not in renamed]
        for value in removed:
            if uses := in_use.get(group, {}).get(value, 0):
                problems.append(
                    f"{group} label {value!r} is used by {uses} claim{'s' if uses != 1 else ''}: it cannot be "
                    "removed; rename it, or retire it (hidden from the form, kept for the annotations that have it)"
                )
        if renamed:
            change.renamed[group] = renamed
        if removed:
            change.removed[group] = removed
        change.scheme[group] = cleaned[group]
    if problems:
        raise SchemeError(problems)
    return change

