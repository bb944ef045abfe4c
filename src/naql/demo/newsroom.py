"""The demo newsroom: each outlet of the sample served by its own local HTTP server.

``naql demo`` ingests it, and tests and benchmarks use it as the real HTTP world::

    with Newsroom(articles=load_sample()) as room:
        room.outlets    # OutletInfo per server: homepage, feed, sitemap, charset …
        room.pages      # ServedPage per article page (aggregator copies included)
        room.requests   # RequestLog: every request every server answered

Servers bind port 0 unless ``base_port`` is given (then outlet *i* gets ``base_port + i``, so
URLs stay the same across restarts, which a persistent demo database needs). ``hosts`` spreads
the servers over loopback addresses; ``Newsroom.many`` splits every outlet over many hosts for
benchmarks of per-host politeness. Only loopback addresses are accepted: the demo must stay
offline and never expose the outlets' articles to a network.
"""

from __future__ import annotations

import argparse
import ipaddress
import threading
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from types import TracebackType

from naql.demo.outlets import AGGREGATOR, NEWS_OUTLETS, OutletSpec
from naql.demo.sample import SampleArticle, load_sample
from naql.demo.server import OutletServer, RequestLog, RequestRecord
from naql.demo.site import OutletSite, Placement
from naql.demo.templates.common import stable_key
from naql.demo.views import Brand, Credit
from naql.errors import ConfigError

__all__ = ["Newsroom", "OutletInfo", "RequestLog", "RequestRecord", "SampleArticle",
           "ServedPage", "load_sample"]

AGGREGATOR_COPIES = 30
CREDIT_CHOICES = ("credit", "credit", "none")  # two copies in three name their source


@dataclass(frozen=True, slots=True)
class OutletInfo:
    """One running outlet server.

    ``sitemap_url`` is the outlet's Google News sitemap, None for outlets without one (every
    outlet also has a plain ``/sitemap.xml``, announced in its robots.txt). ``source`` is the
    sample outlet key the server's articles come from (differs from ``slug`` for shards).
    """

    slug: str
    name: str
    homepage: str
    feed_url: str | None
    sitemap_url: str | None
    charset: str
    is_aggregator: bool
    feed_type: str
    robots_url: str
    host: str
    port: int
    source: str


@dataclass(frozen=True, slots=True)
class ServedPage:
    """One article page: where it is served, what it shows, and for copies whose it is."""

    outlet: str
    url: str
    article: SampleArticle
    is_copy: bool
    original_url: str | None
    published: datetime
    credited: bool = False  # copies: whether the page names and links its source


@dataclass(frozen=True, slots=True)
class _Slot:
    """A server to start: which outlet spec, under which slug, with which articles."""

    spec: OutletSpec
    name: str
    source: str
    articles: tuple[SampleArticle, ...]


def _loopback(address: str) -> str:
    try:
        ip = ipaddress.ip_address(address)
    except ValueError as e:
        raise ConfigError(f"newsroom host {address!r} is not an IP address; use 127.0.0.x") from e
    if not ip.is_loopback:
        raise ConfigError(f"newsroom host {address} is not a loopback address: the demo serves "
                          "its articles on 127.0.0.x only")
    return address


def _spec_for(outlet: str) -> OutletSpec:
    """The spec of a sample outlet; an unknown outlet borrows a template by a stable choice."""
    for spec in NEWS_OUTLETS:
        if spec.slug == outlet:
            return spec
    borrowed = NEWS_OUTLETS[int(stable_key(outlet)[:4], 16) % len(NEWS_OUTLETS)]
    return replace(borrowed, slug=outlet, name=outlet, news_sitemap=False)


