"""How much the journey rules beat a naive reader, set by set: a measure of overfitting.

Every place a case's articles mention is a candidate, labelled from the case's gold
(a required place: a stop; no required or optional place: not a stop; optional places
are left out, either answer being right). Two readers decide each candidate:

* the rules: the place is a stop of `geomap route`;
* a naive reader: the place is named in a sentence that names the traveller (as
  `find_traveller` found it), is no dateline, demonym or organisation's name, and is
  no country or region.

On the sets the rules were written on they beat the naive reader several times over;
on a set never developed on (a fresh probe) the gap is what carries over to new text.
Prints, per set: candidates, stops among them, and each reader's wrong decisions; then
the journeys `geomap route` reads fully right and, where the set has a
`careful_reader.json` (the stops an independent careful reader wrote down without seeing
the gold), how many the careful reader gets right under the same strict measure.
Run: .venv/bin/python bench/bench_journey_baseline.py [CASES_DIR ...]
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

from geomap.errors import InputError

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_SETS = [
    ROOT.parent / "shared" / "eval" / "routes",
    *sorted((ROOT / "tests" / "data").glob("journeys*")),
]
_AREAS = {"country", "region", "continent"}
_NOT_NAMED_PLACES = {"dateline", "demonym", "embedded"}
_WORD = re.compile(r"[A-Za-z']+")


def main() -> None:
    from geomap.articles import read_articles
    from geomap.evaluate_routes import _nearest, read_cases, score_case
    from geomap.geoparse import load_pipeline, parse_articles
    from geomap.journey.events import find_traveller
    from geomap.route import build_route

    sets = [Path(a) for a in sys.argv[1:]] or [d for d in DEFAULT_SETS if d.is_dir()]
    # Every folder read before the model loads: a bad one fails at once.
    loaded = [(f, read_cases(f), _careful_reader(f / "careful_reader.json")) for f in sets]
    nlp = load_pipeline()
    gazetteer = nlp.get_pipe("geomap_places").gazetteer
    print(f"{'set':<22} {'cases':>5} {'places':>6} {'stops':>5}  {'rules wrong':>11}  "
          f"{'naive wrong':>11}  naive/rules  geomap right  careful reader right")
    for folder, cases, reader in loaded:
        places = stops = rules_wrong = naive_wrong = geomap_right = reader_right = 0
        for case in cases:
            parsed = list(parse_articles(read_articles(list(case.files)), nlp))
            traveller = find_traveller(parsed)
            route = build_route(parsed, gazetteer=gazetteer)
            drawn = [(s.place.name, *(s.point or (s.place.lat, s.place.lon))) for s in route.stops]
            geomap_right += score_case(drawn, case)["correct"]
            if reader is not None:
                written = reader.get(case.name, {}).get("stops", [])
                reader_right += score_case([(n, float(a), float(b)) for n, a, b in written], case)[
                    "correct"
                ]
            told = [(s.place, s.evidence, True) for s in route.stops]
            told += [(m.place, m.evidence, False) for m in route.mentions]
            seen: set[str] = set()
            for place, evidence, rule_stop in told:
                if place.place_id in seen:
                    continue  # a return visit: one decision per place
                seen.add(place.place_id)
                point = (place.lat, place.lon)
                if _nearest(point, case.required) is not None:
                    label = True
                elif _nearest(point, case.optional) is not None:
                    continue
                else:
                    label = False
                naive = place.kind not in _AREAS and any(
                    {w.lower() for w in _WORD.findall(e.sentence)} & traveller
                    and not _named_otherwise(e, parsed)
                    for e in evidence
                )
                places += 1
                stops += label
                rules_wrong += rule_stop != label
                naive_wrong += naive != label
        ratio = naive_wrong / rules_wrong if rules_wrong else float("inf")
        careful = f"{reader_right}/{len(cases)}" if reader is not None else "-"
        print(f"{folder.name:<22} {len(cases):>5} {places:>6} {stops:>5}  {rules_wrong:>11}  "
              f"{naive_wrong:>11}  {ratio:>10.2f}  {geomap_right:>6}/{len(cases):<5}  "
              f"{careful:>10}")


def _careful_reader(path: Path) -> dict | None:
    """The careful reader's stops by case, if the set has them."""
    if not path.is_file():
        return None
    try:
        return json.loads(path.read_text("utf-8"))["cases"]
    except (ValueError, KeyError, TypeError) as exc:
        raise InputError(f"{path}: not a careful reader's file ({exc})") from exc


def _named_otherwise(evidence, parsed) -> bool:
    """Is this mention a dateline, a demonym or part of an organisation's name?"""
    for article, _doc in parsed:
        if article.article.article_id != evidence.article_id:
            continue
        for resolved in article.mentions:
            if resolved.mention.start == evidence.start:
                return resolved.mention.kind in _NOT_NAMED_PLACES
    return False


if __name__ == "__main__":
    try:
        main()
    except InputError as exc:  # a missing or malformed case folder: say which, exit 2
        print(f"bench_journey_baseline: {exc}", file=sys.stderr)
        sys.exit(2)
