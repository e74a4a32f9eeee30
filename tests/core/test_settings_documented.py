"""Every setting in ``SETTINGS_HELP`` is in README's table, and the table holds no other."""

from __future__ import annotations

import re

from broadsheet.settings import SETTINGS_HELP
from tests.deploy.test_nginx import REPO


def test_readme_lists_exactly_the_settings():
    text = (REPO / "README.md").read_text("utf-8")
    table = text.split("## Configuration", 1)[1].split("\n## ", 1)[0]
    listed = re.findall(r"^\| `(\w+)` \|", table, re.M)
    assert sorted(listed) == sorted(SETTINGS_HELP)
    assert len(listed) == len(set(listed))


def test_the_security_settings_are_explained_in_the_deploy_guide():
    guide = (REPO / "docs" / "deploy.md").read_text("utf-8")
    for name in ("BROADSHEET_HTTPS", "BROADSHEET_HSTS_SECONDS", "BROADSHEET_LOGIN_FAILURE_LIMIT"):
        assert name in guide and name in SETTINGS_HELP
