"""Every setting naql reads from the environment is documented in the README."""

from __future__ import annotations

import re

from naql.settings import SETTINGS_HELP
from tests.conftest import ROOT


def test_every_setting_is_documented_in_the_readme() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    missing = [name for name in SETTINGS_HELP if f"`{name}`" not in readme]
    assert not missing, f"document these settings in README.md: {missing}"


def test_settings_module_reads_only_documented_variables() -> None:
    source = (ROOT / "src" / "naql" / "settings.py").read_text(encoding="utf-8")
    read = set(re.findall(r'_env\("([A-Z_]+)"', source)) | set(
        re.findall(r'os\.environ(?:\.get)?\(?\[?"([A-Z_]+)"', source)
    )
    assert read, "the pattern found no environment reads at all"
    assert read <= set(SETTINGS_HELP), read - set(SETTINGS_HELP)
