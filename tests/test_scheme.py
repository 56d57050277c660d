"""Label scheme rules: unique values and keys, enough labels, the form's keys, and renames versus removals."""

import copy

import pytest

from claims.models import Project
from claims.models.project import default_label_scheme
from claims.scheme import FORM_KEYS, Label, Scheme, SchemeError, check_scheme

NOT_USED = {"stance": {}, "certainty": {}}


def problems_of(proposed, *, current=None, in_use=NOT_USED) -> list[str]:
    with pytest.raises(SchemeError) as caught:
        check_scheme(current=current or default_label_scheme(), proposed=proposed, in_use=in_use)
    return caught.value.problems


def scheme_with(**changes):
    scheme = default_label_scheme()
    for group, labels in changes.items():
        scheme[group] = labels
    return scheme


def test_the_default_scheme_is_valid_and_comes_back_unchanged():
    change = check_scheme(current=default_label_scheme(), proposed=default_label_scheme(), in_use=NOT_USED)
    assert [label["value"] for label in change.scheme["stance"]] == ["support", "oppose", "neutral"]
    assert change.scheme["stance"][0]["description"].startswith("The subject backs")
    assert change.renamed == {} and change.removed == {}


def test_values_must_be_unique():
    stance = default_label_scheme()["stance"]
    stance[1]["value"] = "support"
    assert "stance value 'support' is used twice" in problems_of(scheme_with(stance=stance))


def test_keys_must_be_unique_across_stance_and_certainty():
    scheme = default_label_scheme()
    scheme["certainty"][0]["key"] = "S"  # the same key as support, whatever the case
    assert problems_of(scheme) == ["key 's' is given to more than one label (stance 'support', certainty 'asserted')"]


def test_a_key_of_the_form_cannot_be_a_label_key():
    scheme = default_label_scheme()
    scheme["stance"][2]["key"] = "x"
    assert problems_of(scheme) == [
        "stance label 'neutral': key 'x' is taken by the form (no claim here: submit the sentence with no claim)"
    ]


def test_every_form_key_is_distinct():
    keys = [key.lower() for _, key, _ in FORM_KEYS]
    assert len(keys) == len(set(keys))


def test_at_least_two_stance_labels_that_are_not_retired():
    stance = default_label_scheme()["stance"][:2]
    stance[1]["retired"] = True
    assert "the scheme needs at least 2 stance label(s) that are not retired" in problems_of(scheme_with(stance=stance))


@pytest.mark.parametrize(
    ("label", "message"),
    [
        ({"value": "has space", "label": "X", "key": "q"}, "value 'has space' must be 1-40 letters"),
        ({"value": "q", "label": "", "key": "q"}, "the name must be 1-60 characters"),
        ({"value": "q", "label": "Q", "key": "qq"}, "the key must be one character"),
        ({"value": "q", "label": "Q", "key": "q", "color": "red"}, "colour 'red' must look like #1f5fa8"),
        ({"value": "q", "label": "Q", "key": "q", "retired": "yes"}, "retired must be true or false"),
        ({"value": "q", "label": "Q", "key": "q", "colour": "#000000"}, "unknown field 'colour'"),
    ],
)
def test_each_label_field_is_checked(label, message):
    stance = [*default_label_scheme()["stance"], label]
    assert any(message in problem for problem in problems_of(scheme_with(stance=stance)))


def test_not_a_scheme_at_all():
    assert problems_of(["support"]) == ['the label scheme must be an object {"stance": [...], "certainty": [...]}']
    assert problems_of({"stance": []}) == [
        "the scheme needs at least 2 stance label(s) that are not retired",
        "the scheme needs a list of certainty labels",
    ]


def test_a_label_in_use_cannot_be_removed_and_the_message_says_what_to_do():
    stance = default_label_scheme()["stance"]
    in_use = {"stance": {"neutral": 3}, "certainty": {}}
    problems = problems_of(scheme_with(stance=stance[:2]), in_use=in_use)
    assert problems == [
        "stance label 'neutral' is used by 3 claims: it cannot be removed; rename it, or retire it "
        "(hidden from the form, kept for the annotations that have it)"
    ]


