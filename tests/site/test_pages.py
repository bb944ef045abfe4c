"""The public pages through Django's test client, on SQLite and PostgreSQL."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from naql.news.models import StageState
from tests.site.newsroom import Newsroom, add_article

pytestmark = pytest.mark.django_db

NEVER = ("خبر محجوب لا يظهر أبدا", "خبر قيد المعالجة")


def _get(client: Client, url: str, status: int = 200) -> str:
    response = client.get(url)
    assert response.status_code == status, url
    html = response.content.decode()
    assert '<html lang="ar" dir="rtl">' in html
    for title in NEVER:
        assert title not in html, (url, title)
    return html


def test_home_lists_latest_and_top_stories(client: Client, newsroom: Newsroom) -> None:
    html = _get(client, "/")
    for a in (newsroom.first, newsroom.excerpted, newsroom.linked, newsroom.quiet_article):
        assert reverse("site:article", args=[a.pk]) in html
    assert reverse("site:article", args=[newsroom.copy.pk]) not in html
    top = html.split('id="top-h"', 1)[1].split("</section>", 1)[0]
    assert reverse("site:story", args=[newsroom.story.pk]) in top
    assert "٣ مصادر" in top  # three outlets: the hidden article's outlet is counted once


def test_full_article_has_attribution_body_and_canonical(
    client: Client, newsroom: Newsroom
) -> None:
    html = _get(client, reverse("site:article", args=[newsroom.first.pk]))
    assert f'<link rel="canonical" href="{newsroom.first.url}">' in html
    assert "ونشكر المصدر الأصلي جريدة النص على النشر" in html
    assert "والمصدر الأصلي جريدة النص هو المعني" in html
    assert "الجولة المقبلة من المفاوضات" in html  # the second paragraph: the full body
    assert f'class="original-link" href="{newsroom.first.url}"' in html
    copies = html.split('id="copies-h"', 1)[1].split("</section>", 1)[0]
    assert newsroom.copy.url in copies
    assert "صحيفة المقتطف" in copies
    assert "اكتشاف المزيد من" in html
    assert '"@type": "NewsArticle"' in html
    assert '<meta property="og:title"' in html


def test_excerpt_article_shows_first_paragraph_and_read_more(
    client: Client, newsroom: Newsroom
) -> None:
    html = _get(client, reverse("site:article", args=[newsroom.excerpted.pk]))
    assert "تناولت التعاون الاقتصادي وأمن الحدود" in html
    assert "الجولة المقبلة من المفاوضات" not in html
    assert (
        f'href="{newsroom.excerpted.url}" rel="noopener">اقرأ الخبر كاملًا في صحيفة المقتطف' in html
    )
    assert "ونشكر المصدر الأصلي" not in html
    assert f'rel="canonical" href="http://127.0.0.1:8000/article/{newsroom.excerpted.pk}/"' in html


def test_link_article_shows_title_and_link_only(client: Client, newsroom: Newsroom) -> None:
    html = _get(client, reverse("site:article", args=[newsroom.linked.pk]))
    body = html.split("</header>", 2)[2].split('class="original"', 1)[0]
    assert "التعاون الاقتصادي وأمن الحدود" not in html  # neither body nor description
    assert "ونشكر" not in body
    assert f'href="{newsroom.linked.url}"' in html


def test_source_override_and_noindex(client: Client, newsroom: Newsroom) -> None:
    newsroom.full.attribution_intro = "نقلًا عن {source}: «{title}»"
    newsroom.full.noindex = True
    newsroom.full.save()
    html = _get(client, reverse("site:article", args=[newsroom.first.pk]))
    assert f"نقلًا عن جريدة النص: «{newsroom.first.title}»" in html
    assert '<meta name="robots" content="noindex">' in html


def test_copy_redirects_to_original(client: Client, newsroom: Newsroom) -> None:
    response = client.get(reverse("site:article", args=[newsroom.copy.pk]))
    assert response.status_code == 301
    assert response["Location"] == reverse("site:article", args=[newsroom.first.pk])


@pytest.mark.parametrize("which", ["hidden", "pending"])
def test_unpublished_articles_are_not_found(client: Client, newsroom: Newsroom, which: str) -> None:
    html = _get(client, reverse("site:article", args=[getattr(newsroom, which).pk]), 404)
    assert "لم نجد هذه الصفحة" in html


def test_story_is_full_coverage_first_reporter_first(client: Client, newsroom: Newsroom) -> None:
    html = _get(client, reverse("site:story", args=[newsroom.story.pk]))
    timeline = html.split('class="timeline"', 1)[1].split("</ol>", 1)[0]
    order = [int(pk) for pk in re.findall(r'href="/article/(\d+)/"', timeline)]
    expected = [newsroom.first, newsroom.copy, newsroom.excerpted, newsroom.linked]
    assert order == [a.pk for a in expected]
    assert "أول من نشر: <a" in html
    assert "جريدة النص" in html.split("أول من نشر:", 1)[1][:200]
    assert "من ٣ مصادر" in html


def test_story_with_only_hidden_articles_is_not_found(client: Client, newsroom: Newsroom) -> None:
    newsroom.story.articles.update(hidden=True)
    _get(client, reverse("site:story", args=[newsroom.story.pk]), 404)


def test_source_page_hides_health(client: Client, newsroom: Newsroom) -> None:
    newsroom.excerpt.last_error = "ConnectTimeout internal detail"
    newsroom.excerpt.consecutive_failures = 7
    newsroom.excerpt.save()
    html = _get(client, reverse("site:source", args=[newsroom.excerpt.slug]))
    assert "وصف صحيفة المقتطف" in html
    assert "ConnectTimeout" not in html
    assert reverse("site:article", args=[newsroom.excerpted.pk]) in html
    assert reverse("site:article", args=[newsroom.first.pk]) not in html


def test_section_about_and_search(client: Client, newsroom: Newsroom) -> None:
    html = _get(client, reverse("site:section", args=["politics"]))
    assert reverse("site:article", args=[newsroom.linked.pk]) in html
    about = _get(client, reverse("site:about"))
    assert "مقتطف ورابط" in about
    assert "جريدة النص" in about
    found = _get(client, reverse("site:search") + "?q=المفاوضات")
    assert "<mark>" in found
    assert reverse("site:article", args=[newsroom.first.pk]) in found
    empty = _get(client, reverse("site:search") + "?q=كلمةغيرموجودةأبدا")
    assert "لا نتائج" in empty


def test_pagination(client: Client, newsroom: Newsroom) -> None:
    for n in range(35):
        add_article(newsroom.link, f"bulk-{n}", title=f"خبر رقم {n}")
    page1 = _get(client, "/")
    assert 'rel="next" href="?page=2"' in page1
    page2 = _get(client, "/?page=2")
    assert 'rel="prev" href="?page=1"' in page2
    assert "صفحة ٢ من ٢" in page2
    assert "صفحة ١ من ٢" in _get(client, "/?page=nonsense")


def test_unknown_pages_are_friendly_404s(client: Client, newsroom: Newsroom) -> None:
    for url in ("/no/such/page/", "/source/nobody/", "/story/999999/", "/feed.xml"):
        assert "لم نجد هذه الصفحة" in _get(client, url, 404)


def test_article_pending_again_disappears_from_home(client: Client, newsroom: Newsroom) -> None:
    newsroom.linked.state = StageState.FAILED
    newsroom.linked.save()
    assert reverse("site:article", args=[newsroom.linked.pk]) not in _get(client, "/")


def test_published_placeholder_is_an_arabic_date(client: Client, newsroom: Newsroom) -> None:
    newsroom.full.attribution_outro = "نُشر في {source} بتاريخ {published}."
    newsroom.full.save()
    html = _get(client, reverse("site:article", args=[newsroom.first.pk]))
    outro = html.split('class="attribution outro"', 1)[1].split("</p>", 1)[0]
    assert re.search(r"نُشر في جريدة النص بتاريخ [٠-٩]+ [^\s]+ [٠-٩]{4}\.", outro), outro


def test_server_error_page_is_arabic_and_needs_no_database(
    rf: Any, django_assert_num_queries: Any
) -> None:
    from naql.site.views import server_error

    with django_assert_num_queries(0):
        response = server_error(rf.get("/"))
    html = response.content.decode()
    assert response.status_code == 500
    assert '<html lang="ar" dir="rtl">' in html
    assert "حدث عطل مؤقت" in html
    assert "script-src 'none'" in response["Content-Security-Policy"]


def test_nul_bytes_are_not_found_not_server_errors(client: Client, newsroom: Newsroom) -> None:
    for url in ("/source/a%00b/", "/section/%00/", "/source/x%00/feed.rss"):
        assert client.get(url).status_code == 404, url
    assert client.get("/search/?q=%00").status_code == 200
