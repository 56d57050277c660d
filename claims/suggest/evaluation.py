"""Held-out measures: macro-F1, per-label precision and recall, confusion matrix, the majority baseline."""

from collections import Counter


def classification_report(truth: list[str], predicted: list[str], labels: list[str]) -> dict:
    """Macro-F1 over the labels present in truth or predictions, per-label P/R/F1, and the confusion matrix."""
    per_label, f1s = {}, []
    present = [label for label in labels if label in truth or label in predicted]
    for label in labels:
        tp = sum(t == p == label for t, p in zip(truth, predicted, strict=True))
        predicted_n = sum(p == label for p in predicted)
        support = sum(t == label for t in truth)
        precision = tp / predicted_n if predicted_n else 0.0
        recall = tp / support if support else 0.0
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        per_label[label] = {"precision": round(precision, 4), "recall": round(recall, 4), "f1": round(f1, 4),
                            "support": support}
        if label in present:
            f1s.append(f1)
    matrix = [[sum(t == a and p == b for t, p in zip(truth, predicted, strict=True)) for b in labels] for a in labels]
    return {
        "macro_f1": round(sum(f1s) / len(f1s), 4) if f1s else 0.0,
        "accuracy": round(sum(t == p for t, p in zip(truth, predicted, strict=True)) / len(truth), 4) if truth else 0.0,
        "n": len(truth),
        "labels": per_label,
        "confusion": {"labels": labels, "matrix": matrix},
    }


def majority_baseline(train: list[str], truth: list[str], labels: list[str]) -> dict:
    """The report of always answering the training part's most frequent label, on the same held-out items."""
    majority = Counter(train).most_common(1)[0][0] if train else labels[0]
    report = classification_report(truth, [majority] * len(truth), labels)
    report["answer"] = majority
    return report


def mean_macro_f1(reports: dict[str, dict]) -> float:
    """The promotion score: the mean macro-F1 of the heads that had held-out items."""
    scores = [r["macro_f1"] for head, r in reports.items() if head != "pair" and r.get("n")]
    return round(sum(scores) / len(scores), 4) if scores else 0.0


def calibration(confidences: list[float], correct: list[bool], bins: int = 10) -> dict:
    """Expected calibration error of the likeliest answers, with the reliability table behind it.

    Answers are put in `bins` equal-width bins by their probability; ECE is the mean, weighted by
    the answers in each bin, of |the bin's mean probability - the share of its answers that were
    right|. 0 means "of the answers given p = 0.8, 80 % were right", at every p.
    """
    table = []
    for number in range(bins):
        low, high = number / bins, (number + 1) / bins
        inside = [(p, ok) for p, ok in zip(confidences, correct, strict=True)
                  if low <= p < high or (number == bins - 1 and p == 1.0)]
        if inside:
            table.append({"low": low, "high": high, "n": len(inside),
                          "confidence": round(sum(p for p, _ in inside) / len(inside), 4),
                          "accuracy": round(sum(ok for _, ok in inside) / len(inside), 4)})
    total = len(confidences)
    ece = sum(row["n"] * abs(row["confidence"] - row["accuracy"]) for row in table) / total if total else 0.0
    return {"ece": round(ece, 4), "n": total, "bins": table}
