"""The page cache: hits answered before most middleware with no query, 304s without rendering,
precomputed compression with a working per-visitor CSRF token, and invalidation across
processes through the content version in the database."""

from __future__ import annotations

import gzip
import json
import re
import subprocess
import time
import urllib.request
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import brotli
import pytest
from django.core.cache.backends.locmem import LocMemCache
from django.db import transaction
from django.middleware.csrf import _unmask_cipher_token
from django.test import Client, RequestFactory
from django.urls import reverse

from naql.news.models import Article, StageState
from naql.news.signals import articles_published
from naql.ops.moderation import set_hidden
from naql.site import cache, views
from naql.site.cache import ContentClock, PageCache, csrf_token, read_content_version
from naql.site.http import secure
from naql.sources.models import Source
from tests.conftest import NAQL, run_naql
from tests.site.newsroom import Newsroom, add_article, build


class FrozenTime:
    """A monotonic clock that moves only when told to."""

    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def frozen(monkeypatch: pytest.MonkeyPatch) -> FrozenTime:
    """Freeze this process's content clock: the version is re-read only when time moves."""
    clock = FrozenTime()
    monkeypatch.setattr(cache.clock, "_now", clock)
    cache.clock.expire()
    return clock


def _token(html: str) -> str:
    found = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html)
    assert found is not None
    return found.group(1)


@pytest.mark.django_db
def test_a_hit_runs_no_query_and_no_view(
    client: Client, newsroom: Newsroom, frozen: FrozenTime, django_assert_num_queries: Any
) -> None:
    url = reverse("site:article", args=[newsroom.first.pk])
    first = client.get(url)
    assert first.status_code == 200
    with django_assert_num_queries(0):
        again = client.get(url)
    assert again.status_code == 200
    assert again.content == first.content.replace(
        _token(first.content.decode()).encode(), _token(again.content.decode()).encode()
    )
    assert again["ETag"] == first["ETag"]
    assert "script-src 'none'" in again["Content-Security-Policy"]
    assert again["Vary"] == "Cookie, Accept-Language, Accept-Encoding"
    assert again.cookies["csrftoken"].value  # the hit still gives the visitor a CSRF cookie


@pytest.mark.django_db
def test_conditional_get_is_answered_without_rendering(
    client: Client, newsroom: Newsroom, frozen: FrozenTime, django_assert_num_queries: Any
) -> None:
    url = reverse("site:article", args=[newsroom.first.pk])
    etag = client.get(url)["ETag"]
    with django_assert_num_queries(0):
        response = client.get(url, headers={"if-none-match": etag})
    assert response.status_code == 304
    assert response.content == b""
    assert response["ETag"] == etag


@pytest.mark.django_db
def test_precomputed_gzip_carries_a_working_token(newsroom: Newsroom) -> None:
    Client().get("/", headers={"accept-encoding": "gzip"})  # another visitor fills the cache
    visitor = Client(enforce_csrf_checks=True)
    response = visitor.get("/", headers={"accept-encoding": "gzip, deflate, br"})
    assert response["Content-Encoding"] == "gzip"  # the page has a token: gzip, spliced
    html = gzip.decompress(response.content).decode()  # checks the CRC and the length too
    assert '<html lang="ar" dir="rtl">' in html
    assert int(response["Content-Length"]) == len(response.content)
    posted = visitor.post(
        reverse("subscriptions:subscribe"),
        {"email": "reader@example.com", "csrfmiddlewaretoken": _token(html)},
    )
    assert posted.status_code != 403


@pytest.mark.django_db
def test_pages_without_a_token_are_precompressed_with_brotli(newsroom: Newsroom) -> None:
    url = reverse("site:feed", args=["atom"])
    plain = Client().get(url).content
    for _ in range(2):  # a miss, then a hit
        response = Client().get(url, headers={"accept-encoding": "gzip, br"})
        assert response["Content-Encoding"] == "br"
        assert brotli.decompress(response.content) == plain


def test_fast_csrf_tokens_are_djangos_tokens() -> None:
    request = RequestFactory().get("/")
    first, second = csrf_token(request), csrf_token(request)
    secret = request.META["CSRF_COOKIE"]
    assert first != second  # a fresh mask each time
    assert _unmask_cipher_token(first) == _unmask_cipher_token(second) == secret
    assert len(first) == 64
    assert request.META["CSRF_COOKIE_NEEDS_UPDATE"] is True


# --- invalidation across processes ---------------------------------------------------------


def _process(clock_time: FrozenTime) -> PageCache:
    """What another web process has: its own cache and its own knowledge of the version."""
    return PageCache(
        LocMemCache(f"other-{id(clock_time)}-{time.monotonic_ns()}", {}),
        ContentClock(interval=1.0, now=clock_time),
    )


