"""Stage 5: the route as an interactive, self-contained HTML map (folium + branca).

The page works with no network: Leaflet, its plugins and a Natural Earth basemap are
inlined (see geomap.render.assets). Article text is untrusted: every string taken from an
article is HTML-escaped, and the characters that could end or interpolate the
JavaScript template literals folium wraps popups in (backtick, dollar, backslash) are
escaped as HTML entities too. Every piece of HTML that carries such a string comes from
the templates in geomap/render/templates/ (Jinja2 with autoescape, every printed value
through safe()): popups, the side panel, stop icons, article titles.
"""

from __future__ import annotations

import functools
import hashlib
import html
import json
import textwrap
from collections.abc import Mapping, Sequence
from typing import Any

import folium
import jinja2
from branca.element import Element, MacroElement
from folium import plugins
from jinja2 import Template
from markupsafe import Markup
from shapely.geometry.base import BaseGeometry

from geomap.models import Article, Evidence, Leg, Place, ResolvedMention, Route, Stop
from geomap.render import assets
from geomap.render.labels import PlaceLabel

# Okabe & Ito's colour-blind-safe palette (without black, which the route uses).
ARTICLE_COLOURS = ("#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442")
ROUTE_COLOUR = "#B8001F"
REGION_COLOUR = "#0072B2"
MENTION_COLOUR = "#555555"
CREDITS = (
    'Places: <a href="https://www.geonames.org/">GeoNames</a> '
    '(<a href="https://creativecommons.org/licenses/by/4.0/">CC BY 4.0</a>); '
    'outlines: <a href="https://www.naturalearthdata.com/">Natural Earth</a> (public domain); '
    "map: geomap, Leaflet"
)
# Added whenever a leg is drawn along network data.
NETWORK_CREDITS = {
    "railway network": 'railways: <a href="https://www.openstreetmap.org/copyright">'
    "© OpenStreetMap contributors</a> (ODbL)",
    "road network": 'roads: <a href="https://www.openstreetmap.org/copyright">'
    "© OpenStreetMap contributors</a> (ODbL)",
    "sea lanes": "sea lanes: marnet (searoute, via scgraph)",
}
MODE_PHRASES = {
    "train": "by train",
    "plane": "by plane",
    "car": "by road",
    "ship": "by sea",
    "foot": "on foot",
    "unknown": "mode not reported",
}
SOURCE_PHRASES = {
    "railway network": "along the railway (OpenStreetMap)",
    "road network": "along the roads (OpenStreetMap)",
    "sea lanes": "along the shipping lanes (marnet)",
    "great circle": "drawn straight (great circle)",
}
PASSES_NOUN = {"railway network": "railway", "road network": "road", "sea lanes": "sea lanes"}
LEGEND_TITLE_CHARS = 70
# Stops of these kinds are drawn as areas (outline, region marker), not as points.
DRAWN_AS_AREA = frozenset({"region", "district", "area", "country"})


def safe(text: object) -> str:
    """Escape text for HTML that folium may place inside a JS template literal."""
    escaped = html.escape(str(text), quote=True)
    # Braces too: folium compiles some rendered output (the layer control) as a Jinja
    # template again, so "{{" or "{%" from an article must never reach it literally.
    for char, entity in (
        ("`", "&#96;"),
        ("$", "&#36;"),
        ("\\", "&#92;"),
        ("{", "&#123;"),
        ("}", "&#125;"),
    ):
        escaped = escaped.replace(char, entity)
    return escaped


def _highlight(sentence: str, start: int, end: int) -> str:
    """The sentence with the mention in <mark>, every part escaped."""
    start = max(0, min(start, len(sentence)))
    end = max(start, min(end, len(sentence)))
    return (
        safe(sentence[:start])
        + "<mark>"
        + safe(sentence[start:end])
        + "</mark>"
        + safe(sentence[end:])
    )


