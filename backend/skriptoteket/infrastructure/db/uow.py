"""The Unit of Work over one SQLAlchemy AsyncSession."""

from __future__ import annotations

from types import TracebackType
from typing import Self

from sqlalchemy.exc import DBAPIError, IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from skriptoteket.domain.errors import Conflict, Unavailable

from .engine import WROTE


class SqlAlchemyUnitOfWork:
    """Owns commit and rollback of the session the repositories of one container share.

    A unit that ends without commit() is rolled back, unless it only read: then it ends with
    COMMIT, which is the same to PostgreSQL but keeps psycopg's prepared statements (a
    ROLLBACK empties its cache, and every request would plan its statements anew). Whether it
    read only is known exactly: the engine marks the connection at every statement that may
    write (engine.may_write)."""

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
        if self._committed and exc is None:
            return
        if self._began_nothing():
            return  # its reads went to the read pool: nothing to end
        if exc is None and await self._only_read():
            await self.session.commit()
        else:
            await self.session.rollback()

    def _began_nothing(self) -> bool:
        session = self.session
        return session.sync_session.get_transaction() is None and not (
            session.new or session.dirty or session.deleted
        )

    async def _only_read(self) -> bool:
        session = self.session
        if session.new or session.dirty or session.deleted:
            return False
        transaction = session.sync_session.get_transaction()
        if transaction is None or not transaction.is_active:
            return False  # a failed flush: only a rollback ends it
        connection = await session.connection()  # the transaction's own, no round trip
        return not connection.info.get(WROTE)

    async def commit(self) -> None:
        if self._began_nothing():  # e.g. a token's use, counted in memory: no greenlet hop
            self._committed = True
            return
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
