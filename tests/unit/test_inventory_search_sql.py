"""The search statement builds without deprecated SQLAlchemy constructs (ARRAY.any() is
removed in a later SQLAlchemy) and still filters by capability with `= ANY(capabilities)`."""

from __future__ import annotations

import warnings

from sqlalchemy.dialects import postgresql

from services.inventory.domain import Capability
from services.inventory.holdings_repository import SearchFilters, search_query


def test_capability_filter_compiles_without_deprecation_warnings() -> None:
    filters = SearchFilters(
        number_type=None,
        capability=Capability.SMS,
        starts_with=None,
        contains=None,
        ends_with=None,
        limit=5,
        after_e164=None,
    )
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        compiled = search_query(filters).compile(dialect=postgresql.dialect())
    assert "= ANY (inventory.numbers.capabilities)" in str(compiled)
    assert Capability.SMS.value in compiled.params.values()
