"""The misbehaviour routes fetch tests rely on, over real HTTP."""

from __future__ import annotations

from collections.abc import Iterator

import httpx
import pytest

from naql.demo.newsroom import Newsroom, OutletInfo, load_sample


@pytest.fixture(scope="module")
def room() -> Iterator[Newsroom]:
    articles = [a for a in load_sample() if a.outlet in {"cnn_arabic", "alarabiya"}]
    with Newsroom(articles) as newsroom:
        yield newsroom


@pytest.fixture(scope="module")
def client() -> Iterator[httpx.Client]:
    with httpx.Client(timeout=10, trust_env=False, follow_redirects=False) as c:
        yield c


def cnn(room: Newsroom) -> OutletInfo:
    return room.outlet("cnn_arabic")


def test_redirect_chain_ends_at_the_page(room: Newsroom, client: httpx.Client) -> None:
    base = cnn(room).homepage
    first = client.get(base + "_quirks/redirect/3/robots.txt")
    assert first.status_code == 301
    assert first.headers["location"] == "/_quirks/redirect/2/robots.txt"
    with httpx.Client(trust_env=False, follow_redirects=True) as follow:
        final = follow.get(base + "_quirks/redirect/3/robots.txt")
    assert final.status_code == 200
    assert [r.status_code for r in final.history] == [301, 301, 301]
    assert final.text.startswith("User-agent: *")


def test_redirect_loop_never_ends(room: Newsroom) -> None:
    with httpx.Client(trust_env=False, follow_redirects=True, max_redirects=5) as follow, \
            pytest.raises(httpx.TooManyRedirects):
        follow.get(cnn(room).homepage + "_quirks/loop/a")


@pytest.mark.parametrize(("code", "retry"), [(429, "7"), (503, "2"), (500, None), (410, None)])
def test_status_codes_with_retry_after(
    room: Newsroom, client: httpx.Client, code: int, retry: str | None
) -> None:
    query = "?retry=7" if retry == "7" else ""
    response = client.get(f"{cnn(room).homepage}_quirks/status/{code}{query}")
    assert response.status_code == code
    assert response.headers.get("retry-after") == retry


def test_mislabelled_charset_serves_the_same_bytes(room: Newsroom, client: httpx.Client) -> None:
    page = next(p for p in room.pages if p.outlet == "cnn_arabic")
    path = page.url.split("/", 3)[3]
    honest = client.get(page.url)
    lying = client.get(f"{cnn(room).homepage}_quirks/charset/utf-8/{path}")
    unlabelled = client.get(f"{cnn(room).homepage}_quirks/charset/none/{path}")
    assert lying.content == honest.content == unlabelled.content
    assert lying.headers["content-type"] == "text/html; charset=utf-8"
    assert unlabelled.headers["content-type"] == "text/html"
    with pytest.raises(UnicodeDecodeError):
        lying.content.decode("utf-8")


def test_slow_and_sized_and_html_as_feed(room: Newsroom, client: httpx.Client) -> None:
    base = room.outlet("alarabiya").homepage
    slow = client.get(base + "_quirks/slow/50/robots.txt")
    assert slow.status_code == 200
    assert slow.text == client.get(base + "robots.txt").text
    big = client.get(base + "_quirks/size/100000")
    assert len(big.content) == 100000
    fake = client.get(base + "_quirks/as-feed/")
    assert fake.headers["content-type"] == "application/rss+xml"
    assert fake.content == client.get(base).content


def test_malformed_quirks_are_404(room: Newsroom, client: httpx.Client) -> None:
    base = cnn(room).homepage
    for path in ("_quirks/", "_quirks/status/abc", "_quirks/slow/10/nothing-here",
                 "_quirks/redirect/x/robots.txt", "_quirks/size/999999999999"):
        assert client.get(base + path).status_code == 404, path
