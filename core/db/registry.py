"""Imports every model so `Base.metadata` is complete (Alembic, tests)."""

from core.accounts import models as _accounts  # noqa: F401
from core.activity import models as _activity  # noqa: F401
from core.audit import models as _audit  # noqa: F401
from core.calendar import models as _calendar  # noqa: F401
from core.conversation import models as _conversation  # noqa: F401
from core.db.base import Base
from core.documents import models as _documents  # noqa: F401
from core.drafts import models as _drafts  # noqa: F401
from core.invites import models as _invites  # noqa: F401
from core.meetings import models as _meetings  # noqa: F401
from core.members import models as _members  # noqa: F401
from core.minutes import models as _minutes  # noqa: F401
from core.notices import models as _notices  # noqa: F401
from core.org import models as _org  # noqa: F401
from core.outbox import models as _outbox  # noqa: F401
from core.quality import models as _quality  # noqa: F401
from core.reminders import models as _reminders  # noqa: F401
from core.tasks import models as _tasks  # noqa: F401
from core.votes import models as _votes  # noqa: F401

metadata = Base.metadata
