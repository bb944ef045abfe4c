"""The site in a real browser (Debian's chromium through Playwright), at a desktop and a phone
viewport: home → article → source → story → search, right-to-left, no horizontal scrolling on
the phone, attribution and links; and hostile article HTML that never runs."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Page, sync_playwright

from tests.conftest import require
from tests.site.hostile import PAYLOADS
from tests.site.newsroom import Newsroom, build, hostile

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

CHROMIUM = Path("/usr/bin/chromium")
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run"]  # fmt: skip
VIEWPORTS = {
    "desktop": {"viewport": {"width": 1280, "height": 900}},
    "phone": {"viewport": {"width": 375, "height": 740}, "is_mobile": True, "has_touch": True,
              "device_scale_factor": 2},
}  # fmt: skip


@pytest.fixture
def browser_page(request: pytest.FixtureRequest) -> Iterator[Page]:
    require(CHROMIUM.exists(), "chromium")
    options: dict[str, Any] = VIEWPORTS[request.param]
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        context = browser.new_context(locale="ar", **options)
        page = context.new_page()
        page.on("dialog", lambda d: pytest.fail(f"a dialog opened: {d.message}"))
        yield page
        browser.close()


def _check_layout(page: Page, phone: bool, direction: str = "rtl", lang: str = "ar") -> None:
    assert page.evaluate("document.documentElement.dir") == direction
    assert page.evaluate("document.documentElement.lang") == lang
    assert page.evaluate("getComputedStyle(document.body).direction") == direction
    assert page.locator("main").count() == 1
    assert page.locator("header.masthead").count() == 1
    if phone:
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= page.evaluate("window.innerWidth"), "horizontal scroll on the phone"


@pytest.mark.parametrize("browser_page", ["desktop", "phone"], indirect=True)
def test_reader_journey(
    newsroom_live: Newsroom, live_server: Any, browser_page: Page, artifacts: Path
) -> None:
    # data first: Django refuses database work once Playwright's event loop runs
    page, news = browser_page, newsroom_live
    phone = page.viewport_size is not None and page.viewport_size["width"] < 600
    page.goto(live_server.url + "/")
    _check_layout(page, phone)
    page.evaluate("document.fonts.ready")
    assert page.evaluate("document.fonts.check('16px \"Naql Naskh\"')")
    page.screenshot(path=str(artifacts / "1-home.png"), full_page=True)

    page.locator(".articles a.title", has_text=news.first.title).first.click()
    page.wait_for_load_state()
    assert page.url.endswith(f"/article/{news.first.pk}/")
    _check_layout(page, phone)
    body = page.locator(".article .body")
    assert body.evaluate("el => getComputedStyle(el).direction") == "rtl"
    assert "ونشكر المصدر الأصلي جريدة النص" in page.locator(".attribution.intro").inner_text()
    assert page.locator(".original-link").get_attribute("href") == news.first.url
    assert page.locator('link[rel="canonical"]').get_attribute("href") == news.first.url
    assert "صحيفة المقتطف" in page.locator(".copies").inner_text()
    page.screenshot(path=str(artifacts / "2-article.png"), full_page=True)

    page.locator(".article header .meta a", has_text="جريدة النص").click()
    page.wait_for_load_state()
    assert page.locator("h1").inner_text() == "جريدة النص"
    _check_layout(page, phone)
    page.screenshot(path=str(artifacts / "3-source.png"), full_page=True)

    page.go_back()
    page.locator("a.full-coverage").click()
    page.wait_for_load_state()
    assert page.url.endswith(f"/story/{news.story.pk}/")
    assert page.locator(".timeline li").count() == 4
    assert "جريدة النص" in page.locator(".first-reporter").inner_text()
    _check_layout(page, phone)
    page.screenshot(path=str(artifacts / "4-story.png"), full_page=True)

    page.fill("#q-top", "المفاوضات")
    page.locator(".search-box button").click()
    page.wait_for_load_state()
    assert "/search/?q=" in page.url
    assert page.locator(".results li").count() >= 3
    assert page.locator(".results mark").count() >= 1
    _check_layout(page, phone)
    page.screenshot(path=str(artifacts / "5-search.png"), full_page=True)


@pytest.mark.parametrize("browser_page", ["desktop", "phone"], indirect=True)
def test_english_pages_are_left_to_right_and_articles_stay_arabic(
    newsroom_live: Newsroom, live_server: Any, browser_page: Page, artifacts: Path
) -> None:
    page, news = browser_page, newsroom_live
    phone = page.viewport_size is not None and page.viewport_size["width"] < 600
    page.goto(live_server.url + "/")
    page.locator(".languages a", has_text="English").click()
    page.wait_for_load_state()
    _check_layout(page, phone, "ltr", "en")
    assert page.locator("h1").first.inner_text() == "Latest news"
    page.screenshot(path=str(artifacts / "1-home-en.png"), full_page=True)
    page.locator(".articles a.title", has_text=news.first.title).first.click()
    page.wait_for_load_state()
    _check_layout(page, phone, "ltr", "en")  # the choice is remembered
    body = page.locator(".article .body")
    assert body.evaluate("el => getComputedStyle(el).direction") == "rtl"
    assert page.locator(".original-link").inner_text() == "Original source: جريدة النص"
    page.screenshot(path=str(artifacts / "2-article-en.png"), full_page=True)
    page.locator(".languages a", has_text="العربية").click()
    page.wait_for_load_state()
    _check_layout(page, phone)


@pytest.fixture
def newsroom_live(transactional_db: None) -> Newsroom:
    return build()


@pytest.fixture
def hostile_url(transactional_db: None, live_server: Any) -> str:
    news = build()
    raw = "".join(PAYLOADS.values())  # stored unsanitized: the page must hold by itself
    return f"{live_server.url}/article/{hostile(news.full, raw, 'all-raw').pk}/"


@pytest.mark.parametrize("browser_page", ["desktop"], indirect=True)
def test_hostile_article_runs_no_script(
    hostile_url: str, browser_page: Page, artifacts: Path
) -> None:
    page = browser_page
    violations: list[str] = []
    page.on("console", lambda m: violations.append(m.text) if m.type == "error" else None)
    page.goto(hostile_url)
    page.wait_for_load_state("networkidle")
    for link in page.locator(".article .body a").all():
        href = link.get_attribute("href") or ""
        assert not href.lower().startswith("javascript"), href
    assert page.evaluate("typeof window.__pwned") == "undefined"
    assert (
        page.locator(".article .body svg, .article .body iframe, .article .body object").count()
        == 0
    )
    assert page.evaluate("getComputedStyle(document.body).display") != "none"
    page.screenshot(path=str(artifacts / "hostile.png"), full_page=True)
