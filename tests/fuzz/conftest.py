"""Hypothesis profiles for the fuzz suite: reproducible and bounded in CI, deeper on demand.

``ci`` (the default) draws the same examples on every run (``derandomize``), few
enough for the suite to stay within about a minute; ``deep`` draws many more,
randomly, for a hunt on a developer's machine:

    HYPOTHESIS_PROFILE=deep .venv/bin/pytest tests/fuzz
"""

from __future__ import annotations

import os

from hypothesis import HealthCheck, settings

_COMMON = {
    "deadline": None,  # one example ingests an edition: its time varies with the machine
    "suppress_health_check": [
        HealthCheck.too_slow,
        HealthCheck.data_too_large,
        HealthCheck.function_scoped_fixture,  # each example undoes its own writes
    ],
    "database": None,  # no .hypothesis folder in the repository
}
settings.register_profile("ci", max_examples=20, derandomize=True, **_COMMON)
settings.register_profile("deep", max_examples=500, **_COMMON)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))
