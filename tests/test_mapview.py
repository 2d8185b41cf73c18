"""The map page: self-contained, escaped, layered, embeddable (no browser needed)."""

from __future__ import annotations

import html
import os
import re
import subprocess
import sys

from hypothesis import given, settings
from hypothesis import strategies as st
from jinja2 import Template
from map_fixtures import HOSTILE, hostile_route

from geomap.render.html import display_name, embed_snippet, render_map, safe


def _page(**options) -> str:
    route, footprints = hostile_route()
    return render_map(route, footprints=footprints, **options)


def test_page_is_self_contained_and_small() -> None:
    page = _page()
    # No script, stylesheet, image or font is fetched from anywhere.
    assert not re.search(r"<script[^>]+src=", page)
    assert not re.search(r"<link[^>]+href=", page)
    assert "cdn.jsdelivr" not in page and "cdnjs" not in page and "code.jquery" not in page
    assert not re.search(r"url\((?!data:|#)['\"]?(?:https?:)?//", page)
    assert len(page.encode()) < 1_500_000


def test_hostile_text_is_escaped_everywhere() -> None:
    page = _page()
    assert "<script>window.__pwned" not in page
    assert "<img src=x" not in page
    assert "${window.__pwned" not in page
    assert "&lt;script&gt;window.__pwned" in page  # still shown, as text


def test_layers_credits_and_panel() -> None:
    page = _page()
    for text in ("Route and stops", "Other places mentioned", "Regions the route passes",
                 "GeoNames", "CC BY 4.0", "Natural Earth", 'id="gm-panel"',
                 'data-stop="1"', "Stop 1: Pyongyang", "L.polyline.antPath",
                 "L.control.fullscreen", "control.scale", "fitBounds"):
        assert text in page, text
    assert page.count("Plain story") >= 1  # the second article has its own layer


def test_tiles_switch_and_credit() -> None:
    page = _page(tiles="https://tiles.example/{z}/{x}/{y}.png", attribution="Example Tiles")
    assert "https://tiles.example/{z}/{x}/{y}.png" in page
    assert "Example Tiles" in page
    assert "f7f5f0" not in page  # no vector basemap fill when tiles are used


def test_embed_snippet_sizes_itself() -> None:
    snippet = embed_snippet('route "1".html', title=HOSTILE)
    assert 'src="route &quot;1&quot;.html"' in snippet
    assert "aria-label=" in snippet and "title=" in snippet
    assert "geomap-height" in snippet and "<script>window.__pwned" not in snippet


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from("<>&\"'`${}\\%#/ ax7*"), max_size=40) | st.text())
def test_safe_text_is_inert_and_still_readable(text: str) -> None:
    escaped = safe(text)
    # Nothing that could end an attribute, open a tag, close or interpolate a JS template
    # literal, escape a character, or open a Jinja expression survives.
    assert not set(escaped) & set("<>\"'`\\{}") and "${" not in escaped
    # folium renders some output as a Jinja template again: it must come back unchanged
    # (bar Jinja's own line-ending normalisation).
    same_lines = re.sub(r"\r\n?", "\n", escaped)
    assert Template(escaped, keep_trailing_newline=True).render() == same_lines
    # Inside a JS template literal in the page the reader sees the text itself.
    assert html.unescape(escaped) == text


def test_template_syntax_in_article_text_is_not_evaluated() -> None:
    escaped = safe("{{ 7 * 7 }} {% if true %}yes{% endif %} ${7 * 7}")
    assert "49" not in Template(escaped).render() and "yes{" not in Template(escaped).render()


def test_embed_snippet_is_the_same_on_every_run(tmp_path) -> None:
    # hash() of a string changes with every interpreter start (PYTHONHASHSEED); two runs of
    # `geomap route --embed` are two processes, so compare two processes.
    code = (
        "from geomap.render.html import embed_snippet; "
        "print(embed_snippet('route.html', title='T'))"
    )
    snippets = {
        subprocess.run(
            [sys.executable, "-c", code],
            env={**os.environ, "PYTHONHASHSEED": seed},
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        for seed in ("1", "2", "3")
    }
    assert len(snippets) == 1
    (frame_id,) = re.findall(r'<iframe id="([^"]+)"', snippets.pop())
    other = embed_snippet("other.html", title="T")
    assert frame_id not in other  # two maps on one page keep apart


def test_display_name_prefers_the_article_spelling() -> None:
    route, _ = hostile_route()
    articles = {a.article_id: a for a in route.articles}
    region = route.stops[2]
    assert display_name(region.place, region.evidence, articles) == "Primorye"
