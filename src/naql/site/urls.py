r"""The public site's addresses. Slugs may be Arabic (``allow_unicode`` on the models), so
they match ``[-\w]+`` rather than Django's ASCII ``slug``; anything else (a NUL byte, which
PostgreSQL rejects) is a 404 before any query runs."""

from django.urls import path, register_converter

from naql.site import feed_views, sitemaps, views


class UnicodeSlug:
    regex = r"[-\w]+"

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: str) -> str:
        return value


register_converter(UnicodeSlug, "uslug")

app_name = "site"
urlpatterns = [
    path("", views.home, name="home"),
    path("article/<int:pk>/", views.article, name="article"),
    path("source/<uslug:slug>/", views.source, name="source"),
    path("source/<uslug:slug>/feed.<str:fmt>", feed_views.source_feed, name="source_feed"),
    path("section/<uslug:slug>/", views.section, name="section"),
    path("section/<uslug:slug>/feed.<str:fmt>", feed_views.section_feed, name="section_feed"),
    path("story/<int:pk>/", views.story, name="story"),
    path("story/<int:pk>/feed.<str:fmt>", feed_views.story_feed, name="story_feed"),
    path("search/", views.search, name="search"),
    path("about/", views.about, name="about"),
    path("feed.<str:fmt>", feed_views.site_feed, name="feed"),
    path("sitemap.xml", sitemaps.index, name="sitemap_index"),
    path("sitemap-pages.xml", sitemaps.pages, name="sitemap_pages"),
    path("sitemap-news.xml", sitemaps.news, name="sitemap_news"),
    path("sitemap-articles-<int:n>.xml", sitemaps.articles, name="sitemap_articles"),
    path("robots.txt", sitemaps.robots, name="robots"),
]