def _article_meta(article: Article) -> str:
    source = article.source_path.replace("\\", "/").rsplit("/", 1)[-1]
    meta = [article.date.isoformat() if article.date else "", source]
    return " · ".join(m for m in meta if m)


def display_name(
    place: Place, evidence: tuple[Evidence, ...], articles: Mapping[str, Article]
) -> str:
    """The name as the articles write it ("Primorsky Krai"), with the gazetteer's if different."""
    written: dict[str, int] = {}
    for item in evidence:
        article = articles.get(item.article_id)
        if article is not None and 0 <= item.start < item.end <= len(article.text):
            surface = " ".join(article.text[item.start : item.end].split())
            if surface and not surface.isupper():
                written[surface] = written.get(surface, 0) + 1
    if not written:
        return place.name
    common = max(written, key=lambda name: (written[name], len(name)))
    return common if common.casefold() == place.name.casefold() else f"{common} ({place.name})"


def _where(place: Place) -> str:
    bits = [place.admin1_name, place.country_name]
    return ", ".join(dict.fromkeys(b for b in bits if b and b != place.name))


def _evidence_html(evidence: Evidence, articles: Mapping[str, Article]) -> str:
    start = evidence.start - evidence.sentence_start
    end = evidence.end - evidence.sentence_start
    quote = Markup(_highlight(evidence.sentence, start, end))
    return str(_popups().evidence(evidence, articles.get(evidence.article_id), quote))


def leg_summary(leg: Leg) -> str:
    """One line on how a leg is drawn: "1,097 km by train, along the railway (OpenStreetMap)"."""
    planned = " (planned)" if leg.status == "planned" else ""
    return (
        f"{leg.distance_km:,.0f} km {MODE_PHRASES.get(leg.mode, leg.mode)}{planned}, "
        f"{SOURCE_PHRASES.get(leg.geometry_source, leg.geometry_source)}"
    )


def leg_passes(leg: Leg) -> str:
    if not leg.passes:
        return ""
    noun = PASSES_NOUN.get(leg.geometry_source, "line")
    return f"passes {', '.join(leg.passes)} (inferred from the {noun}, not reported)"


def _leg_popup(leg: Leg, names: Mapping[int, str]) -> str:
    start, end = names.get(leg.start_order, ""), names.get(leg.end_order, "")
    return str(_popups().leg_popup(leg, start, end))


def _stop_popup(stop: Stop, articles: Mapping[str, Article], leg: Leg | None) -> str:
    place = stop.place
    journey = [e for e in stop.evidence if e.role != "mention"] or list(stop.evidence)
    items = [
        (
            e,
            articles.get(e.article_id),
            Markup(_highlight(e.sentence, e.start - e.sentence_start, e.end - e.sentence_start)),
        )
        for e in journey[:6]
    ]
    return str(
        _popups().stop_popup(
            stop,
            display_name(place, stop.evidence, articles),
            _where(place),
            leg,
            items,
            max(0, len(journey) - 6),
        )
    )


def _mention_popup(
    resolved: ResolvedMention, article: Article, sentence: str, sentence_start: int
) -> str:
    mention, place = resolved.mention, resolved.place
    assert place is not None
    quote = _highlight(sentence, mention.start - sentence_start, mention.end - sentence_start)
    return str(
        _popups().mention_popup(
            article,
            Markup(quote),
            place.name,
            _where(place) or place.kind,
            mention.kind,
            resolved.confidence,
        )
    )


def _finalize(value: object) -> object:
    """Every value a template prints is escaped for HTML inside a JS template literal."""
    if isinstance(value, Markup):
        return value
    return Markup(safe("" if value is None else value))


@functools.cache
def _templates() -> jinja2.Environment:
    """geomap/render/templates: autoescape on, and every printed value through safe()."""
    environment = jinja2.Environment(
        loader=jinja2.PackageLoader("geomap.render", "templates"),
        autoescape=True,
        finalize=_finalize,
        undefined=jinja2.StrictUndefined,
    )
    environment.globals.update(
        leg_summary=leg_summary,
        leg_passes=leg_passes,
        article_meta=_article_meta,
        leg_details=lambda leg: _popups().leg_details(leg),
    )
    return environment


