from __future__ import annotations

from pathlib import Path

import pytest

from courtops.core.actors import SYSTEM
from nodes.services import catalog_load

FIXTURE_LIBRARY = Path(__file__).parent / "library"


@pytest.fixture
def fixture_library(db):
    """The small test library (2 standards, 1 fragment, 1 template) loaded."""
    return catalog_load(actor=SYSTEM, root=FIXTURE_LIBRARY, complete=False)
