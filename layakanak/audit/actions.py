"""Writing audit events. Called by every action, inside the action's transaction."""

from __future__ import annotations

from typing import Any, cast

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser

from layakanak.audit.models import AuditEvent

Actor = AbstractBaseUser | AnonymousUser | str | None


def user_of(actor: Actor) -> Any:
    """The user behind an actor, or None when the actor is a label such as a command."""
    return cast(Any, actor) if isinstance(actor, AbstractBaseUser) else None


def actor_name(actor: Actor) -> str:
    """The name to show for an actor: a user's full name (or username), else its label."""
    user = user_of(actor)
    if user is None:
        return str(actor or "system")
    return str(getattr(user, "full_name", "") or user.get_username())


def record_event(
    action: str,
    *,
    actor: Actor,
    object_type: str = "",
    object_id: str = "",
    before: Any = None,
    after: Any = None,
    role: str = "",
    ip_address: str | None = None,
) -> AuditEvent:
    """Append one event. `actor` is a user, or a label such as "command:load_regions"."""
    user = user_of(actor)
    label = actor if isinstance(actor, str) else ("" if user else "system")
    return AuditEvent.objects.create(
        actor=user,
        actor_label=label,
        role=role,
        action=action,
        object_type=object_type,
        object_id=object_id,
        before=before,
        after=after,
        ip_address=ip_address,
    )
