"""Doctest namespace: examples in docstrings get the shipped reference data as REFERENCE."""

from __future__ import annotations

import pytest

from loaders.document import ReferenceData


@pytest.fixture(scope="session")
def reference_data() -> ReferenceData:
    """The authority file, gazetteer and concept scheme shipped in ontology/ (loaded once)."""
    return ReferenceData.default()


@pytest.fixture(autouse=True)
def _doctest_namespace(doctest_namespace: dict, reference_data: ReferenceData) -> None:
    doctest_namespace["REFERENCE"] = reference_data
