"""User and group admin without privilege escalation.

Django's stock user admin lets anyone who may change users tick "superuser" on their own
account, add themselves to any group, hand out single permissions, or reset a superuser's
password and log in as them. On a naql site the *admin* role manages accounts, so each of those
is a way for an admin to become more than an admin. Here only superusers may grant superuser
status, the admin role or single permissions, edit groups, or change a superuser's account;
admins keep managing editors (and other admins' details, without granting the role).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.contrib import admin
from django.contrib.auth.admin import GroupAdmin, UserAdmin
from django.contrib.auth.models import Group, User
from django.forms import ModelMultipleChoiceField
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from naql.ops.roles import ADMIN

if TYPE_CHECKING:
    _UserAdmin = UserAdmin[User]
else:  # generic only to the type checker
    _UserAdmin = UserAdmin

# Fields only a superuser may set: each one grants more than the admin role has.
SUPERUSER_ONLY = ("is_superuser", "user_permissions")


def _is_superuser(request: HttpRequest) -> bool:
    return bool(getattr(request.user, "is_superuser", False))


class SafeUserAdmin(_UserAdmin):
    """``UserAdmin`` where a non-superuser cannot grant superuser, the admin role or single
    permissions, and cannot change (or take over) a superuser's account."""

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> Any:
        fields = tuple(super().get_readonly_fields(request, obj))
        if _is_superuser(request):
            return fields
        return (*fields, *SUPERUSER_ONLY)

    def get_form(self, request: HttpRequest, obj: Any = None, change: bool = False,
                 **kwargs: Any) -> Any:
        form = super().get_form(request, obj, change=change, **kwargs)
        groups = form.base_fields.get("groups")
        if isinstance(groups, ModelMultipleChoiceField) and not _is_superuser(request):
            # The admin role can be kept (an admin editing another admin) but not granted.
            already = obj is not None and obj.groups.filter(name=ADMIN).exists()
            groups.queryset = Group.objects.all() if already else Group.objects.exclude(name=ADMIN)
            groups.help_text = str(groups.help_text) + " " + str(
                _("لا يمنح دور المدير إلا المشرف العام.")
            )
        return form

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        if obj is not None and obj.is_superuser and not _is_superuser(request):
            return False  # also guards the password-change page of that account
        return super().has_change_permission(request, obj)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        if obj is not None and obj.is_superuser and not _is_superuser(request):
            return False
        return super().has_delete_permission(request, obj)


class SafeGroupAdmin(GroupAdmin):
    """Groups carry the roles' permissions: only superusers may create or change them."""

    def has_add_permission(self, request: HttpRequest) -> bool:
        return _is_superuser(request)

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return _is_superuser(request)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return _is_superuser(request)


admin.site.unregister(User)
admin.site.unregister(Group)
admin.site.register(User, SafeUserAdmin)
admin.site.register(Group, SafeGroupAdmin)
