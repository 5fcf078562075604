"""The partner API's tests use the portal's synthetic province, e-ID sandbox and browser."""

from tests.portal.conftest import (  # noqa: F401 (fixtures)
    alice,
    bob,
    browser,
    eid,
    eid_app_key,
    population,
    portal_app,
    provider,
)