@functools.cache
def _popups() -> Any:
    """The popup macros of templates/popups.html.j2."""
    return _templates().get_template("popups.html.j2").module


class _Inline(MacroElement):
    """Raw inlined assets in the page header (our own, trusted, registry files)."""

    _template = Template(
        "{% macro header(this, kwargs) %}"
        "<style>{{ this.css }}</style><script>{{ this.js }}</script>"
        "{% endmacro %}"
    )

    def __init__(self, css: str, js: str) -> None:
        super().__init__()
        self.css = css
        self.js = js


class _RawHtml(Element):
    """Already-escaped HTML placed in the page as data, never compiled as a template.

    (branca's Element(text) would treat article text as a Jinja template.)
    """

    _template = Template("{{ this.content }}")

    def __init__(self, content: str) -> None:
        super().__init__()
        self.content = content


class _SidePanel(MacroElement):
    """Wires the side panel's stop buttons to the markers; credits; embed height."""

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        (function () {
          var map = {{ this._parent.get_name() }};
          var markers = {{ this.markers }};
          document.querySelectorAll('[data-stop]').forEach(function (button) {
            button.addEventListener('click', function () {
              var marker = window[markers[button.getAttribute('data-stop')]];
              if (!marker) { return; }
              map.flyTo(marker.getLatLng(), Math.max(map.getZoom(), 6));
              marker.openPopup();
            });
          });
          map.attributionControl.setPrefix(false);
          // On a phone the expanded layer list would cover the map: start it folded.
          var layers = {{ this.layer_control }};
          if (layers && window.matchMedia('(max-width: 700px)').matches) {
            layers.collapse();
            map.on('click', function () { layers.collapse(); });
          }
          map.attributionControl.addAttribution({{ this.credits }});
          // Inside an iframe the page fills whatever height it is given, so it asks for
          // the height its side panel needs (stacked above the map on narrow screens).
          function postHeight() {
            if (window.parent === window) { return; }
            var panel = document.getElementById('gm-panel');
            var stacked = getComputedStyle(document.body).flexDirection === 'column';
            var wanted = stacked ? panel.scrollHeight + 420 : Math.max(panel.scrollHeight, 520);
            window.parent.postMessage({type: 'geomap-height', height: wanted}, '*');
          }
          window.addEventListener('load', postHeight);
          window.addEventListener('resize', postHeight);
          document.body.setAttribute('data-map-ready', '1');
        })();
        {% endmacro %}
        """
    )

    def __init__(self, markers: dict[str, str], credits: str, layer_control: str = "") -> None:
        super().__init__()
        self.markers = json.dumps(markers)
        self.credits = json.dumps(credits)
        # folium declares the control with `let`: named directly, not looked up on window.
        self.layer_control = (
            f"(typeof {layer_control} !== 'undefined' ? {layer_control} : null)"
            if layer_control.isidentifier()
            else "null"
        )


class _PlaceLabels(MacroElement):
    """Country and town names on the offline basemap, each shown from its zoom level on,
    in their own pane: above the outlines, below the route and its stops."""

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        (function () {
          var map = {{ this._parent.get_name() }};
          var pane = map.createPane('gm-places');
          pane.style.zIndex = 450;
          pane.style.pointerEvents = 'none';
          var labels = {{ this.labels }};
          var layers = labels.map(function (label) {
            var name = label[0], lat = label[1], lon = label[2], kind = label[4];
            var tip = L.tooltip({permanent: true, interactive: false, pane: 'gm-places',
              direction: kind === 'country' ? 'center' : 'right',
              className: 'gm-place gm-place-' + kind, offset: kind === 'country' ? [0, 0] : [4, 0]})
              .setLatLng([lat, lon]).setContent(name);
            if (kind === 'country') { return tip; }
            return L.layerGroup([L.circleMarker([lat, lon], {radius: 2.5, weight: 1,
              color: '#555', fillColor: '#fff', fillOpacity: 1, interactive: false,
              pane: 'gm-places'}), tip]);
          });
          var stops = {{ this.stops }};
          // Labels come most important first; one that would overlap a name already
          // placed (or a stop and its label) waits for a closer zoom.
          function box(lat, lon, text, kind) {
            var p = map.latLngToContainerPoint([lat, lon]);
            var width = text.length * (kind === 'country' ? 10 : 7) + 8;
            if (kind === 'country') { return [p.x - width / 2, p.y - 9, p.x + width / 2, p.y + 9]; }
            return [p.x - 4, p.y - 9, p.x + width, p.y + 9];
          }
          function overlaps(a, b) {
            return a[0] < b[2] && b[0] < a[2] && a[1] < b[3] && b[1] < a[3];
          }
          function show() {
            var zoom = map.getZoom();
            var taken = stops.map(function (s) {
              var p = map.latLngToContainerPoint([s[0], s[1]]);
              return [p.x - 16, p.y - 16, p.x + 24 + s[2].length * 8, p.y + 16];
            });
            labels.forEach(function (label, i) {
              var wanted = zoom >= label[3];
              if (wanted) {
                var b = box(label[1], label[2], label[0], label[4]);
                wanted = !taken.some(function (t) { return overlaps(b, t); });
                if (wanted) { taken.push(b); }
              }
              if (wanted) { layers[i].addTo(map); } else { map.removeLayer(layers[i]); }
            });
          }
          map.on('zoomend', show);
          show();
        })();
        {% endmacro %}
        """
    )

    def __init__(self, labels: Sequence[PlaceLabel], stops: Sequence[tuple[float, float, str]]):
        super().__init__()
        rows = [
            [safe(x.name), round(x.lat, 3), round(x.lon, 3), x.min_zoom, x.kind] for x in labels
        ]
        self.labels = json.dumps(rows, ensure_ascii=False).replace("</", "<\\/")
        stop_rows = [[round(lat, 3), round(lon, 3), safe(name)] for lat, lon, name in stops]
        self.stops = json.dumps(stop_rows, ensure_ascii=False).replace("</", "<\\/")


