"""Admin for what the pipeline produced: articles and stories (editors), entries (read-only).

Articles come only from ingestion, so nobody adds one here; an editor changes a title or a
section, and hides (takes down) or unhides. Hiding goes through ``naql.ops.moderation`` so the
search index and story counts follow in the same transaction.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.contrib import admin, messages
from django.db.models import QuerySet
from django.forms import ModelForm
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from naql.news.models import Article, Entry, Story
from naql.ops.moderation import merge_stories, refresh_story, set_hidden
from naql.sources.admin import URL_FIELDS

if TYPE_CHECKING:
    _ArticleAdmin = admin.ModelAdmin[Article]
    _StoryAdmin = admin.ModelAdmin[Story]
    _EntryAdmin = admin.ModelAdmin[Entry]
    _StoryArticleInline = admin.TabularInline[Article, Story]
    _ArticleForm = ModelForm[Article]
else:  # the admin classes are generic only to the type checker
    _ArticleAdmin = _StoryAdmin = _EntryAdmin = admin.ModelAdmin
    _StoryArticleInline = admin.TabularInline
    _ArticleForm = ModelForm


@admin.register(Article)
class ArticleAdmin(_ArticleAdmin):
    list_display = ("title", "source", "section", "published_at", "state", "hidden", "story")
    list_filter = ("hidden", "state", "source", "section", "published_at")
    search_fields = ("title", "url")
    date_hierarchy = "published_at"
    list_select_related = ("source", "section", "story")
    list_per_page = 50
    actions = ("hide", "unhide")
    formfield_overrides = URL_FIELDS
    fields = (
        "title", "section", "hidden", "url", "source", "author", "published_at", "fetched_at",
        "state", "story", "duplicate_of", "original_source", "original_url", "body_text",
    )
    readonly_fields = (
        "url", "source", "author", "published_at", "fetched_at", "state", "story",
        "duplicate_of", "original_source", "original_url", "body_text",
    )

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def save_model(self, request: HttpRequest, obj: Article, form: _ArticleForm,
                   change: bool) -> None:
        hidden = obj.hidden
        if change and "hidden" in form.changed_data:
            # Let moderation flip the flag so the index and the story follow it.
            obj.hidden = not hidden
            super().save_model(request, obj, form, change)
            set_hidden([obj], hidden)
            return
        super().save_model(request, obj, form, change)

    @admin.action(description=_("إخفاء المقالات المحددة (سحبها من الموقع)"),
                  permissions=["change"])
    def hide(self, request: HttpRequest, queryset: QuerySet[Article]) -> None:
        n = set_hidden(queryset, True)
        self.message_user(
            request, ngettext("أُخفي مقال واحد.", "أُخفيت %(n)d مقالات.", n) % {"n": n},
            messages.SUCCESS,
        )

    @admin.action(description=_("إظهار المقالات المحددة"), permissions=["change"])
    def unhide(self, request: HttpRequest, queryset: QuerySet[Article]) -> None:
        n = set_hidden(queryset, False)
        self.message_user(
            request, ngettext("أُظهر مقال واحد.", "أُظهرت %(n)d مقالات.", n) % {"n": n},
            messages.SUCCESS,
        )


class StoryArticleInline(_StoryArticleInline):
    model = Article
    fk_name = "story"
    fields = ("title", "source", "published_at", "hidden")
    readonly_fields = ("title", "source", "published_at", "hidden")
    extra = 0
    can_delete = False
    show_change_link = True
    verbose_name_plural = _("مقالات القصة")

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Story)
class StoryAdmin(_StoryAdmin):
    list_display = ("title", "article_count", "source_count", "last_published_at")
    search_fields = ("title",)
    date_hierarchy = "last_published_at"
    fields = ("title", "article_count", "source_count", "first_published_at",
              "last_published_at")
    readonly_fields = ("article_count", "source_count", "first_published_at",
                       "last_published_at")
    inlines = (StoryArticleInline,)
    actions = ("merge",)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    @admin.action(description=_("دمج القصص المحددة في أقدمها"), permissions=["change"])
    def merge(self, request: HttpRequest, queryset: QuerySet[Story]) -> None:
        stories = list(queryset.order_by("first_published_at", "id"))
        if len(stories) < 2:
            self.message_user(request, _("اختر قصتين على الأقل للدمج."), messages.WARNING)
            return
        target = stories[0]
        for other in stories[1:]:
            merge_stories(target, other)
        refresh_story(target.pk)
        self.message_user(
            request, _("دُمجت %(n)d قصص في «%(title)s».") % {"n": len(stories),
                                                               "title": target.title},
            messages.SUCCESS,
        )


@admin.register(Entry)
class EntryAdmin(_EntryAdmin):
    """Read-only: why a URL was not published (its state, reject reason and last error)."""

    list_display = ("url", "source", "state", "reject_reason", "attempts", "next_attempt_at")
    list_filter = ("state", "reject_reason", "source")
    search_fields = ("url", "feed_title")
    list_select_related = ("source",)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
