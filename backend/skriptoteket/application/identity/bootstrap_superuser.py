"""Create the first superuser, once: running it again changes nothing."""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from skriptoteket.domain.users import Role, User, normalize_email
from skriptoteket.protocols.clock import Clock
from skriptoteket.protocols.identity import PasswordHasher, UserRepository
from skriptoteket.protocols.uow import UnitOfWork


@dataclass(frozen=True, slots=True)
class BootstrapOutcome:
    user: User
    created: bool


class BootstrapSuperuser:
    def __init__(
        self, uow: UnitOfWork, users: UserRepository, hasher: PasswordHasher, clock: Clock
    ) -> None:
        self._uow = uow
        self._users = users
        self._hasher = hasher
        self._clock = clock

    async def __call__(
        self, email: str, password: str, display_name: str = "Administratör"
    ) -> BootstrapOutcome:
        email = normalize_email(email)
        async with self._uow:
            existing = await self._users.get_by_email(email)
            if existing is not None:
                return BootstrapOutcome(existing, created=False)
            user = User(
                id=uuid.uuid4(),
                email=email,
                display_name=display_name,
                role=Role.SUPERUSER,
                is_active=True,
                created_at=self._clock.now(),
            )
            await self._users.add(user, await self._hasher.hash(password))
            await self._uow.commit()
        return BootstrapOutcome(user, created=True)
