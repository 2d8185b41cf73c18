"""The generated page in real headless Chromium (Debian chromium + chromium-driver)."""

from __future__ import annotations

import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest
from map_fixtures import hostile_route

from geomap.render.html import render_map

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROMEDRIVER = shutil.which("chromedriver") or "/usr/bin/chromedriver"
pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(
        not (Path(CHROMIUM).exists() and Path(CHROMEDRIVER).exists()),
        reason="Debian chromium and chromium-driver are not installed (make setup installs them)",
    ),
]


@pytest.fixture(scope="module")
def browser(tmp_path_factory):
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for flag in ("--headless", "--no-sandbox", "--disable-gpu",
                 "--disable-background-networking", "--disable-component-update",
                 "--disable-quic", "--no-first-run", "--window-size=1400,900",
                 f"--user-data-dir={tmp_path_factory.mktemp('chromium')}"):
        options.add_argument(flag)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    driver = webdriver.Chrome(service=Service(CHROMEDRIVER), options=options)
    driver.set_page_load_timeout(60)
    yield driver
    driver.quit()


def _open(browser, path: Path) -> list[dict]:
    browser.get(path.resolve().as_uri())
    deadline = time.time() + 20
    while time.time() < deadline:
        if browser.execute_script("return document.body.getAttribute('data-map-ready')"):
            break
        time.sleep(0.2)
    else:
        pytest.fail("the map never became ready")
    time.sleep(0.5)
    return browser.get_log("browser")


def _wait_for(browser, selector: str):
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support import expected_conditions
    from selenium.webdriver.support.ui import WebDriverWait

    WebDriverWait(browser, 15).until(
        expected_conditions.visibility_of_element_located((By.CSS_SELECTOR, selector))
    )
    time.sleep(0.5)  # let the fly-to animation settle before reading or screenshotting
    return browser.find_element(By.CSS_SELECTOR, selector)


def _severe(logs: list[dict]) -> list[dict]:
    return [entry for entry in logs if entry["level"] == "SEVERE"]


