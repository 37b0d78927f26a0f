"""Importing this module registers every feature's commands, actions and flows."""

from core.calendar import chat as _calendar_chat  # noqa: F401
from core.calendar import entry_flow as _calendar_entry_flow  # noqa: F401
from core.documents import chat_forward as _documents_forward  # noqa: F401
from core.documents import chat_library as _documents_library  # noqa: F401
from core.documents import chat_papers as _documents_papers  # noqa: F401
from core.documents import chat_upload as _documents_upload  # noqa: F401
from core.drafts import chat as _drafts_chat  # noqa: F401
from core.invites import chat as _invites_chat  # noqa: F401
from core.meetings import chat as _meetings_chat  # noqa: F401
from core.meetings import schedule_flow as _schedule_flow  # noqa: F401
from core.members import chat as _members_chat  # noqa: F401
from core.minutes import chat as _minutes_chat  # noqa: F401
from core.notices import chat as _notices_chat  # noqa: F401
from core.quality import chat as _quality_chat  # noqa: F401
from core.tasks import assign_flow as _tasks_assign_flow  # noqa: F401
from core.tasks import chat as _tasks_chat  # noqa: F401
from core.tasks import follow_chat as _tasks_follow_chat  # noqa: F401
from core.votes import chat as _votes_chat  # noqa: F401
from core.votes import open_flow as _votes_open_flow  # noqa: F401
