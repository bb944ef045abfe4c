"""Hiding, merging and splitting keep the search index and the stories' counts true."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from naql.errors import InputError
from naql.news.models import Article, Story
from naql.ops.moderation import find_article, merge_stories, set_hidden, split_story
from naql.search.indexing import index_article
from naql.search.models import SearchDocument
from naql.sources.models import Source

pytestmark = pytest.mark.django_db


def test_hiding_removes_an_article_from_search_and_its_story_count(
    make_source: Callable[..., Source], make_article: Callable[..., Article]
) -> None:
    a = make_article(make_source("alpha"))
    b = make_article(make_source("beta"), story=a.story)
    for art in (a, b):
        index_article(art)
    assert SearchDocument.objects.count() == 2
    assert set_hidden([a], True) == 1
    assert set_hidden([a], True) == 0  # already hidden: nothing changes
    assert not SearchDocument.objects.filter(article_id=a.pk).exists()
    story = Story.objects.get(pk=a.story_id)
    assert (story.article_count, story.source_count) == (1, 1)
    set_hidden([Article.objects.get(pk=a.pk)], False)
    assert SearchDocument.objects.filter(article_id=a.pk).exists()
    story.refresh_from_db()
    assert (story.article_count, story.source_count) == (2, 2)


def test_find_article_by_id_or_url(
    make_source: Callable[..., Source], make_article: Callable[..., Article]
) -> None:
    a = make_article(make_source("alpha"), url="https://alpha.example/news/x")
    assert find_article(str(a.pk)) == a
    assert find_article("https://alpha.example/news/x?utm_source=feed") == a
    with pytest.raises(InputError, match="no such article"):
        find_article("999999")
    with pytest.raises(InputError, match="give an article id"):
        find_article("alpha.example/news/x")


def test_merge_then_split_moves_articles_and_recounts(
    make_source: Callable[..., Source], make_article: Callable[..., Article]
) -> None:
    a = make_article(make_source("alpha"))
    b = make_article(make_source("beta"))
    copy = make_article(make_source("gamma"), story=b.story, duplicate_of=b)
    story_a, story_b = a.story, b.story
    assert story_a is not None
    assert story_b is not None
    merged = merge_stories(story_a, story_b)
    assert not Story.objects.filter(pk=story_b.pk).exists()
    assert set(merged.articles.values_list("pk", flat=True)) == {a.pk, b.pk, copy.pk}
    assert (merged.article_count, merged.source_count) == (3, 3)
    assert merged.first_published_at == min(x.published_at for x in (a, b, copy))
    with pytest.raises(InputError, match="into itself"):
        merge_stories(merged, merged)
    new = split_story(merged, [Article.objects.get(pk=b.pk)])
    assert set(new.articles.values_list("pk", flat=True)) == {b.pk, copy.pk}  # copies follow
    merged.refresh_from_db()
    assert merged.article_count == 1
    with pytest.raises(InputError, match="not in story"):
        split_story(merged, [Article.objects.get(pk=b.pk)])
