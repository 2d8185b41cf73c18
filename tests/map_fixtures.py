"""A hand-built Route for map tests, with hostile article text."""

from __future__ import annotations

import datetime as dt

import shapely

from geomap.models import (
    Article,
    Evidence,
    Leg,
    Mention,
    OtherMention,
    ParsedArticle,
    Place,
    ResolvedMention,
    Route,
    Stop,
)

HOSTILE = (
    "<script>window.__pwned = 1; alert(1)</script> "
    "\"><img src=x onerror=\"window.__pwned = 2\"> `${window.__pwned = 3}` it's \\u0041"
)


def place(pid: str, name: str, lat: float, lon: float, kind: str = "city",
          cc: str = "RU") -> Place:
    return Place(pid, None, name, lat, lon, kind, "P", "PPL", cc, country_name="Russia")


def hostile_route() -> tuple[Route, dict[str, shapely.Geometry]]:
    text = f"Kim left Pyongyang for Khasan. {HOSTILE} He passed through Primorye."
    article = Article("evil", text, "evil.txt", title=HOSTILE, date=dt.date(2023, 9, 12))
    second = Article("plain", "Kim arrived in Khasan.", "plain.txt", title="Plain story")
    pyongyang = place("gn:1", "Pyongyang", 39.03, 125.75, cc="KP")
    khasan = place("gn:2", "Khasan", 42.42, 130.65)
    region = place("adm1:RU.59", "Primorye", 44.8, 134.4, kind="region")
    vladivostok = place("gn:3", f"Vladi{HOSTILE}", 43.1, 131.9)
    start = text.index("Pyongyang")
    hostile_start = text.index(HOSTILE)

    def evidence(p_start: int, length: int, role: str = "origin") -> Evidence:
        return Evidence("evil", text, p_start, p_start + length, 0, role,
                        dt.datetime(2023, 9, 10, 12), "leave")

    stops = (
        Stop(1, pyongyang, "origin", 0.9, dt.datetime(2023, 9, 10, 12),
             (evidence(start, 9),)),
        Stop(2, khasan, "destination", 0.8, None,
             (evidence(text.index("Khasan"), 6, "destination"),
              Evidence("plain", second.text, 15, 21, 0, "destination")),
             disagreements=(f"articles disagree {HOSTILE}",)),
        Stop(3, region, "via", 0.7, None, (evidence(text.index("Primorye"), 8, "via"),),
             point=(43.5, 131.5)),
    )
    mentions = (OtherMention(vladivostok, f"reason {HOSTILE}",
                             (evidence(hostile_start, len(HOSTILE), "mention"),)),)
    resolved = tuple(
        ResolvedMention(Mention("evil", s, s + n, text[s : s + n], sentence_end=len(text)), p, 0.9)
        for s, n, p in ((start, 9, pyongyang), (hostile_start, len(HOSTILE), vladivostok))
    )
    route = Route(
        stops=stops,
        mentions=mentions,
        legs=(Leg(1, 2, 559.0), Leg(2, 3, 120.0)),
        length_km=679.0,
        articles=(article, second),
        parsed=(ParsedArticle(article, resolved), ParsedArticle(second, ())),
        traveller=f"kim {HOSTILE}",
        path=((125.75, 39.03), (130.65, 42.42), (131.5, 43.5)),
        notes=(f"note {HOSTILE}",),
    )
    footprints = {"adm1:RU.59": shapely.box(130.4, 42.3, 139.0, 48.5)}
    return route, footprints