PAGE_CSS = """
html, body { margin: 0; height: 100%; font: 14px/1.4 system-ui, -apple-system, "Segoe UI",
  Roboto, sans-serif; color: #1b1b1b; }
body { display: flex; flex-direction: row; }
.folium-map { flex: 1 1 auto; min-height: 420px; background: #dfe9f2; }
#gm-panel { box-sizing: border-box; width: 320px; max-width: 40vw; height: 100%;
  overflow: auto; padding: 12px 14px; border-right: 1px solid #ccc; background: #fff; }
#gm-panel h1 { font-size: 17px; margin: 0 0 4px; }
#gm-panel ol { padding-left: 0; list-style: none; margin: 8px 0; }
#gm-panel li button { all: unset; cursor: pointer; display: block; width: 100%;
  padding: 6px 4px; border-radius: 4px; }
#gm-panel li button:hover, #gm-panel li button:focus-visible { background: #eef3f8;
  outline: 2px solid #0072B2; }
.gm-num { display: inline-block; min-width: 22px; height: 22px; line-height: 22px;
  text-align: center; border-radius: 11px; background: #B8001F; color: #fff;
  font-weight: 700; margin-right: 6px; }
.gm-num.gm-region { background: #0072B2; }
.gm-leg { color: #555; font-size: 12px; margin-left: 30px; }
.gm-meta { color: #555; font-size: 12px; }
.gm-warn { color: #8a4b00; }
.gm-popup h3 { margin: 0 0 4px; font-size: 15px; }
.gm-popup blockquote { margin: 4px 0 8px; padding-left: 8px; border-left: 3px solid #ccc; }
.gm-popup mark { background: #ffe08a; }
.gm-evidence { margin-top: 6px; }
.gm-legend span { display: inline-block; width: 12px; height: 12px; border-radius: 6px;
  vertical-align: middle; margin-right: 4px; }
.gm-stop-icon { width: 26px; height: 26px; border-radius: 13px; background: #B8001F;
  color: #fff; font-weight: 700; text-align: center; line-height: 26px;
  border: 2px solid #fff; box-shadow: 0 1px 4px rgba(0,0,0,.5); font-size: 13px; }
.gm-stop-icon.gm-region { background: #0072B2; }
.gm-stop-icon.gm-planned { background: #fff; color: #B8001F; border: 2px dashed #B8001F; }
.gm-legend span.gm-planned-stop { background: #fff; border: 2px dashed #B8001F;
  width: 9px; height: 9px; }
.gm-planned-note { color: #8a4b00; font-style: italic; }
.leaflet-tooltip.gm-label { background: rgba(255,255,255,.85); border: 0; box-shadow: none;
  font-weight: 600; padding: 1px 4px; }
.leaflet-tooltip.gm-label:before { display: none; }
.gm-credits { font-size: 11px; color: #555; margin-top: 12px; }
.gm-passes { color: #333; font-style: italic; }
.gm-note { color: #8a4b00; }
.gm-legend div { display: flex; align-items: flex-start; gap: 4px; margin: 2px 0; }
.gm-legend span.gm-title { display: inline; width: auto; height: auto; border-radius: 0;
  overflow-wrap: normal; word-break: normal; }
.gm-legend span { flex: none; margin-top: 3px; }
.gm-legend span.gm-title { flex: 1 1 auto; margin-top: 0; }
.gm-legend span.gm-line { width: 18px; height: 0; border-radius: 0; margin-top: 8px;
  border-top: 4px solid #B8001F; }
.gm-legend span.gm-line.gm-planned { border-top-style: dashed; }
.leaflet-control-layers-overlays label { max-width: 280px; white-space: normal; }
.leaflet-tooltip.gm-place { background: transparent; border: 0; box-shadow: none; padding: 0;
  color: #333; font-size: 12px; text-shadow: 0 0 2px #fff, 0 0 3px #fff, 0 0 4px #fff; }
.leaflet-tooltip.gm-place:before { display: none; }
.leaflet-tooltip.gm-place-country { color: #6b5b4b; font-size: 13px; font-weight: 600;
  letter-spacing: .12em; text-transform: uppercase; }
@media (max-width: 700px) { body { flex-direction: column; }
  #gm-panel { width: 100%; max-width: none; height: auto; max-height: 40vh;
  border-right: 0; border-bottom: 1px solid #ccc; } }
"""


