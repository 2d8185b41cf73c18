"""`geomap eval-routes`: the journey scorer agrees with the reference scorer, and runs."""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from geomap.cli import app
from geomap.errors import InputError
from geomap.evaluate_routes import JourneyCase, read_cases, score_case

REFERENCE = Path(__file__).resolve().parents[2] / "shared" / "eval" / "score_routes.py"

CASE = JourneyCase(
    name="made-up",
    files=(),
    required=(("A", 10.0, 10.0, 30.0), ("B", 10.0, 12.0, 30.0), ("C", 10.0, 14.0, 30.0)),
    optional=(("Region", 10.0, 13.0, 150.0),),
    forbidden=(("F", 30.0, 40.0, 50.0),),
)
STOP_LISTS = [
    [("A", 10.0, 10.0), ("B", 10.0, 12.0), ("C", 10.0, 14.0)],  # right
    [("A", 10.0, 10.0), ("C", 10.0, 14.0), ("B", 10.0, 12.0)],  # out of order
    [("A", 10.0, 10.1), ("F", 30.0, 40.0), ("C", 10.0, 14.0)],  # forbidden, one missing
    [("A", 10.0, 10.0), ("R", 10.0, 13.0), ("B", 10.0, 12.0), ("C", 10.0, 14.0)],  # optional
    [("A", 10.0, 10.0), ("B", 10.0, 12.0), ("A", 10.0, 10.0), ("C", 10.0, 14.0)],  # a return
    [("X", 50.0, 50.0)],  # nothing right
    [],
]


def _reference():
    if not REFERENCE.is_file():
        pytest.skip("the reference scorer (../shared/eval/score_routes.py) is not beside the repo")
    spec = importlib.util.spec_from_file_location("score_routes", REFERENCE)
    module = importlib.util.module_from_spec(spec)
    assert spec.loader is not None
    spec.loader.exec_module(module)
    return module


@pytest.mark.parametrize("stops", STOP_LISTS)
def test_verdicts_agree_with_the_reference_scorer(stops) -> None:
    reference = _reference()
    gold = {
        "required": [list(p) for p in CASE.required],
        "optional": [list(p) for p in CASE.optional],
        "forbidden": [list(p) for p in CASE.forbidden],
    }
    assert score_case(stops, CASE) == reference.score_case(stops, gold)


def test_malformed_gold_is_a_clear_error(tmp_path: Path) -> None:
    (tmp_path / "gold.json").write_text('{"cases": {"x": {"files": []}}}', encoding="utf-8")
    result = CliRunner().invoke(app, ["eval-routes", str(tmp_path)])
    # typer hands the error to geomap's entry point, which maps it to exit code 3.
    assert isinstance(result.exception, InputError) and result.exception.exit_code == 3
    assert "malformed" in str(result.exception)


@pytest.mark.real_gazetteer
def test_eval_routes_on_a_case_of_our_own(tmp_path: Path) -> None:
    (tmp_path / "trip.txt").write_text(
        "date 2024-04-12\nLISBON — The minister left Madrid on Tuesday and flew to Lisbon, "
        "where she held talks on Wednesday. On Thursday she travelled on to Porto. "
        "Officials in Paris said the trip went well.\n",
        encoding="utf-8",
    )
    gold = {
        "cases": {
            "iberia": {
                "files": ["trip.txt"],
                "required": [
                    ["Madrid", 40.42, -3.70, 30],
                    ["Lisbon", 38.72, -9.14, 30],
                    ["Porto", 41.15, -8.61, 30],
                ],
                "forbidden": [["Paris", 48.85, 2.35, 50]],
            }
        }
    }
    (tmp_path / "gold.json").write_text(json.dumps(gold), encoding="utf-8")
    assert [c.name for c in read_cases(tmp_path)] == ["iberia"]
    result = CliRunner().invoke(app, ["eval-routes", str(tmp_path), "--json"])
    assert result.exit_code == 0, result.output
    scored = json.loads(result.output)
    assert scored["cases"]["iberia"]["stops"] == ["Madrid", "Lisbon", "Porto"]
    assert scored["totals"]["correct"] == 1
