"""`geomap resolve NAME`: how a name resolves against the gazetteer, and why."""

from __future__ import annotations

import json
from dataclasses import asdict

import typer

from geomap.cli.app import app
from geomap.errors import InputError, NotFoundError
from geomap.models import Candidate


def _parse_near(value: str | None) -> tuple[float, float] | None:
    if not value:
        return None
    try:
        lat_text, lon_text = value.split(",")
        lat, lon = float(lat_text), float(lon_text)
    except ValueError as exc:
        raise InputError(f"--near {value!r}: expected LAT,LON such as 43.1,131.9") from exc
    if not (-90 <= lat <= 90 and -180 <= lon <= 180):
        raise InputError(f"--near {value!r}: latitude or longitude out of range")
    return lat, lon


def _as_dict(candidate: Candidate) -> dict[str, object]:
    return {
        **asdict(candidate.place),
        "score": candidate.score,
        "match_type": candidate.match_type,
        "matched_alias": candidate.matched_alias,
        "reasons": list(candidate.reasons),
    }


@app.command()
def resolve(
    name: str = typer.Argument(..., help="A place name, e.g. 'the Amur region'."),
    country: str = typer.Option(None, "--country", help="Only places in this ISO country code."),
    near: str = typer.Option(None, "--near", help="Prefer places near LAT,LON."),
    kind: str = typer.Option(
        None, "--kind", help="Only this kind: city, region, country, spaceport, river ..."
    ),
    limit: int = typer.Option(5, "--limit", min=1, help="How many alternatives to show."),
    as_json: bool = typer.Option(False, "--json", help="Print machine-readable JSON."),
) -> None:
    """Resolve NAME: the best match and ranked alternatives, each with the reasons."""
    from geomap.gazetteer.reader import get_gazetteer

    if not name.strip():
        raise InputError("empty place name")
    gazetteer = get_gazetteer()
    found = gazetteer.candidates(
        name, country=country, kind=kind, near=_parse_near(near), limit=limit
    )
    if not found:
        suggestions = [place.name for place in gazetteer.suggest(name)]
        hint = f"did you mean: {', '.join(dict.fromkeys(suggestions))}?" if suggestions else ""
        if as_json:
            typer.echo(json.dumps({"query": name, "best": None, "alternatives": []}))
        raise NotFoundError(f"no place named {name!r}", hint=hint)
    if as_json:
        payload = {
            "query": name,
            "best": _as_dict(found[0]),
            "alternatives": [_as_dict(c) for c in found[1:]],
        }
        typer.echo(json.dumps(payload, ensure_ascii=False, indent=2))
        return
    for rank, candidate in enumerate(found, start=1):
        place = candidate.place
        where = ", ".join(
            dict.fromkeys(
                p for p in (place.admin1_name, place.country_name) if p and p != place.name
            )
        )
        typer.echo(
            f"{rank}. {place.name}{f' ({where})' if where else ''} "
            f"{place.lat:.4f}, {place.lon:.4f}  "
            f"{place.kind} {place.feature_code}  score {candidate.score:.2f}  [{place.place_id}]"
        )
        for reason in candidate.reasons:
            typer.echo(f"     - {reason}")
