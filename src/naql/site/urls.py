from django.urls import path

from naql.site import feed_views, sitemaps, views

app_name = "site"
urlpatterns = [
    path("", views.home, name="home"),
    path("article/<int:pk>/", views.article, name="article"),
    path("source/<str:slug>/", views.source, name="source"),
    path("source/<str:slug>/feed.<str:fmt>", feed_views.source_feed, name="source_feed"),
    path("section/<str:slug>/", views.section, name="section"),
    path("section/<str:slug>/feed.<str:fmt>", feed_views.section_feed, name="section_feed"),
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
