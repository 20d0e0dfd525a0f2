"""argon2id password hashing, kept off the event loop."""

from __future__ import annotations

import asyncio
import secrets

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError


class Argon2PasswordHasher:
    """argon2-cffi's defaults (RFC 9106 low-memory profile) unless told otherwise.

    Hashing takes tens of milliseconds of CPU, so it runs in a worker thread.
    """

    def __init__(self, *, time_cost: int | None = None, memory_cost: int | None = None) -> None:
        default = PasswordHasher()
        self._hasher = PasswordHasher(
            time_cost=time_cost or default.time_cost,
            memory_cost=memory_cost or default.memory_cost,
            parallelism=1 if memory_cost else default.parallelism,
        )
        # A real hash with the current parameters, so verifying against it for an unknown
        # email costs what verifying a real account's password costs.
        self._dummy_hash = self._hasher.hash(secrets.token_urlsafe(16))

    async def hash(self, password: str) -> str:
        return await asyncio.to_thread(self._hasher.hash, password)

    async def verify(self, password_hash: str, password: str) -> bool:
        def check() -> bool:
            try:
                return self._hasher.verify(password_hash, password)
            except (VerifyMismatchError, VerificationError, InvalidHashError):
                return False

        return await asyncio.to_thread(check)

    def needs_rehash(self, password_hash: str) -> bool:
        try:
            return self._hasher.check_needs_rehash(password_hash)
        except InvalidHashError:
            return True

    async def verify_dummy(self, password: str) -> None:
        await self.verify(self._dummy_hash, password)
