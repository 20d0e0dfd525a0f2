"""The Unit of Work over one SQLAlchemy AsyncSession."""

from __future__ import annotations

from types import TracebackType
from typing import Self

from sqlalchemy.exc import DBAPIError, IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from skriptoteket.domain.errors import Conflict, Unavailable


class SqlAlchemyUnitOfWork:
    """Owns commit and rollback of the session the repositories of one container share."""

    def __init__(self, session: AsyncSession) -> None:
        self.session = session
        self._committed = False

    async def __aenter__(self) -> Self:
        self._committed = False
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        if not self._committed or exc is not None:
            await self.session.rollback()

    async def commit(self) -> None:
        try:
            await self.session.commit()
        except IntegrityError as exc:
            await self.session.rollback()
            raise Conflict() from exc
        except DBAPIError as exc:
            await self.session.rollback()
            if exc.connection_invalidated:
                raise Unavailable("The database connection was lost; try again.") from exc
            raise
        self._committed = True

    async def rollback(self) -> None:
        await self.session.rollback()
