"""The operator's side: health, metrics, roles, moderation and the admin's dashboard.

Everything here works whether or not ``naql.ops`` is in INSTALLED_APPS: it defines no models,
and its templates are found by ``naql.ops.templating`` even when the app loader cannot see them.
"""
