"""Score geoparsing output against gold corpora (the JSONL format of ../shared/eval).

Same definitions as the reference scorer ``score_eval.py``: exact-span and one-to-one
overlap precision/recall/F1; resolution over gold toponyms with coordinates whose span
was found exactly (accuracy within 161 km, mean/median error, AUC of log error, coverage).
Also: recall per gold type, and resolution given the gold spans.
"""

from __future__ import annotations

import math
import statistics
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from geomap.gazetteer.ranking import haversine_km as great_circle_km
from geomap.gazetteer.reader import Gazetteer
from geomap.models import Mention
from geomap.resolve import resolve_mentions

MAX_ERROR_KM = 20039.0
ACCURACY_KM = 161.0


def auc_of_log_error(errors_km: list[float]) -> float | None:
    """Gritta et al.'s AUC: sorted ln(1 + km), trapezoid rule, normalised; lower is better."""
    if len(errors_km) < 2:
        return None
    ys = sorted(math.log1p(e) for e in errors_km)
    area = sum(ys) - (ys[0] + ys[-1]) / 2.0
    return area / (math.log(MAX_ERROR_KM) * (len(ys) - 1))


def precision_recall_f1(tp: int, n_pred: int, n_gold: int) -> dict[str, float | int]:
    precision = tp / n_pred if n_pred else 0.0
    recall = tp / n_gold if n_gold else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {
        "precision": round(precision, 4),
        "recall": round(recall, 4),
        "f1": round(f1, 4),
        "tp": tp,
        "n_pred": n_pred,
        "n_gold": n_gold,
    }


def overlap_matches(gold: list[tuple[int, int]], predicted: list[tuple[int, int]]) -> int:
    """One-to-one pairs of overlapping spans (left-to-right sweep)."""
    g, p = sorted(gold), sorted(predicted)
    i = j = pairs = 0
    while i < len(g) and j < len(p):
        if g[i][1] <= p[j][0]:
            i += 1
        elif p[j][1] <= g[i][0]:
            j += 1
        else:
            pairs += 1
            i += 1
            j += 1
    return pairs


def resolution_summary(errors_km: list[float], n_gold_with_coords: int) -> dict[str, Any]:
    if not errors_km:
        return {"n": 0, "coverage": 0.0}
    auc = auc_of_log_error(errors_km)
    return {
        "n": len(errors_km),
        "coverage": round(len(errors_km) / n_gold_with_coords, 4) if n_gold_with_coords else None,
        "acc_at_161km": round(sum(e <= ACCURACY_KM for e in errors_km) / len(errors_km), 4),
        "mean_km": round(statistics.fmean(errors_km), 1),
        "median_km": round(statistics.median(errors_km), 1),
        "auc": round(auc, 4) if auc is not None else None,
    }


@dataclass
class Scorer:
    """Accumulates one article at a time, so a corpus is never held in memory."""

    n_gold: int = 0
    n_pred: int = 0
    tp_exact: int = 0
    tp_overlap: int = 0
    n_gold_coords: int = 0
    errors: list[float] = field(default_factory=list)
    gold_by_type: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    found_by_type: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    articles: int = 0

    def add(self, gold: list[dict[str, Any]], predicted: list[dict[str, Any]]) -> None:
        self.articles += 1
        gold_spans = [(t["start"], t["end"]) for t in gold]
        predicted_spans = [(t["start"], t["end"]) for t in predicted]
        by_span: dict[tuple[int, int], dict[str, Any]] = {}
        for toponym in predicted:
            by_span.setdefault((toponym["start"], toponym["end"]), toponym)
        self.n_gold += len(gold_spans)
        self.n_pred += len(predicted_spans)
        self.tp_exact += len(set(gold_spans) & set(by_span))
        self.tp_overlap += overlap_matches(gold_spans, predicted_spans)
        for toponym in gold:
            kind = toponym.get("type") or "all"
            self.gold_by_type[kind] += 1
            hit = by_span.get((toponym["start"], toponym["end"]))
            if hit is not None:
                self.found_by_type[kind] += 1
            if toponym.get("lat") is None or toponym.get("lon") is None:
                continue
            self.n_gold_coords += 1
            if hit is not None and hit.get("lat") is not None and hit.get("lon") is not None:
                self.errors.append(
                    great_circle_km(toponym["lat"], toponym["lon"], hit["lat"], hit["lon"])
                )

    def result(self) -> dict[str, Any]:
        return {
            "articles": self.articles,
            "recognition_exact": precision_recall_f1(self.tp_exact, self.n_pred, self.n_gold),
            "recognition_overlap": precision_recall_f1(self.tp_overlap, self.n_pred, self.n_gold),
            "resolution_on_exact_matches": resolution_summary(self.errors, self.n_gold_coords),
            "recall_by_type": {
                kind: {
                    "gold": n,
                    "found": self.found_by_type[kind],
                    "recall": round(self.found_by_type[kind] / n, 4),
                }
                for kind, n in sorted(self.gold_by_type.items())
            },
        }


def resolve_gold_spans(records: Iterable[dict[str, Any]], gazetteer: Gazetteer) -> dict[str, Any]:
    """Resolution given the gold spans: isolates the gazetteer and disambiguation."""
    errors: list[float] = []
    n_coords = 0
    for record in records:
        gold = [t for t in record["toponyms"] if t.get("lat") is not None]
        mentions = []
        for toponym in gold:
            name = toponym["name"]
            kind = (
                "demonym"
                if gazetteer.demonym(name) is not None and not gazetteer.is_alias(name)
                else "literal"
            )
            mentions.append(
                Mention(
                    str(record["id"]),
                    toponym["start"],
                    toponym["end"],
                    name,
                    kind=kind,
                    label="GOLD",
                )
            )
        n_coords += len(gold)
        resolved_all = resolve_mentions(mentions, gazetteer, text=record["text"])
        for toponym, resolved in zip(gold, resolved_all, strict=True):
            if resolved.place is not None:
                errors.append(
                    great_circle_km(
                        toponym["lat"], toponym["lon"], resolved.place.lat, resolved.place.lon
                    )
                )
    return resolution_summary(errors, n_coords)