def _plan(articles: Sequence[SampleArticle], n_servers: int | None) -> list[_Slot]:
    """One slot per outlet, or ``n_servers`` slots dealing each outlet's articles over shards."""
    by_outlet: dict[str, list[SampleArticle]] = defaultdict(list)
    for a in sorted(articles, key=lambda a: (a.published, a.id)):
        by_outlet[a.outlet].append(a)
    known = [s.slug for s in NEWS_OUTLETS if s.slug in by_outlet]
    order = known + sorted(set(by_outlet) - set(known))
    if n_servers is None:
        return [_Slot(_spec_for(o), _spec_for(o).name, o, tuple(by_outlet[o])) for o in order]
    if n_servers < len(order):
        raise ConfigError(f"n_servers={n_servers} is fewer than the {len(order)} outlets; "
                          f"ask for at least {len(order)}")
    slots = []
    for j, outlet in enumerate(order):
        count = n_servers // len(order) + (j < n_servers % len(order))
        spec = _spec_for(outlet)
        for k in range(count):
            shard = tuple(by_outlet[outlet][k::count])
            slots.append(_Slot(replace(spec, slug=f"{outlet}-{k + 1:02d}"),
                               f"{spec.name} {k + 1}", outlet, shard))
    return slots


class Newsroom:
    """Starts and stops every outlet server; a context manager (``with Newsroom() as room``).

    Thread safety: ``outlets`` and ``pages`` are immutable once started; ``requests`` is
    written by server threads and safe to read at any time.
    """

    def __init__(
        self,
        articles: Sequence[SampleArticle] | None = None,
        host: str = "127.0.0.1",
        hosts: Sequence[str] | None = None,
        *,
        base_port: int | None = None,
        n_servers: int | None = None,
    ) -> None:
        self._articles = tuple(load_sample() if articles is None else articles)
        self._hosts = tuple(_loopback(h) for h in (hosts or (host,)))
        self._base_port = base_port
        self._n_servers = n_servers
        self._servers: list[OutletServer] = []
        self._threads: list[threading.Thread] = []
        self._outlets: tuple[OutletInfo, ...] = ()
        self._pages: tuple[ServedPage, ...] = ()
        self.requests = RequestLog()

    @classmethod
    def many(
        cls,
        articles: Sequence[SampleArticle] | None = None,
        n_hosts: int = 50,
        *,
        first_host: str = "127.0.0.2",
        base_port: int | None = None,
    ) -> Newsroom:
        """A newsroom whose outlets are split over ``n_hosts`` servers on consecutive loopback
        addresses from ``first_host`` (the aggregator gets the next address)."""
        start = ipaddress.ip_address(first_host)
        hosts = [str(start + i) for i in range(n_hosts + 1)]
        return cls(articles, hosts=hosts, base_port=base_port, n_servers=n_hosts)

    @property
    def outlets(self) -> tuple[OutletInfo, ...]:
        """Every running outlet server, news outlets first and the aggregator last."""
        return self._outlets

    @property
    def pages(self) -> tuple[ServedPage, ...]:
        """Every served article page, originals and aggregator copies."""
        return self._pages

    def outlet(self, slug: str) -> OutletInfo:
        """The outlet with this slug (``KeyError`` if there is none)."""
        for info in self._outlets:
            if info.slug == slug:
                return info
        raise KeyError(slug)

    def start(self) -> Newsroom:
        """Bind every server, render every site, then serve; all or nothing."""
        if self._servers:
            return self
        slots = _plan(self._articles, self._n_servers)
        if slots:
            slots.append(_Slot(AGGREGATOR, AGGREGATOR.name, AGGREGATOR.slug, ()))
        try:
            for i, slot in enumerate(slots):
                host = self._hosts[i % len(self._hosts)]
                port = 0 if self._base_port is None else self._base_port + i
                self._servers.append(OutletServer((host, port), slot.spec.slug, self.requests))
            self._build(slots)
        except BaseException:
            self.close()
            raise
        self._threads = [server.start() for server in self._servers]
        return self

    def close(self) -> None:
        """Stop every server and release its port."""
        for server, thread in zip(self._servers, self._threads, strict=False):
            server.shutdown()
            thread.join(timeout=5)
        for server in self._servers:
            server.server_close()
        self._servers.clear()
        self._threads.clear()

    def __enter__(self) -> Newsroom:
        return self.start()

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None,
                 trace: TracebackType | None) -> None:
        self.close()

    def _build(self, slots: list[_Slot]) -> None:
        outlets: list[OutletInfo] = []
        pages: list[ServedPage] = []
        originals: list[tuple[Placement, str]] = []  # (placement, outlet name)
        for slot, server in zip(slots, self._servers, strict=True):
            host, port = server.host, server.server_port
            base = f"http://{host}:{port}/"
            spec = slot.spec
            brand = Brand(spec.slug, slot.name, base, spec.charset, base + spec.feed_path[1:],
                          spec.feed_type)
            if spec.is_aggregator:
                placements = _copies(originals, base, spec)
            else:
                placements = [_place(a, base, spec) for a in slot.articles]
                originals += [(p, slot.name) for p in placements]
            server.site = OutletSite(spec, brand, placements)
            outlets.append(OutletInfo(
                slug=spec.slug, name=slot.name, homepage=base, feed_url=brand.feed_url,
                sitemap_url=base + "news-sitemap.xml" if spec.news_sitemap else None,
                charset=spec.charset, is_aggregator=spec.is_aggregator,
                feed_type=spec.feed_type, robots_url=base + "robots.txt", host=host, port=port,
                source=slot.source,
            ))
            pages += [ServedPage(spec.slug, p.url, p.article, spec.is_aggregator, p.original_url,
                                 p.published, p.credit is not None) for p in placements]
        self._outlets = tuple(outlets)
        self._pages = tuple(pages)


