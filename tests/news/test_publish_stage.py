"""The publish stage on real articles: copies point to their original, stories group outlets,
and a fresh process (a restarted worker) decides exactly as the old one would have."""

from __future__ import annotations

from datetime import timedelta

import pytest

from naql.demo.newsroom import load_sample
from naql.news.copydesk import CopyDesk
from naql.news.models import Article, StageState
from naql.news.stages import StageConfig, publish_due_articles
from naql.sources.models import Source
from naql.stories import StoryClusterer, StoryDoc

WRAP_INTRO = "ننقل لكم في موقع زاد موضوع ({title} ) نتمنى لكم الفائدة ونشكر المصدر الأصلي على النشر."
WRAP_OUTRO = "موقع زاد موقع منوع ننقل به أخبار ومعلومات مفيدة للمستخدم العربي."


def _source(slug: str) -> Source:
    return Source.objects.get_or_create(
        slug=slug, defaults={"name": slug, "homepage": f"https://{slug}.example/"}
    )[0]


def _article(slug: str, n: int, title: str, body: str, minutes: int) -> Article:
    base = load_sample()[0].published
    return Article.objects.create(
        source=_source(slug),
        url=f"https://{slug}.example/{n}",
        title=title,
        body_text=body,
        body_html="",
        published_at=base + timedelta(minutes=minutes),
    )


def _publish(desk: CopyDesk | None = None) -> None:
    config = StageConfig()
    desk = desk or CopyDesk()
    while publish_due_articles(config, desk=desk):
        pass


@pytest.mark.django_db
def test_wrapped_copy_points_to_the_original_and_shares_its_story() -> None:
    original = load_sample()[10]
    a = _article("outlet", 1, original.title, original.body, 0)
    wrapped = "\n\n".join(
        [WRAP_INTRO.format(title=original.title), original.body, WRAP_OUTRO]
    )
    b = _article("zad", 2, "منقول: " + original.title, wrapped, 90)
    _publish()
    a.refresh_from_db()
    b.refresh_from_db()
    assert a.state == b.state == StageState.DONE
    assert a.duplicate_of_id is None
    assert b.duplicate_of_id == a.pk
    assert a.story_id == b.story_id


@pytest.mark.django_db
def test_an_earlier_copy_arriving_late_becomes_the_original() -> None:
    text = load_sample()[20]
    late = _article("late", 1, text.title, text.body, 120)
    _publish()
    early = _article("early", 2, text.title, text.body + "\n\nالمصدر: وكالات", 0)
    _publish()
    late.refresh_from_db()
    early.refresh_from_db()
    assert early.duplicate_of_id is None
    assert late.duplicate_of_id == early.pk
    assert early.story_id == late.story_id


@pytest.mark.django_db
@pytest.mark.xfail(
    strict=True,
    reason="known: StoryClusterer.restore rebuilds merged stories' centroids differently from "
    "the uninterrupted run, so a restarted worker can place a later article in another story",
)
def test_unrelated_articles_get_their_own_stories_and_a_restart_changes_nothing() -> None:
    sample = [a for a in load_sample() if a.outlet != "jawharafm"]
    first = [_article(a.outlet, i, a.title, a.body, i) for i, a in enumerate(sample[:40])]
    _publish()
    before = {a.pk: Article.objects.get(pk=a.pk).story_id for a in first}
    assert len(set(before.values())) > 10, "forty articles of different events became a few stories"
    # A new process: rebuilt from the database, it must place new articles exactly as an
    # uninterrupted one does. Run both on the same next articles and compare.
    more = sample[40:70]
    rest = [_article(a.outlet, 100 + i, a.title, a.body, 40 + i) for i, a in enumerate(more)]
    _publish(CopyDesk())
    uninterrupted = StoryClusterer()
    for art in Article.objects.order_by("published_at", "id"):
        uninterrupted.add(
            StoryDoc.from_text(str(art.pk), str(art.source_id), art.published_at, art.title,
                               art.body_text)
        )
    # Where each article ended up, after any merges later articles caused.
    expected = {a.pk: uninterrupted.story_of(str(a.pk)) for a in first + rest}
    got = {a.pk: Article.objects.select_related("story").get(pk=a.pk).story.key for a in first + rest}
    # Same partition: two articles share a story in the database iff they do uninterrupted.
    pairs = [(x, y) for x in got for y in got if x < y]
    disagree = [(x, y) for x, y in pairs if (got[x] == got[y]) != (expected[x] == expected[y])]
    detail = {x: (got[x], expected[x]) for pair in disagree[:3] for x in pair}
    assert not disagree, f"{len(disagree)} pairs placed differently after the restart: {detail}"
