"""Importing this module registers every feature's commands, actions and flows."""

from core.invites import chat as _invites_chat  # noqa: F401
from core.meetings import chat as _meetings_chat  # noqa: F401
from core.meetings import schedule_flow as _schedule_flow  # noqa: F401
from core.notices import chat as _notices_chat  # noqa: F401
