"""Import every model module so the metadata is complete (for migrations and schema checks)."""

from ansinh.core.audit import models as _audit  # noqa: F401
from ansinh.core.db import Base
from ansinh.core.security import models as _security  # noqa: F401
from ansinh.registry import models as _registry  # noqa: F401

metadata = Base.metadata
