"""`geomap gazetteer build|info`."""

from __future__ import annotations

import json
from pathlib import Path

import typer

from geomap.cli.app import gazetteer_app
from geomap.paths import gazetteer_path


@gazetteer_app.command("build")
def build(
    output: Path = typer.Option(
        None, "--output", "-o", help="Where to write the index (default: gazetteer/build/)."
    ),
) -> None:
    """Build the offline gazetteer index from the installed GeoNames/Natural Earth data."""
    from geomap.gazetteer.build_index import build_gazetteer

    target = output or gazetteer_path()
    typer.echo(f"building gazetteer index {target} ...", err=True)
    counts = build_gazetteer(target)
    summary = ", ".join(f"{count:,} {kind}" for kind, count in counts.items())
    typer.echo(f"wrote {target} ({target.stat().st_size / 1e6:.1f} MB): {summary}", err=True)


@gazetteer_app.command("networks")
def networks(
    output: Path = typer.Option(
        None, "--output", "-o", help="Folder to write into (default: gazetteer/build/)."
    ),
) -> None:
    """Build the railway, road and sea-lane networks legs are drawn along (OpenStreetMap
    data from PyPI scgraph-data, marnet from PyPI scgraph), as compact arrays."""
    from geomap.gazetteer.build_networks import build_networks

    typer.echo("building transport networks ...", err=True)
    for kind, summary in build_networks(output).items():
        typer.echo(f"  {kind}: {summary}", err=True)


@gazetteer_app.command("info")
def info(
    as_json: bool = typer.Option(False, "--json", help="Print machine-readable JSON."),
) -> None:
    """Show the index's sources, licences, counts and build date."""
    from geomap.gazetteer.reader import get_gazetteer

    details = get_gazetteer().info()
    if as_json:
        typer.echo(json.dumps(details, indent=2))
        return
    typer.echo(f"index:    {details['path']} ({details['size_bytes'] / 1e6:.1f} MB)")
    typer.echo(f"built:    {details['built_at']} in {details['build_seconds']} s")
    typer.echo("counts:   " + ", ".join(f"{n:,} {k}" for k, n in details["counts"].items()))
    typer.echo("sources:")
    for source in details["sources"]:
        typer.echo(f"  - {source['name']}: {source['licence']}")
