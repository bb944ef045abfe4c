"""The admin in Arabic, in a real browser: log in, add a demo outlet with the preview, ingest,
read its health, hide an article and see it gone from the public page (and the feed and the
sitemap where the site serves them)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

import httpx
import pytest
from django.db import connections
from django.urls import NoReverseMatch, reverse

from naql.demo.newsroom import Newsroom, load_sample
from naql.news.models import Article, StageState
from naql.news.stages import StageConfig, ingest_once
from naql.ops.roles import NewAccount, create_account
from naql.sources.models import Source
from tests.conftest import require

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--no-first-run",
]
PASSWORD = "correct-horse-battery"


@contextmanager
def _own_connections_closed() -> Iterator[None]:
    """Close the database connections opened inside the block, even when it fails.

    Why: under Playwright's sync API the block runs with its own context, and Django keeps
    connections per context, so the test's teardown does not see (or close) them and
    PostgreSQL then refuses to drop the test database."""
    try:
        yield
    finally:
        connections.close_all()


def _public_listings(base: str) -> dict[str, str]:
    """The site's feed and every sitemap, concatenated, if the site serves them."""
    found: dict[str, str] = {}
    try:
        feed = reverse("site:feed", kwargs={"fmt": "rss"})
        sitemap = reverse("site:sitemap_index")
    except NoReverseMatch:
        return found
    response = httpx.get(base + feed, timeout=30)
    if response.status_code == 200:
        found["feed"] = response.text
    index = httpx.get(base + sitemap, timeout=30)
    if index.status_code == 200:
        parts = [index.text]
        for loc in re.findall(r"<loc>([^<]+)</loc>", index.text):
            path = re.sub(r"^https?://[^/]+", "", loc)
            parts.append(httpx.get(base + path, timeout=30).text)
        found["sitemap"] = "\n".join(parts)
    return found


@pytest.mark.browser
@pytest.mark.slow
@pytest.mark.django_db(transaction=True)
def test_admin_in_arabic_add_source_see_health_hide_article(
    live_server: Any, artifacts: Path, settings: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    require(CHROMIUM.exists(), "Debian's chromium (/usr/bin/chromium)")
    from playwright.sync_api import sync_playwright

    # Playwright's sync API runs an event loop in this thread; the ORM calls below are plain
    # synchronous test code between browser steps.
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    settings.NAQL_HOST_DELAY = 0.0
    create_account(NewAccount("mudir", "admin", password=PASSWORD))
    base = live_server.url
    with (
        Newsroom(articles=load_sample()[:40], host="127.0.0.1") as room,
        sync_playwright() as p,
        _own_connections_closed(),
    ):
        outlet = next(o for o in room.outlets if not o.is_aggregator and o.feed_url)
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        page = browser.new_page(viewport={"width": 1280, "height": 900}, locale="ar")

        # Log in: the admin speaks Arabic, right to left.
        page.goto(base + "/admin/")
        assert "/admin/login/" in page.url
        assert page.locator("html").get_attribute("dir") == "rtl"
        assert page.locator("html").get_attribute("lang") == "ar"
        page.screenshot(path=str(artifacts / "1-login.png"))
        page.fill("#id_username", "mudir")
        page.fill("#id_password", PASSWORD)
        page.click("input[type=submit]")
        page.wait_for_url(base + "/admin/")
        assert page.locator("#ops-links").get_by_text("صحة المصادر").count() == 1

        # Add the outlet by its homepage: the preview shows its feed and three articles.
        page.click("text=إضافة مصدر مع معاينة")
        page.fill("#id_url", outlet.homepage)
        page.fill("#id_name", "مصدر تجريبي")
        page.select_option("#id_policy", "excerpt")  # full text is kept out of sitemaps
        page.click("input[name=preview]")
        page.wait_for_selector("#preview")
        served = {p.article.title for p in room.pages if p.outlet == outlet.slug}
        titles = page.locator("#preview .sample-title").all_inner_texts()
        assert len(titles) == 3
        assert set(titles) <= served
        assert outlet.feed_url in page.locator("#feeds").inner_text()
        assert Source.objects.count() == 0  # a preview stores nothing
        page.screenshot(path=str(artifacts / "2-preview.png"), full_page=True)
        page.click("input[name=save]")
        page.wait_for_url(re.compile(r".*/admin/sources/source/\d+/change/"))
        source = Source.objects.get()
        assert source.name == "مصدر تجريبي"
        assert source.policy == "excerpt"
        assert list(source.endpoints.values_list("url", flat=True)) == [outlet.feed_url]

        # Ingest, then read the source's health.
        report = ingest_once(StageConfig.from_settings())
        assert report.articles > 0
        page.goto(base + reverse("ops-dashboard"))
        row = page.locator(f"tr.source-row[data-slug='{source.slug}']")
        assert row.get_attribute("data-status") == "ok"
        assert int(row.locator(".articles-30d").inner_text()) == report.articles
        assert row.locator("svg.daily rect").count() == 30
        page.screenshot(path=str(artifacts / "3-health.png"), full_page=True)

        # Hide the newest article with the admin's bulk action.
        article = Article.objects.filter(
            state=StageState.DONE, duplicate_of__isnull=True
        ).order_by("-published_at", "-id").first()
        assert article is not None
        public = base + reverse("site:article", args=[article.pk])
        assert article.title in httpx.get(public, timeout=30).text
        before = _public_listings(base)
        for name, text in before.items():
            assert f"/article/{article.pk}/" in text, name
        query = urlencode({"q": article.url})
        page.goto(base + reverse("admin:news_article_changelist") + "?" + query)
        page.check(f"input[name=_selected_action][value='{article.pk}']")
        page.select_option("select[name=action]", "hide")
        page.click("button[name=index]")
        page.wait_for_selector(".messagelist .success")
        page.screenshot(path=str(artifacts / "4-hidden.png"), full_page=True)
        assert Article.objects.get(pk=article.pk).hidden

        # Gone from the public page, the home page, and the feed and sitemap.
        assert httpx.get(public, timeout=30).status_code == 404
        page.goto(base + "/")
        assert page.get_by_text(article.title, exact=True).count() == 0
        after = _public_listings(base)
        assert set(after) == set(before)
        for name, text in after.items():
            assert f"/article/{article.pk}/" not in text, name
        browser.close()