def _panel(route: Route, title: str, colours: Mapping[str, str], tiles_credit: str) -> str:
    legs = {leg.end_order: leg for leg in route.legs}
    articles = {a.article_id: a for a in route.articles}
    stops = []
    for stop in route.stops:
        region = stop.place.kind in DRAWN_AS_AREA
        name = display_name(stop.place, stop.evidence, articles)
        stops.append(
            {
                "order": stop.order,
                "leg": legs.get(stop.order),
                "region": region,
                "label": f"through {name}" if region and stop.role == "via" else name,
                "role": stop.role,
                "planned": stop.status == "planned",
                "when": stop.time.strftime("%a %d %b") if stop.time else "",
            }
        )
    legend_articles = []
    for article_id, colour in colours.items():
        full = " ".join(_title_of(route, article_id).split())
        short = textwrap.shorten(full, width=LEGEND_TITLE_CHARS, placeholder=" …")
        legend_articles.append((colour, full, short))  # cut at a word, the whole on hover
    return _templates().get_template("panel.html.j2").render(
        title=title,
        stops=stops,
        length_km=route.length_km,
        traveller=route.traveller,
        notes=list(route.notes),
        others=sorted({m.place.name for m in route.mentions}),
        colours={"route": ROUTE_COLOUR, "region": REGION_COLOUR, "mention": MENTION_COLOUR},
        articles=legend_articles,
        credits=Markup(CREDITS + tiles_credit),  # geomap's own HTML, values already safe()
    )


