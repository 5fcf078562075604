"""Import every model module so the metadata is complete (for migrations and schema checks)."""

from ansinh.benefits.claims import models as _claims  # noqa: F401
from ansinh.benefits.claims.batches import models as _claim_batches  # noqa: F401
from ansinh.contributions import models as _contributions  # noqa: F401
from ansinh.core.audit import models as _audit  # noqa: F401
from ansinh.core.db import Base
from ansinh.core.events import models as _events  # noqa: F401
from ansinh.core.security import models as _security  # noqa: F401
from ansinh.coverage import models as _coverage  # noqa: F401
from ansinh.documents import models as _documents  # noqa: F401
from ansinh.eid import models as _eid  # noqa: F401
from ansinh.health import models as _health  # noqa: F401
from ansinh.health.evidence import models as _evidence  # noqa: F401
from ansinh.lifeevents import models as _lifeevents  # noqa: F401
from ansinh.linkage import models as _linkage  # noqa: F401
from ansinh.nationalportal import models as _nationalportal  # noqa: F401
from ansinh.payments import models as _payments  # noqa: F401
from ansinh.portal import models as _portal  # noqa: F401
from ansinh.registry import models as _registry  # noqa: F401
from ansinh.services import models as _services  # noqa: F401
from ansinh.unemployment import models as _unemployment  # noqa: F401

metadata = Base.metadata
