"""`geomap route`: articles -> journey -> route.html + route.geojson."""

from __future__ import annotations

import json
from pathlib import Path

import typer

from geomap.cli.app import app
from geomap.errors import InputError, NotFoundError


@app.command()
def route(
    articles: list[Path] = typer.Argument(..., help="Article text files about one journey."),
    output: Path = typer.Option(
        Path("output/route.html"), "--output", "-o", help="The HTML map to write."
    ),
    as_json: bool = typer.Option(False, "--json", help="Print the route GeoJSON to stdout."),
    embed: bool = typer.Option(
        False, "--embed", help="Also write an <iframe> snippet (…-embed.html) beside the map."
    ),
    tiles: str = typer.Option(
        None, "--tiles", help="Tile URL template for an online basemap (default: offline)."
    ),
    attribution: str = typer.Option(
        None, "--attribution", help="Credit line for --tiles (required with it)."
    ),
    traveller: str = typer.Option(
        None, "--traveller", help="Who makes the journey, e.g. 'Kim' (default: found)."
    ),
    stop: list[str] = typer.Option([], "--stop", help="Force a place in as a stop (repeatable)."),
    not_stop: list[str] = typer.Option(
        [], "--not-stop", help="Take a place out of the stops (repeatable)."
    ),
    title: str = typer.Option("", "--title", help="Map title (default: from the stops)."),
) -> None:
    """Work out the journey's stops in order and write the map and its GeoJSON."""
    from geomap.articles import read_articles
    from geomap.atomic import check_output_path, write_text_atomic
    from geomap.geoparse import load_pipeline, parse_articles
    from geomap.render.geojson import route_to_geojson
    from geomap.render.html import embed_snippet, render_map
    from geomap.render.labels import orientation_labels
    from geomap.route import build_route, stops_summary

    if tiles and not attribution:
        raise InputError("--tiles needs --attribution (credit the tile provider)")
    if output.suffix.lower() not in {".html", ".htm"}:
        raise InputError(f"{output}: the map must be an .html file")
    check_output_path(output)
    parsed_articles = read_articles(articles)
    nlp = load_pipeline()
    parsed = list(parse_articles(parsed_articles, nlp))
    for article, _doc in parsed:
        for warning in article.article.warnings:
            typer.echo(f"geomap: warning: {article.article.source_path}: {warning}", err=True)
        if not article.mentions:
            typer.echo(f"geomap: {article.article.source_path}: no places found", err=True)
    gazetteer = nlp.get_pipe("geomap_places").gazetteer
    journey = build_route(
        parsed, gazetteer=gazetteer, traveller=traveller, force_stops=stop, exclude=not_stop
    )
    if not journey.stops and not journey.mentions:
        raise NotFoundError("no places found in the articles; nothing written")
    if not journey.stops:
        for note in journey.notes:
            typer.echo(f"geomap: note: {note}", err=True)
        places = ", ".join(sorted({m.place.name for m in journey.mentions})[:8])
        raise NotFoundError(
            f"no journey found: the articles name places ({places}) but report no "
            "movement of a traveller to any of them (see the notes above; --traveller "
            "or --stop can say who and where); nothing written"
        )
    collection = route_to_geojson(journey)
    geojson_text = json.dumps(collection, ensure_ascii=False, indent=1)
    footprints = {
        s.place.place_id: shape
        for s in journey.stops
        if (shape := gazetteer.footprint(s.place.place_id)) is not None
    }
    page = render_map(
        journey,
        title=title,
        tiles=tiles,
        attribution=attribution,
        footprints=footprints,
        labels=orientation_labels(gazetteer, journey),
    )
    geojson_path = output.with_name(
        "route.geojson" if output.name == "route.html" else output.stem + ".geojson"
    )
    write_text_atomic(geojson_path, geojson_text + "\n")
    write_text_atomic(output, page)
    written = [str(output), str(geojson_path)]
    if embed:
        snippet_path = output.with_name(output.stem + "-embed.html")
        write_text_atomic(
            snippet_path,
            embed_snippet(output.name, title=title or "Route map: " + stops_summary(journey)),
        )
        written.append(str(snippet_path))
    if as_json:
        typer.echo(geojson_text)
    summary = stops_summary(journey) or "no stops"
    typer.echo(
        f"geomap: route: {summary} ({journey.length_km:,.0f} km); "
        f"{len(journey.mentions)} other places; wrote {', '.join(written)}",
        err=True,
    )
    for note in journey.notes:
        typer.echo(f"geomap: note: {note}", err=True)


@app.command("eval-routes")
def eval_routes(
    cases_dir: Path = typer.Argument(..., help="Folder with gold.json and the cases' articles."),
    as_json: bool = typer.Option(
        False, "--json", help="Print per-case results and totals as JSON."
    ),
    case: list[str] = typer.Option([], "--case", help="Only this case (repeatable)."),
    verbose: bool = typer.Option(False, "--verbose", "-v", help="Also print each route's notes."),
) -> None:
    """Score journeys against gold cases (agrees with the reference score_routes.py)."""
    from geomap.articles import read_articles
    from geomap.evaluate_routes import read_cases, report_lines, score_cases
    from geomap.geoparse import load_pipeline, parse_articles
    from geomap.render.geojson import route_to_geojson
    from geomap.route import build_route

    cases = read_cases(cases_dir, case)
    if not cases:
        raise NotFoundError(f"{cases_dir}: no such case")
    nlp = load_pipeline()
    gazetteer = nlp.get_pipe("geomap_places").gazetteer

    def run(one) -> dict | None:
        parsed = list(parse_articles(read_articles(list(one.files)), nlp))
        journey = build_route(parsed, gazetteer=gazetteer)
        if verbose and not as_json:
            for note in journey.notes:
                typer.echo(f"  {one.name}: note: {note}", err=True)
        return route_to_geojson(journey)

    scored = score_cases(cases, run)
    if as_json:
        typer.echo(json.dumps(scored, indent=1, ensure_ascii=False))
        return
    for line in report_lines(scored):
        typer.echo(line)