def _title_of(route: Route, article_id: str) -> str:
    article = next((a for a in route.articles if a.article_id == article_id), None)
    return f"Article: {article.title if article and article.title else article_id}"


def _title_html(route: Route, article_id: str) -> str:
    """The article's title cut at a word (never mid-word), the whole of it on hover."""
    full = " ".join(_title_of(route, article_id).split())
    short = textwrap.shorten(full, width=LEGEND_TITLE_CHARS, placeholder=" …")
    return str(_popups().article_title(full, short))


def render_map(
    route: Route,
    *,
    title: str = "",
    tiles: str | None = None,
    attribution: str | None = None,
    footprints: Mapping[str, BaseGeometry] | None = None,
    labels: Sequence[PlaceLabel] = (),
) -> str:
    """The full HTML document for a route; ``labels`` name countries and towns on the
    offline basemap by zoom level."""
    footprints = footprints or {}
    articles = {a.article_id: a for a in route.articles}
    names = [display_name(s.place, s.evidence, articles).split(" (")[0] for s in route.stops]
    title = title or ("Journey: " + " → ".join(names[:6]) if names else "Places mentioned")
    tiles_credit = f"; tiles: {safe(attribution or 'tile provider')}" if tiles else ""
    sources = {leg.geometry_source for leg in route.legs}
    tiles_credit += "".join(
        f"; {credit}" for source, credit in NETWORK_CREDITS.items() if source in sources
    )
    colours = {
        article.article_id: ARTICLE_COLOURS[i % len(ARTICLE_COLOURS)]
        for i, article in enumerate(route.articles)
    }
    fmap = folium.Map(
        location=(30, 100),
        zoom_start=3,
        tiles=None,
        control_scale=True,
        prefer_canvas=False,
        world_copy_jump=False,
    )
    fmap.default_js, fmap.default_css = [], []  # no CDN: assets are inlined below
    root = fmap.get_root()
    root.title = safe(title)
    root.header.add_child(
        Element('<meta name="viewport" content="width=device-width, initial-scale=1">')
    )
    # The panel comes before the map in the document, so in reading and tab order too.
    root.html.add_child(_RawHtml(_panel(route, title, colours, tiles_credit)))
    fmap.add_child(_Inline(assets.stylesheets() + PAGE_CSS, assets.scripts()))

    if tiles:
        folium.TileLayer(
            tiles=tiles, attr=attribution or "tile provider", name="Tiles", control=False
        ).add_to(fmap)
    else:
        folium.GeoJson(
            assets.basemap(),
            name="Country outlines (Natural Earth)",
            control=False,
            style_function=lambda _f: {
                "color": "#8c9aa8",
                "weight": 0.6,
                "fillColor": "#f7f5f0",
                "fillOpacity": 1,
            },
            highlight_function=None,
            smooth_factor=1.5,
        ).add_to(fmap)

    regions = folium.FeatureGroup(name="Regions the route passes", show=True).add_to(fmap)
    route_layer = folium.FeatureGroup(name="Route and stops", show=True).add_to(fmap)
    others_layer = folium.FeatureGroup(name="Other places mentioned", show=True).add_to(fmap)
    legs = {leg.end_order: leg for leg in route.legs}
    stop_names = {
        s.order: display_name(s.place, s.evidence, articles).split(" (")[0] for s in route.stops
    }
    if not tiles and labels:
        stop_boxes = [
            (*(s.point or (s.place.lat, s.place.lon)), stop_names[s.order]) for s in route.stops
        ]
        fmap.add_child(_PlaceLabels(labels, stop_boxes))

    drawn_legs = [leg for leg in route.legs if len(leg.geometry) >= 2]
    for leg in drawn_legs:
        _add_leg(leg, stop_names).add_to(route_layer)
    if not drawn_legs and len(route.path) >= 2:
        path = [(lat, lon) for lon, lat in route.path]
        ant = plugins.AntPath(
            path,
            color=ROUTE_COLOUR,
            pulse_color="#ffffff",
            weight=4,
            delay=1200,
            dash_array=[12, 24],
            opacity=0.9,
            tooltip="Route, in the direction of travel",
        )
        ant.default_js = []
        ant.add_to(route_layer)

    markers: dict[str, str] = {}
    placed: list[tuple[float, float]] = []
    for stop in route.stops:
        place = stop.place
        region = place.kind in DRAWN_AS_AREA
        lat, lon = stop.point if stop.point else (place.lat, place.lon)
        # A marker that would sit on an earlier one is drawn beside it, not under it.
        crowded = sum(1 for p in placed if abs(p[0] - lat) < 0.4 and abs(p[1] - lon) < 0.4)
        placed.append((lat, lon))
        anchor = (15 - 30 * crowded, 15 + 22 * crowded)
        name = display_name(place, stop.evidence, articles)
        footprint = footprints.get(place.place_id)
        if region and footprint is not None:
            folium.GeoJson(
                footprint.__geo_interface__,
                name=place.name,
                style_function=lambda _f: {
                    "color": REGION_COLOUR,
                    "weight": 1.5,
                    "fillColor": REGION_COLOUR,
                    "fillOpacity": 0.12,
                },
                tooltip=safe(f"{name} (stop {stop.order}, {stop.role})"),
            ).add_to(regions)
        label = f"Stop {stop.order}: {name}"
        marker = folium.Marker(
            (lat, lon),
            icon=folium.DivIcon(
                html=str(_popups().stop_icon(stop.order, region, stop.status == "planned")),
                icon_size=(30, 30),
                icon_anchor=anchor,
            ),
            tooltip=folium.Tooltip(
                safe(name.split(" (")[0]),
                permanent=True,
                direction="right",
                offset=(16 + 30 * crowded, -22 * crowded),
                sticky=False,
                class_name="gm-label",
            ),
            popup=folium.Popup(_stop_popup(stop, articles, legs.get(stop.order)), max_width=380),
            title=label,
            alt=label,
            keyboard=True,
            riseOnHover=True,
            zIndexOffset=1000,
        )
        marker.add_to(route_layer)
        markers[str(stop.order)] = marker.get_name()

    for other in route.mentions:
        place = other.place
        first = other.evidence[0] if other.evidence else None
        popup = str(
            _popups().other_popup(
                place,
                _where(place) or place.kind,
                other.reason,
                Markup(_evidence_html(first, articles)) if first else "",
            )
        )
        folium.CircleMarker(
            (place.lat, place.lon),
            radius=5,
            color="#ffffff",
            weight=1.5,
            fill=True,
            fill_color=MENTION_COLOUR,
            fill_opacity=0.85,
            tooltip=safe(f"{place.name} (mentioned: {other.reason})"),
            popup=folium.Popup(popup, max_width=360),
        ).add_to(others_layer)

    _article_layers(fmap, route, colours)
    layer_control = folium.LayerControl(collapsed=False, position="topright").add_to(fmap)
    plugins.Fullscreen(
        position="topleft", title="Full screen", title_cancel="Leave full screen"
    ).add_to(fmap)
    for child in fmap._children.values():
        if isinstance(child, plugins.Fullscreen):
            child.default_js, child.default_css = [], []
    _fit(fmap, route, footprints)
    fmap.add_child(_SidePanel(markers, CREDITS + tiles_credit, layer_control.get_name()))
    return root.render()