def test_a_label_not_in_use_can_be_removed_and_one_in_use_retired():
    stance = default_label_scheme()["stance"]
    stance[1]["retired"] = True
    in_use = {"stance": {"oppose": 2}, "certainty": {}}
    change = check_scheme(current=default_label_scheme(), proposed=scheme_with(stance=stance[:2] + [
        {"value": "mixed", "label": "Mixed", "key": "i"}]), in_use=in_use)
    assert change.removed == {"stance": ["neutral"]}
    assert change.scheme["stance"][1]["retired"] is True


def test_rename_keeps_a_label_in_use():
    stance = default_label_scheme()["stance"]
    stance[0] = {**stance[0], "value": "backs", "renamed_from": "support"}
    change = check_scheme(current=default_label_scheme(), proposed=scheme_with(stance=stance),
                          in_use={"stance": {"support": 5}, "certainty": {}})
    assert change.renamed == {"stance": {"support": "backs"}}
    assert "renamed_from" not in change.scheme["stance"][0]


@pytest.mark.parametrize(
    ("renames", "message"),
    [
        ({0: ("backs", "nothing")}, "stance label 'backs' is renamed from 'nothing', which is not a label"),
        ({0: ("backs", "oppose")}, "stance label 'oppose' cannot be renamed to 'backs' and kept too"),
        ({0: ("oppose", "support")}, "stance value 'oppose' is used twice"),
    ],
)
def test_bad_renames(renames, message):
    stance = copy.deepcopy(default_label_scheme()["stance"])
    for index, (value, old) in renames.items():
        stance[index] = {**stance[index], "value": value, "renamed_from": old}
    assert message in problems_of(scheme_with(stance=stance))


def test_renaming_onto_an_existing_value_is_refused():
    current = scheme_with(stance=[*default_label_scheme()["stance"],
                                  {"value": "mixed", "label": "Mixed", "key": "i", "retired": True}])
    stance = default_label_scheme()["stance"]
    stance[2] = {**stance[2], "value": "mixed", "renamed_from": "neutral"}
    assert "stance value 'mixed' is used twice" not in problems_of(scheme_with(stance=stance), current=current)
    assert problems_of(scheme_with(stance=stance), current=current) == [
        "stance label 'neutral' cannot be renamed to 'mixed': that value exists"
    ]


def test_the_scheme_value_reads_the_stored_scheme():
    stored = default_label_scheme()
    stored["stance"][2]["retired"] = True
    stored["stance"].append({"value": "hostile"})  # a label written before every field was stored
    stored["certainty"].append("not a label")
    scheme = Scheme.of(stored)
    assert scheme.values("stance") == ["support", "oppose", "hostile"]
    assert scheme.values("stance", active_only=False) == ["support", "oppose", "neutral", "hostile"]
    assert scheme.label("stance", "hostile") == Label(value="hostile", label="hostile")
    assert [label.value for label in scheme.certainty] == ["asserted", "reported", "hedged", "denied"]
    # A retired label still names the claims that have it; a value the scheme no longer has is shown as it is.
    assert (scheme.name("stance", "neutral"), scheme.color("stance", "neutral")) == ("Neutral", "#616161")
    assert (scheme.name("stance", "gone"), scheme.color("stance", "gone"), scheme.label("stance", "gone")) == \
        ("gone", "", None)
    assert scheme.default_certainty == "asserted"
    assert Scheme.of(None) == Scheme() and Scheme().default_certainty == "asserted"


def test_the_form_is_sent_the_active_keys_and_the_default_certainty():
    stored = default_label_scheme()
    stored["certainty"][0]["retired"] = True
    page = Scheme.of(stored).for_page()
    assert page["default_certainty"] == "reported"
    assert page["keys"]["s"] == {"group": "stance", "value": "support"} and "1" not in page["keys"]
    assert page["certainty"][0] == {"value": "asserted", "label": "Asserted", "retired": True, "key": "1",
                                    "color": "#1f5fa8", "description": "Stated as fact in the outlet's own voice."}


@pytest.mark.django_db
def test_project_scheme_is_built_once_and_again_when_the_stored_scheme_is_replaced(project):
    first = project.scheme
    assert project.scheme is first and first.values("stance") == ["support", "oppose", "neutral"]
    stored = copy.deepcopy(project.label_scheme)
    stored["stance"][2]["retired"] = True
    Project.objects.filter(pk=project.pk).update(label_scheme=stored)
    project.refresh_from_db()
    assert project.scheme.values("stance") == ["support", "oppose"]