def _serve(pages: PageCache, pk: int) -> int:
    request = RequestFactory().get(reverse("site:article", args=[pk]))
    lookup = pages.lookup(request)
    if pages.get(lookup) is not None:
        return 200
    try:
        response = views.article.__wrapped__(request, pk=pk)  # type: ignore[attr-defined]
    except Exception:  # Http404
        return 404
    pages.put(lookup, cache.build_page(secure(response), 60, lookup.language))
    return response.status_code


@pytest.mark.django_db(transaction=True)
def test_a_takedown_in_one_process_reaches_another_within_the_check_interval() -> None:
    newsroom = build()  # committed, as another process would see it
    time_a, time_b = FrozenTime(), FrozenTime()
    a, b = _process(time_a), _process(time_b)
    pk = newsroom.excerpted.pk
    assert (_serve(a, pk), _serve(b, pk)) == (200, 200)
    before = read_content_version()
    set_hidden([newsroom.excerpted], True)  # the admin's hide button, in a third process
    assert read_content_version() == before + 1
    assert _serve(a, pk) == 200  # a has not looked at the version yet: cached page, at most 1 s
    time_a.now += 1.0
    time_b.now += 1.0
    assert (_serve(a, pk), _serve(b, pk)) == (404, 404)


@pytest.mark.django_db(transaction=True)
def test_only_writes_readers_see_bump_the_version() -> None:
    newsroom = build()

    def bumps(change: Callable[[], object]) -> int:
        before = read_content_version()
        change()
        return read_content_version() - before

    source = newsroom.full
    assert bumps(lambda: add_article(source, "new", state=StageState.PENDING)) == 0  # not public
    article = Article.objects.get(url__endswith="/new")

    @transaction.atomic
    def publish() -> None:
        article.state = StageState.DONE
        article.save()
        article.story = newsroom.story
        article.save()

    assert bumps(publish) == 1  # once per transaction
    assert bumps(lambda: article.save(update_fields=["lease_until", "attempts"])) == 0

    def health() -> None:
        source.consecutive_failures += 1
        source.save(update_fields=["consecutive_failures", "last_error"])

    assert bumps(health) == 0
    assert bumps(lambda: Source.objects.get(pk=source.pk).save()) == 1  # the admin's form
    assert bumps(newsroom.story.save) == 1
    assert bumps(newsroom.linked.delete) == 1
    # the publish stage writes in plain SQL and says so after each committed chunk
    assert bumps(lambda: articles_published.send(sender=Article, count=3)) == 1


# --- two real processes: `naql serve` (gunicorn, 2 workers) and `naql articles hide` --------


@pytest.fixture
def served(naql_env: dict[str, str], tmp_path: Path) -> Iterator[tuple[str, dict[str, str]]]:
    rows = [
        {"url": f"https://a{i}.example/{i}", "source": f"outlet-{i}", "title": f"خبر رقم {i}",
         "body": f"نص الخبر {i} عن الاقتصاد والتجارة في المنطقة.\n\nفقرة ثانية {i} عن الأسواق.",
         "published": f"2026-11-2{i}T10:00:00+03:00"}
        for i in (1, 2)
    ]  # fmt: skip
    data = tmp_path / "in.jsonl"
    data.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in rows) + "\n", "utf-8")
    run_naql(naql_env, "import", str(data))
    port = 18500 + (hash(str(tmp_path)) % 400)
    log = (tmp_path / "serve.log").open("w")
    server = subprocess.Popen(
        [NAQL, "serve", "--port", str(port), "--workers", "2"],
        env=naql_env, stdout=log, stderr=subprocess.STDOUT,
    )  # fmt: skip
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 120
        while True:
            try:
                urllib.request.urlopen(base + "/", timeout=10).read()
                break
            except OSError:
                if time.monotonic() > deadline or server.poll() is not None:
                    pytest.fail((tmp_path / "serve.log").read_text())
                time.sleep(0.2)
        yield base, naql_env
    finally:
        server.terminate()
        server.wait(timeout=30)
        log.close()


@pytest.mark.postgres
@pytest.mark.slow
def test_takedown_by_another_process_reaches_every_gunicorn_worker(
    served: tuple[str, dict[str, str]],
) -> None:
    base, env = served
    articles = json.loads(run_naql(env, "articles", "--json").stdout)
    target = next(a for a in articles if a["url"].endswith("/1"))
    assert target["title"] in urllib.request.urlopen(base + "/", timeout=10).read().decode()
    for _ in range(20):  # both workers render and cache the home page
        urllib.request.urlopen(base + "/", timeout=10).read()
    run_naql(env, "articles", "hide", target["url"])
    # Each worker re-reads the content version at most a second later; before this change
    # they kept their cached home page for its whole 60 s lifetime.
    deadline = time.monotonic() + 20
    clean = 0
    while clean < 20:
        html = urllib.request.urlopen(base + "/", timeout=10).read().decode()
        clean = clean + 1 if target["title"] not in html else 0
        assert time.monotonic() < deadline, "a worker kept serving the hidden article"
        time.sleep(0.05)