def _add_leg(leg: Leg, names: Mapping[int, str]) -> folium.map.Layer:
    """A travelled leg as moving dashes in the direction of travel; a planned one dashed
    and still; a leg drawn straight (no network line) thinner, so it reads as a guess."""
    path = [(lat, lon) for lon, lat in leg.geometry]
    straight = leg.geometry_source == "great circle"
    options = {
        "color": ROUTE_COLOUR,
        "weight": 3 if straight else 4,
        "opacity": 0.75 if straight else 0.9,
        "tooltip": safe(f"Leg {leg.start_order} → {leg.end_order}: {leg_summary(leg)}"),
        "popup": folium.Popup(_leg_popup(leg, names), max_width=360),
    }
    if leg.status == "planned":
        return folium.PolyLine(path, dash_array="4 10", class_name="gm-leg-planned", **options)
    ant = plugins.AntPath(path, pulse_color="#ffffff", delay=1200, dash_array=[12, 24], **options)
    ant.default_js = []
    return ant


def _article_layers(fmap: folium.Map, route: Route, colours: Mapping[str, str]) -> None:
    """One toggleable layer per article: each of its place mentions, in its colour."""
    for parsed in route.parsed:
        article = parsed.article
        colour = colours.get(article.article_id, ARTICLE_COLOURS[0])
        layer = folium.FeatureGroup(
            name=str(_popups().layer_name(colour, Markup(_title_html(route, article.article_id)))),
            show=True,
        ).add_to(fmap)
        for resolved in parsed.mentions:
            if resolved.place is None:
                continue
            mention = resolved.mention
            sentence = article.text[mention.sentence_start : mention.sentence_end]
            folium.CircleMarker(
                (resolved.place.lat, resolved.place.lon),
                radius=7,
                color=colour,
                weight=2,
                fill=False,
                opacity=0.9,
                tooltip=safe(f"{mention.text} — {article.title[:50]}"),
                popup=folium.Popup(
                    _mention_popup(resolved, article, sentence, mention.sentence_start),
                    max_width=360,
                    lazy=True,
                ),
            ).add_to(layer)