@pytest.fixture(scope="module")
def seed_page(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("map") / "route.html"
    seeds = sorted((ROOT / "seeds").glob("*.txt"))
    subprocess.run([sys.executable, "-m", "geomap", "route", *map(str, seeds), "-o", str(out)],
                   check=True, capture_output=True)
    return out


@pytest.mark.real_gazetteer
def test_seed_map_in_chromium(browser, seed_page) -> None:
    from selenium.webdriver.common.by import By

    logs = _open(browser, seed_page)
    assert _severe(logs) == []
    markers = browser.find_elements(By.CSS_SELECTOR, ".leaflet-marker-icon .gm-stop-icon")
    assert [m.text for m in markers] == ["1", "2", "3", "4", "5"]
    icons = browser.find_elements(By.CSS_SELECTOR, ".leaflet-marker-icon")
    titles = [icon.get_attribute("title") for icon in icons]
    assert len(set(titles)) == len(titles) and titles[0].startswith("Stop 1: Pyongyang")
    assert all(icon.get_attribute("tabindex") == "0" for icon in icons)  # keyboard reachable
    route_paths = browser.find_elements(By.CSS_SELECTOR, "path.leaflet-ant-path")
    assert len(route_paths) >= 1
    assert browser.find_element(By.CSS_SELECTOR, ".leaflet-control-layers")
    assert browser.find_element(By.CSS_SELECTOR, ".leaflet-control-scale")
    assert browser.find_element(By.CSS_SELECTOR, ".leaflet-control-zoom-fullscreen")
    # Open stop 2's popup from the side panel, the keyboard-friendly way.
    browser.find_element(By.CSS_SELECTOR, '[data-stop="2"]').click()
    popup = _wait_for(browser, ".leaflet-popup-content")
    assert "Khasan" in popup.text and "meet" in popup.text
    assert popup.find_elements(By.TAG_NAME, "mark")
    (ROOT / "output").mkdir(exist_ok=True)
    browser.save_screenshot(str(ROOT / "output" / "route-screenshot.png"))
    assert _severe(browser.get_log("browser")) == []


def test_hostile_text_does_not_execute_but_displays(browser, tmp_path) -> None:
    from selenium.webdriver.common.by import By

    route, footprints = hostile_route()
    page = tmp_path / "hostile.html"
    page.write_text(render_map(route, footprints=footprints), encoding="utf-8")
    logs = _open(browser, page)
    assert _severe(logs) == []
    assert browser.execute_script("return window.__pwned === undefined")
    panel = browser.find_element(By.ID, "gm-panel").text
    assert "<script>window.__pwned = 1; alert(1)</script>" in panel  # shown as text
    browser.find_element(By.CSS_SELECTOR, '[data-stop="1"]').click()
    popup = _wait_for(browser, ".leaflet-popup-content")
    assert "onerror" in popup.text and not popup.find_elements(By.TAG_NAME, "img")
    others = browser.find_elements(By.CSS_SELECTOR, "path.leaflet-interactive")
    assert others
    assert browser.execute_script("return window.__pwned === undefined")
    assert not browser.find_elements(By.CSS_SELECTOR, "img[src='x']")


@pytest.mark.real_gazetteer
def test_embedded_page_works_in_its_iframe_and_sizes_it(browser, seed_page) -> None:
    from selenium.webdriver.common.by import By

    from geomap.render.html import embed_snippet

    host = seed_page.parent / "host.html"
    host.write_text(
        "<!DOCTYPE html><html><body><h1>Story</h1>"
        + embed_snippet(seed_page.name, title="Kim's train")
        + "</body></html>",
        encoding="utf-8",
    )
    browser.get(host.resolve().as_uri())
    frame = browser.find_element(By.TAG_NAME, "iframe")
    assert frame.get_attribute("title") == "Kim's train"
    deadline = time.time() + 20
    while time.time() < deadline and frame.value_of_css_property("height") == "600px":
        time.sleep(0.2)
    assert frame.value_of_css_property("height") != "600px"  # the page posted its height
    browser.switch_to.frame(frame)
    try:
        assert browser.find_elements(By.CSS_SELECTOR, ".gm-stop-icon")
    finally:
        browser.switch_to.default_content()


@pytest.mark.real_gazetteer
def test_seed_map_orients_the_reader_and_shows_leg_sources(browser, seed_page) -> None:
    from selenium.webdriver.common.by import By

    browser.set_window_size(1400, 900)
    logs = _open(browser, seed_page)
    assert _severe(logs) == []
    towns = [e.text for e in browser.find_elements(By.CSS_SELECTOR, ".gm-place-city")]
    countries = [e.text for e in browser.find_elements(By.CSS_SELECTOR, ".gm-place-country")]
    assert "Khabarovsk" in towns and "Harbin" in towns  # names around the route
    # Russia and China are named where the route runs, not only at their far-off centres.
    assert {"north korea", "russia", "china"} <= {name.casefold() for name in countries}
    stop_names = {"Pyongyang", "Khasan", "Vostochny"}
    assert not stop_names & set(towns)  # a stop is never a basemap label too
    # Zooming out hides the smaller towns.
    shown = len(towns)
    browser.execute_script(
        "Object.values(window).find(v => v instanceof L.Map).setZoom(3, {animate: false});"
    )
    time.sleep(0.5)
    assert len(browser.find_elements(By.CSS_SELECTOR, ".gm-place-city")) < shown
    panel = browser.find_element(By.ID, "gm-panel").text
    assert "by train, along the railway (OpenStreetMap)" in panel
    assert "inferred from the railway, not reported" in panel and "Khabarovsk" in panel
    credits = browser.find_element(By.CSS_SELECTOR, ".leaflet-control-attribution").text
    assert "OpenStreetMap contributors" in credits
    # A legend title is cut at a word, the whole title on hover.
    title = browser.find_elements(By.CSS_SELECTOR, "#gm-panel .gm-title")[0]
    assert title.text.endswith("…") and title.text[:-2] in title.get_attribute("title")
    assert len(title.get_attribute("title")) > len(title.text)


@pytest.mark.real_gazetteer
def test_layer_list_is_folded_on_a_phone(browser, seed_page) -> None:
    from selenium.webdriver.common.by import By

    try:
        browser.set_window_size(390, 844)
        _open(browser, seed_page)
        control = browser.find_element(By.CSS_SELECTOR, ".leaflet-control-layers")
        assert "leaflet-control-layers-expanded" not in control.get_attribute("class")
        browser.find_element(By.CSS_SELECTOR, ".leaflet-control-layers-toggle").click()
        assert "leaflet-control-layers-expanded" in control.get_attribute("class")
    finally:
        browser.set_window_size(1400, 900)
