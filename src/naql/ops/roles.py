"""The two roles of a naql site and the accounts that hold them.

An *editor* moderates what is published: articles and stories (hide, unhide, edit the title and
section, merge). An *admin* also runs the site: sources, sections, subscribers and user accounts.
Roles are Django groups so the admin's own permission checks enforce them; ``ensure_roles`` is
idempotent, and re-running it after an upgrade grants the permissions of new models.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass

from django.contrib.auth.models import Group, Permission, User
from django.db import transaction
from django.db.models import Q

from naql.errors import InputError

EDITOR = "editor"
ADMIN = "admin"
ROLES = (EDITOR, ADMIN)

# (app_label, model) pairs.
_EDITOR_MODELS = (("news", "article"), ("news", "story"))
_EDITOR_VIEW_ONLY = (("sources", "section"),)
_ADMIN_APPS = ("sources", "news", "search", "subscriptions", "site")  # site: site settings
_ADMIN_AUTH_MODELS = (("auth", "user"), ("auth", "group"))


def _models_q(pairs: tuple[tuple[str, str], ...]) -> Q:
    q = Q(pk__in=[])
    for app, model in pairs:
        q |= Q(content_type__app_label=app, content_type__model=model)
    return q


def _editor_permissions() -> list[Permission]:
    # Change and view only: a takedown is hiding, so an editor never deletes what was ingested.
    full = Permission.objects.filter(
        _models_q(_EDITOR_MODELS), codename__regex=r"^(change|view)_"
    )
    view = Permission.objects.filter(_models_q(_EDITOR_VIEW_ONLY), codename__startswith="view_")
    return [*full, *view]


def _admin_permissions() -> list[Permission]:
    q = Q(content_type__app_label__in=_ADMIN_APPS) | _models_q(_ADMIN_AUTH_MODELS)
    return list(Permission.objects.filter(q))


@transaction.atomic
def ensure_roles() -> dict[str, Group]:
    """Create (or bring up to date) the editor and admin groups; returns them by role."""
    editor, _ = Group.objects.get_or_create(name=EDITOR)
    editor.permissions.set(_editor_permissions())
    admin, _ = Group.objects.get_or_create(name=ADMIN)
    admin.permissions.set(_admin_permissions())
    return {EDITOR: editor, ADMIN: admin}


@dataclass(frozen=True, slots=True)
class NewAccount:
    """An account to create: ``password`` None means generate one (returned to the caller)."""

    username: str
    role: str
    email: str = ""
    password: str | None = None
    superuser: bool = False


@transaction.atomic
def create_account(account: NewAccount) -> tuple[User, str]:
    """Create a staff user in the role's group; returns the user and the password it got."""
    if account.role not in ROLES:
        raise InputError(f"unknown role {account.role!r}; choose one of: {', '.join(ROLES)}")
    if not account.username.strip():
        raise InputError("give a user name")
    if User.objects.filter(username=account.username).exists():
        raise InputError(f"user {account.username!r} already exists; choose another name")
    password = account.password or secrets.token_urlsafe(12)
    user = User.objects.create_user(
        account.username, email=account.email, password=password, is_staff=True
    )
    if account.superuser:
        user.is_superuser = True
        user.save(update_fields=["is_superuser"])
    user.groups.add(ensure_roles()[account.role])
    return user, password


def role_of(user: User) -> str | None:
    """The user's naql role (admin wins over editor), or None for an account without one."""
    names = set(user.groups.values_list("name", flat=True))
    if user.is_superuser or ADMIN in names:
        return ADMIN
    return EDITOR if EDITOR in names else None
