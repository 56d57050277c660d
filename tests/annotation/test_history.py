"""What one saved version changed from the one before: claims matched by span, then field by field."""

from claims.annotation.history import ClaimChange, FieldChange, diff_revisions


def claim(start=0, end=10, **labels) -> dict:
    return {"start": start, "end": end, "text": "x" * (end - start), "claimant": None, "claimant_name": "",
            "claimant_is_outlet": False, "subject": 1, "target": 2, "stance": "oppose",
            "certainty": "asserted"} | labels


def version(*claims, **fields) -> dict:
    return {"sentence": 5, "annotator": 3, "claims": list(claims), "comment": "", "seconds_spent": 10,
            "suggestion": None, "suggestion_outcome": "none"} | fields


def test_the_first_version_adds_its_claims_and_sets_its_fields():
    diff = diff_revisions(before=None, after=version(claim(), comment="hm"))
    assert diff.added == [claim()] and not diff.removed and not diff.changed
    assert diff.fields == [FieldChange("comment", "", "hm"), FieldChange("seconds_spent", 0, 10)]


def test_a_claim_on_the_same_span_is_changed_field_by_field():
    diff = diff_revisions(before=version(claim()), after=version(claim(stance="support", target=4)))
    assert diff.changed == [ClaimChange(before=claim(), after=claim(stance="support", target=4),
                                        fields=("target", "stance"))]
    assert not diff.added and not diff.removed and not diff.fields


def test_spans_only_one_version_has_are_added_or_removed():
    diff = diff_revisions(before=version(claim(0, 10), claim(20, 30)), after=version(claim(0, 10), claim(40, 50)))
    assert diff.removed == [claim(20, 30)] and diff.added == [claim(40, 50)] and not diff.changed


def test_claims_sharing_a_span_pair_identical_ones_first():
    before = version(claim(stance="oppose"), claim(stance="support"))
    after = version(claim(stance="support"), claim(stance="neutral"), claim(stance="oppose", certainty="hedged"))
    diff = diff_revisions(before=before, after=after)
    assert diff.changed == [ClaimChange(before=claim(stance="oppose"), after=claim(stance="neutral"),
                                        fields=("stance",))]
    assert diff.added == [claim(stance="oppose", certainty="hedged")] and not diff.removed


def test_empty_and_missing_values_are_alike_and_an_unchanged_save_is_empty():
    same = diff_revisions(before=version(claim(claimant_name="")), after=version(claim(claimant_name=None)))
    assert not same
    assert not diff_revisions(before=version(claim()), after=version(claim()))


def test_the_annotations_own_fields():
    diff = diff_revisions(before=version(), after=version(comment="now", seconds_spent=12,
                                                          suggestion_outcome="edited"))
    assert diff.fields == [FieldChange("comment", "", "now"), FieldChange("seconds_spent", 10, 12),
                           FieldChange("suggestion_outcome", "none", "edited")]
