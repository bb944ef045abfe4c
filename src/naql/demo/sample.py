"""The bundled sample: real ANT corpus articles that the demo newsroom serves.

The file is read through ``importlib.resources`` so the sample works from a wheel as well as
from the source tree. Dates are parsed to aware datetimes once, here, so no template ever has
to guess a time zone.
"""

from __future__ import annotations

import gzip
import json
from dataclasses import dataclass
from datetime import datetime
from importlib import resources
from pathlib import Path

from naql.errors import InputError

SAMPLE_RESOURCE = "articles.jsonl.gz"


@dataclass(frozen=True, slots=True)
class SampleArticle:
    """One real article of the sample; ``url`` is the outlet's original address (metadata only).

    ``outlet`` is the ANT source key (``alarabiya``, ``bbc_arabic``, ``cnn_arabic``,
    ``france24_arabic``, ``skynews_arabia``, ``jawharafm``); ``body`` keeps the corpus text with
    paragraphs separated by a blank line; ``published`` is always time-zone aware.
    """

    id: str
    outlet: str
    title: str
    body: str
    published: datetime
    author: str
    category: str
    url: str

    @property
    def paragraphs(self) -> tuple[str, ...]:
        """The body's paragraphs, exactly as in the corpus (no empty ones)."""
        return tuple(p for p in self.body.split("\n\n") if p.strip())

    @property
    def slug(self) -> str:
        """An ASCII, URL-safe form of the id (``ant_multisource:AL-x-1-2018`` → ``al-x-1-2018``)."""
        return self.id.split(":", 1)[-1].lower()


def _parse(record: dict[str, str], where: str) -> SampleArticle:
    try:
        published = datetime.fromisoformat(record["published"])
        article = SampleArticle(
            id=record["id"],
            outlet=record["source"],
            title=record["title"],
            body=record["body"],
            published=published,
            author=record.get("author", ""),
            category=record.get("category", ""),
            url=record.get("url", ""),
        )
    except (KeyError, ValueError) as e:
        raise InputError(f"{where}: sample record is incomplete or malformed ({e})") from e
    if published.tzinfo is None:
        raise InputError(f"{where}: sample date {record['published']!r} has no time zone")
    return article


def load_sample(path: Path | None = None) -> tuple[SampleArticle, ...]:
    """Load the bundled sample (or a file in the same format), in publication order.

    Raises ``InputError`` when the file is missing or a record is malformed: a broken sample
    must stop the demo loudly rather than serve a silently smaller newsroom.
    """
    try:
        if path is None:
            raw = resources.files("naql.demo.data").joinpath(SAMPLE_RESOURCE).read_bytes()
            where = f"naql/demo/data/{SAMPLE_RESOURCE}"
        else:
            raw = path.read_bytes()
            where = str(path)
        text = gzip.decompress(raw).decode("utf-8")
    except (OSError, EOFError, UnicodeDecodeError) as e:
        raise InputError(f"cannot read the demo sample: {e}; rebuild it with "
                         "scripts/build_demo_sample.py") from e
    articles = []
    for n, line in enumerate(text.split("\n"), start=1):
        if line.strip():
            try:
                record = json.loads(line)
            except json.JSONDecodeError as e:
                raise InputError(f"{where}:{n}: not JSON ({e})") from e
            articles.append(_parse(record, f"{where}:{n}"))
    return tuple(sorted(articles, key=lambda a: (a.published, a.id)))
