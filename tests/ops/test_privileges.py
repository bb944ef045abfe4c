"""No privilege escalation through the user admin: an *admin* who may change users cannot make
anyone (least of all themselves) a superuser or an admin, hand out single permissions, edit the
roles' groups, or take over a superuser's account. A superuser can do all of it."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.auth.models import Group, Permission, User
from django.test import Client
from django.urls import reverse

from naql.ops.roles import ADMIN, EDITOR, NewAccount, create_account, role_of

from .conftest import PASSWORD

pytestmark = pytest.mark.django_db


def _form(user: User, **changes: Any) -> dict[str, Any]:
    """The POST the user change form sends for ``user``, with ``changes`` applied."""
    data: dict[str, Any] = {
        "username": user.username,
        "first_name": user.first_name,
        "last_name": user.last_name,
        "email": user.email,
        "is_active": "on",
        "is_staff": "on",
        "groups": [str(g.pk) for g in user.groups.all()],
        "last_login_0": "", "last_login_1": "",
        "date_joined_0": user.date_joined.strftime("%Y-%m-%d"),
        "date_joined_1": user.date_joined.strftime("%H:%M:%S"),
    }
    data.update(changes)
    return data


def _client(user: User) -> Client:
    client = Client()
    assert client.login(username=user.username, password=PASSWORD)
    return client


@pytest.fixture
def mudir() -> User:
    return create_account(NewAccount("mudir", ADMIN, password=PASSWORD))[0]


def _change(client: Client, user: User, **changes: Any) -> Any:
    return client.post(reverse("admin:auth_user_change", args=[user.pk]), _form(user, **changes))


def test_an_admin_cannot_make_themselves_superuser(mudir: User) -> None:
    client = _client(mudir)
    page = client.get(reverse("admin:auth_user_change", args=[mudir.pk]))
    assert page.status_code == 200
    assert b'name="is_superuser"' not in page.content  # shown read-only, not as a checkbox
    assert b'name="user_permissions"' not in page.content
    every = [str(p.pk) for p in Permission.objects.all()]
    response = _change(client, mudir, is_superuser="on", user_permissions=every)
    assert response.status_code == 302  # saved: the forged fields were simply ignored
    mudir.refresh_from_db()
    assert not mudir.is_superuser
    assert not mudir.user_permissions.exists()
    assert role_of(mudir) == ADMIN  # keeping their own role is fine


def test_an_admin_manages_editors_but_cannot_grant_the_admin_role(mudir: User) -> None:
    client = _client(mudir)
    editor = create_account(NewAccount("muharrir", EDITOR, password=PASSWORD))[0]
    admin_group = Group.objects.get(name=ADMIN)
    editor_group = Group.objects.get(name=EDITOR)
    page = client.get(reverse("admin:auth_user_change", args=[editor.pk]))
    assert page.status_code == 200
    assert f'value="{admin_group.pk}"'.encode() not in page.content
    assert "لا يمنح دور المدير إلا المشرف العام" in page.content.decode()
    refused = _change(client, editor, groups=[str(editor_group.pk), str(admin_group.pk)])
    assert refused.status_code == 200  # the form comes back with an error
    assert refused.context["adminform"].form.errors["groups"]
    editor.refresh_from_db()
    assert role_of(editor) == EDITOR
    # Ordinary account work still goes through.
    assert _change(client, editor, email="m@example.org").status_code == 302
    editor.refresh_from_db()
    assert editor.email == "m@example.org"
    assert role_of(editor) == EDITOR


def test_an_admin_cannot_take_over_a_superuser_or_edit_the_roles(mudir: User) -> None:
    root = User.objects.create_superuser("root", "root@example.org", PASSWORD)
    client = _client(mudir)
    view = client.get(reverse("admin:auth_user_change", args=[root.pk]))
    assert view.status_code == 200  # may look, read-only
    assert b'name="username"' not in view.content
    assert _change(client, root, email="evil@example.org").status_code == 403
    password_url = reverse("admin:auth_user_password_change", args=[root.pk])
    assert client.get(password_url).status_code == 403
    stolen = client.post(password_url, {"password1": "x" * 14, "password2": "x" * 14})
    assert stolen.status_code == 403
    root.refresh_from_db()
    assert root.check_password(PASSWORD)
    assert client.post(reverse("admin:auth_user_delete", args=[root.pk]),
                       {"post": "yes"}).status_code == 403
    assert User.objects.filter(pk=root.pk).exists()
    editor_group = Group.objects.get(name=EDITOR)
    before = set(editor_group.permissions.values_list("pk", flat=True))
    forged = client.post(
        reverse("admin:auth_group_change", args=[editor_group.pk]),
        {"name": EDITOR, "permissions": [str(p.pk) for p in Permission.objects.all()]},
    )
    assert forged.status_code == 403
    assert set(editor_group.permissions.values_list("pk", flat=True)) == before
    assert client.post(reverse("admin:auth_group_add"), {"name": "x"}).status_code == 403
    assert client.get(reverse("admin:auth_group_changelist")).status_code == 200  # may look


def test_a_superuser_may_grant_superuser_and_the_admin_role() -> None:
    root = User.objects.create_superuser("root", "root@example.org", PASSWORD)
    editor = create_account(NewAccount("muharrir", EDITOR, password=PASSWORD))[0]
    admin_group = Group.objects.get(name=ADMIN)
    response = _change(_client(root), editor, is_superuser="on", groups=[str(admin_group.pk)])
    assert response.status_code == 302
    editor.refresh_from_db()
    assert editor.is_superuser
    assert role_of(editor) == ADMIN


def test_the_admin_role_holds_every_permission_of_naql_apps_and_editors_do_not() -> None:
    from django.contrib.contenttypes.models import ContentType

    from naql.ops.roles import ensure_roles

    groups = ensure_roles()
    labels = {"sources", "news", "search", "subscriptions", "site"}
    installed = set(ContentType.objects.filter(app_label__in=labels)
                    .values_list("app_label", flat=True))
    assert {"sources", "news"} <= installed  # "site" joins once it has models (site settings)
    every = set(Permission.objects.filter(content_type__app_label__in=labels))
    assert every <= set(groups[ADMIN].permissions.all())
    editor = set(groups[EDITOR].permissions.all())
    assert not {p for p in editor if p.content_type.app_label in {"site", "subscriptions"}}
