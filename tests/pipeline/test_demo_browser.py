"""The real ``naql demo`` process, driven by a real browser: home → article → original link."""

from __future__ import annotations

import socket
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from tests.conftest import NAQL, require

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--no-first-run",
]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture
def demo_site(naql_env: dict[str, str], tmp_path: Path) -> Iterator[str]:
    port = _free_port()
    log = (tmp_path / "demo.log").open("w")
    proc = subprocess.Popen(
        [NAQL, "demo", "--port", str(port)], env=naql_env, stdout=log, stderr=subprocess.STDOUT
    )
    url = f"http://127.0.0.1:{port}/"
    try:
        deadline = time.monotonic() + 240
        last = "no answer"
        while time.monotonic() < deadline:
            if proc.poll() is not None:
                pytest.fail(f"naql demo exited {proc.returncode}: {(tmp_path / 'demo.log').read_text()}")
            try:
                status = httpx.get(url, timeout=5).status_code
                if status == 200:
                    break
                last = f"HTTP {status}"
            except httpx.HTTPError as e:
                last = repr(e)
            time.sleep(0.5)
        else:
            pytest.fail(f"naql demo did not serve its site within 240 s (last: {last})")
        yield url
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()
        log.close()


@pytest.mark.browser
@pytest.mark.slow
def test_demo_home_to_article_shows_attribution_and_original_link(
    demo_site: str, artifacts: Path
) -> None:
    require(CHROMIUM.exists(), "Debian's chromium (/usr/bin/chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        page = browser.new_page(viewport={"width": 1280, "height": 900}, locale="ar")
        page.goto(demo_site)
        assert page.locator("html").get_attribute("dir") == "rtl"
        assert page.locator("html").get_attribute("lang") == "ar"
        links = page.locator("a.title")
        assert links.count() >= 20, "the home page should list the newsroom's articles"
        page.screenshot(path=str(artifacts / "home.png"), full_page=False)
        # Follow articles until one from a full-text source (the demo has every policy).
        hrefs = [links.nth(i).get_attribute("href") for i in range(links.count())]
        seen_full = False
        for href in hrefs:
            page.goto(demo_site.rstrip("/") + str(href))
            if page.locator(".attribution.intro").count():
                seen_full = True
                break
        assert seen_full, "no full-text article among the home page's links"
        title = page.locator("article h1").inner_text()
        intro = page.locator(".attribution.intro").inner_text()
        assert title in intro
        assert "ونشكر المصدر الأصلي" in intro
        original = page.locator("a.original-link")
        href = original.get_attribute("href") or ""
        assert href.startswith("http://127.0.0.1:")
        assert href != page.url
        assert page.locator('link[rel="canonical"]').get_attribute("href") == href
        direction = page.locator(".article .body").evaluate("e => getComputedStyle(e).direction")
        assert direction == "rtl"
        page.screenshot(path=str(artifacts / "article.png"), full_page=True)
        # The original link really leads to the outlet's page with the same title.
        response = httpx.get(href, timeout=10)
        assert response.status_code == 200
        browser.close()
