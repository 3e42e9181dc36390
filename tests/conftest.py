"""Hypothesis profiles for the property-based tests: bounded in CI, long on demand.

``ci`` (the default) tries 200 examples per property, derandomised so every run tries the
same ones; ``long`` tries 5,000 random ones. Choose with ``HYPOTHESIS_PROFILE=long``.
Neither keeps an example database in the checkout; a failure prints its reproduction blob.
"""

from __future__ import annotations

import os

from hypothesis import HealthCheck, settings

settings.register_profile("ci", max_examples=200, deadline=None, derandomize=True, database=None,
                          print_blob=True, suppress_health_check=[HealthCheck.too_slow])
settings.register_profile("long", max_examples=5000, deadline=None, database=None, print_blob=True,
                          suppress_health_check=[HealthCheck.too_slow])
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))