def _place(article: SampleArticle, base: str, spec: OutletSpec) -> Placement:
    local = article.published.astimezone(spec.tz)
    path = spec.path(article, local)
    return Placement(article, path, base + path[1:], local)


def _copies(originals: list[tuple[Placement, str]], base: str,
            spec: OutletSpec) -> list[Placement]:
    """The aggregator's picks: round-robin over source outlets in a stable shuffled order,
    each republished a few hours after the original, most of them credited."""
    by_source: dict[str, list[tuple[Placement, str]]] = defaultdict(list)
    for placement, name in sorted(originals, key=lambda o: stable_key(o[0].article.id)):
        by_source[placement.article.outlet].append((placement, name))
    chosen: list[tuple[Placement, str]] = []
    while len(chosen) < AGGREGATOR_COPIES and any(by_source.values()):
        for source in sorted(by_source):
            if by_source[source] and len(chosen) < AGGREGATOR_COPIES:
                chosen.append(by_source[source].pop(0))
    copies = []
    for original, name in chosen:
        a = original.article
        delay = timedelta(hours=2 + int(stable_key(a.id)[:2], 16) % 10)
        local = (original.published + delay).astimezone(spec.tz)
        path = spec.path(a, local)
        credited = stable_key(a.id + "credit")[0] in "0123456789a"  # about two in three
        credit = Credit(name, original.url) if credited else None
        copies.append(Placement(a, path, base + path[1:], local, credit, original.url))
    return copies


def main(argv: Sequence[str] | None = None) -> None:
    """Serve the bundled sample until interrupted and print where each outlet is."""
    parser = argparse.ArgumentParser(prog="python -m naql.demo.newsroom",
                                     description="Serve the demo newsroom on 127.0.0.1.")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--base-port", type=int, default=None,
                        help="outlet i listens on BASE_PORT + i (default: free ports)")
    args = parser.parse_args(argv)
    with Newsroom(host=args.host, base_port=args.base_port) as room:
        for o in room.outlets:
            extra = f"  news sitemap {o.sitemap_url}" if o.sitemap_url else ""
            print(f"{o.name}\t{o.homepage}\tfeed {o.feed_url}{extra}\t({o.charset})")
        print(f"{len(room.pages)} article pages. Ctrl-C to stop.", flush=True)
        try:
            threading.Event().wait()
        except KeyboardInterrupt:
            print("stopped")


if __name__ == "__main__":
    main()
