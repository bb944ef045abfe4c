from django.urls import path

from naql.site import views

app_name = "site"
urlpatterns = [
    path("", views.home, name="home"),
    path("article/<int:pk>/", views.article, name="article"),
    path("source/<str:slug>/", views.source, name="source"),
    path("section/<str:slug>/", views.section, name="section"),
    path("story/<int:pk>/", views.story, name="story"),
]