def _fit(fmap: folium.Map, route: Route, footprints: Mapping[str, BaseGeometry]) -> None:
    points: list[tuple[float, float]] = []
    for stop in route.stops:
        points.append(stop.point if stop.point else (stop.place.lat, stop.place.lon))
    if not points:
        points = [(m.place.lat, m.place.lon) for m in route.mentions]
    if not points:
        return
    lats = [p[0] for p in points]
    lons = [p[1] for p in points]
    pad = 1.0 if len(points) > 1 else 3.0
    fmap.fit_bounds([(min(lats) - pad, min(lons) - pad), (max(lats) + pad, max(lons) + pad)])


def embed_snippet(html_filename: str, *, title: str) -> str:
    """An iframe that sizes itself to the page (the page posts its height)."""
    label = html.escape(title, quote=True)
    source = html.escape(html_filename, quote=True)
    # Derived from the map's name and title, never from hash(): the same map gives the same
    # snippet on every run, so a newsroom's CMS sees no change when nothing changed.
    digest = hashlib.sha256(f"{html_filename}\n{title}".encode()).hexdigest()
    frame_id = "geomap-" + digest[:10]
    return (
        f'<iframe id="{frame_id}" src="{source}" title="{label}" aria-label="{label}" '
        'style="width:100%;height:600px;border:0" loading="lazy"></iframe>\n'
        "<script>\n"
        "window.addEventListener('message', function (event) {\n"
        f"  var frame = document.getElementById('{frame_id}');\n"
        "  if (!frame || event.source !== frame.contentWindow) { return; }\n"
        "  var data = event.data || {};\n"
        "  if (data.type === 'geomap-height' && data.height > 0) {\n"
        "    frame.style.height = Math.max(420, Math.min(data.height, 2000)) + 'px';\n"
        "  }\n"
        "});\n"
        "</script>\n"
    )
