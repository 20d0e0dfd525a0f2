from http import HTTPStatus
from typing import Any
from uuid import UUID

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.list_runs_scope import ListRunsScope
from ...models.problem import Problem
from ...models.run_page import RunPage
from ...models.run_status import RunStatus
from ...types import UNSET, Response, Unset


def _get_kwargs(
    *,
    scope: ListRunsScope | Unset = ListRunsScope.MINE,
    user_id: None | Unset | UUID = UNSET,
    tool: None | str | Unset = UNSET,
    status: None | RunStatus | Unset = UNSET,
    since: None | str | Unset = UNSET,
    until: None | str | Unset = UNSET,
    limit: int | Unset = 50,
    offset: int | Unset = 0,
) -> dict[str, Any]:

    params: dict[str, Any] = {}

    json_scope: str | Unset = UNSET
    if not isinstance(scope, Unset):
        json_scope = scope.value

    params["scope"] = json_scope

    json_user_id: None | str | Unset
    if isinstance(user_id, Unset):
        json_user_id = UNSET
    elif isinstance(user_id, UUID):
        json_user_id = str(user_id)
    else:
        json_user_id = user_id
    params["user_id"] = json_user_id

    json_tool: None | str | Unset
    if isinstance(tool, Unset):
        json_tool = UNSET
    else:
        json_tool = tool
    params["tool"] = json_tool

    json_status: None | str | Unset
    if isinstance(status, Unset):
        json_status = UNSET
    elif isinstance(status, RunStatus):
        json_status = status.value
    else:
        json_status = status
    params["status"] = json_status

    json_since: None | str | Unset
    if isinstance(since, Unset):
        json_since = UNSET
    else:
        json_since = since
    params["since"] = json_since

    json_until: None | str | Unset
    if isinstance(until, Unset):
        json_until = UNSET
    else:
        json_until = until
    params["until"] = json_until

    params["limit"] = limit

    params["offset"] = offset

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/api/v1/runs",
        "params": params,
    }

    return _kwargs


def _parse_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Problem | RunPage | None:
    if response.status_code == 200:
        response_200 = RunPage.from_dict(response.json())

        return response_200

    if response.status_code == 400:
        response_400 = Problem.from_dict(response.json())

        return response_400

    if response.status_code == 401:
        response_401 = Problem.from_dict(response.json())

        return response_401

    if response.status_code == 403:
        response_403 = Problem.from_dict(response.json())

        return response_403

    if response.status_code == 422:
        response_422 = Problem.from_dict(response.json())

        return response_422

    if client.raise_on_unexpected_status:
        raise errors.UnexpectedStatus(response.status_code, response.content)
    else:
        return None


def _build_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Response[Problem | RunPage]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient,
    scope: ListRunsScope | Unset = ListRunsScope.MINE,
    user_id: None | Unset | UUID = UNSET,
    tool: None | str | Unset = UNSET,
    status: None | RunStatus | Unset = UNSET,
    since: None | str | Unset = UNSET,
    until: None | str | Unset = UNSET,
    limit: int | Unset = 50,
    offset: int | Unset = 0,
) -> Response[Problem | RunPage]:
    """My runs, newest first; admins: one user's (user_id) or everyone's (scope=all, failures first)

    Args:
        scope (ListRunsScope | Unset): all: every user's runs (admins), failures first Default:
            ListRunsScope.MINE.
        user_id (None | Unset | UUID):
        tool (None | str | Unset): A tool's slug
        status (None | RunStatus | Unset):
        since (None | str | Unset): An RFC 3339 time with its offset, e.g.
            2026-03-01T08:00:00+01:00
        until (None | str | Unset): An RFC 3339 time with its offset, e.g.
            2026-03-01T08:00:00+01:00
        limit (int | Unset): Page size (at most 200). Default: 50.
        offset (int | Unset): How many items to skip. Default: 0.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Problem | RunPage]
    """

    kwargs = _get_kwargs(
        scope=scope,
        user_id=user_id,
        tool=tool,
        status=status,
        since=since,
        until=until,
        limit=limit,
        offset=offset,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    *,
    client: AuthenticatedClient,
    scope: ListRunsScope | Unset = ListRunsScope.MINE,
    user_id: None | Unset | UUID = UNSET,
    tool: None | str | Unset = UNSET,
    status: None | RunStatus | Unset = UNSET,
    since: None | str | Unset = UNSET,
    until: None | str | Unset = UNSET,
    limit: int | Unset = 50,
    offset: int | Unset = 0,
) -> Problem | RunPage | None:
    """My runs, newest first; admins: one user's (user_id) or everyone's (scope=all, failures first)

    Args:
        scope (ListRunsScope | Unset): all: every user's runs (admins), failures first Default:
            ListRunsScope.MINE.
        user_id (None | Unset | UUID):
        tool (None | str | Unset): A tool's slug
        status (None | RunStatus | Unset):
        since (None | str | Unset): An RFC 3339 time with its offset, e.g.
            2026-03-01T08:00:00+01:00
        until (None | str | Unset): An RFC 3339 time with its offset, e.g.
            2026-03-01T08:00:00+01:00
        limit (int | Unset): Page size (at most 200). Default: 50.
        offset (int | Unset): How many items to skip. Default: 0.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Problem | RunPage
    """

    return sync_detailed(
        client=client,
        scope=scope,
        user_id=user_id,
        tool=tool,
        status=status,
        since=since,
        until=until,
        limit=limit,
        offset=offset,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient,
    scope: ListRunsScope | Unset = ListRunsScope.MINE,
    user_id: None | Unset | UUID = UNSET,
    tool: None | str | Unset = UNSET,
    status: None | RunStatus | Unset = UNSET,
    since: None | str | Unset = UNSET,
    until: None | str | Unset = UNSET,
    limit: int | Unset = 50,
    offset: int | Unset = 0,
) -> Response[Problem | RunPage]:
    """My runs, newest first; admins: one user's (user_id) or everyone's (scope=all, failures first)

    Args:
        scope (ListRunsScope | Unset): all: every user's runs (admins), failures first Default:
            ListRunsScope.MINE.
        user_id (None | Unset | UUID):
        tool (None | str | Unset): A tool's slug
        status (None | RunStatus | Unset):
        since (None | str | Unset): An RFC 3339 time with its offset, e.g.
            2026-03-01T08:00:00+01:00
        until (None | str | Unset): An RFC 3339 time with its offset, e.g.
            2026-03-01T08:00:00+01:00
        limit (int | Unset): Page size (at most 200). Default: 50.
        offset (int | Unset): How many items to skip. Default: 0.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Problem | RunPage]
    """

    kwargs = _get_kwargs(
        scope=scope,
        user_id=user_id,
        tool=tool,
        status=status,
        since=since,
        until=until,
        limit=limit,
        offset=offset,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient,
    scope: ListRunsScope | Unset = ListRunsScope.MINE,
    user_id: None | Unset | UUID = UNSET,
    tool: None | str | Unset = UNSET,
    status: None | RunStatus | Unset = UNSET,
    since: None | str | Unset = UNSET,
    until: None | str | Unset = UNSET,
    limit: int | Unset = 50,
    offset: int | Unset = 0,
) -> Problem | RunPage | None:
    """My runs, newest first; admins: one user's (user_id) or everyone's (scope=all, failures first)

    Args:
        scope (ListRunsScope | Unset): all: every user's runs (admins), failures first Default:
            ListRunsScope.MINE.
        user_id (None | Unset | UUID):
        tool (None | str | Unset): A tool's slug
        status (None | RunStatus | Unset):
        since (None | str | Unset): An RFC 3339 time with its offset, e.g.
            2026-03-01T08:00:00+01:00
        until (None | str | Unset): An RFC 3339 time with its offset, e.g.
            2026-03-01T08:00:00+01:00
        limit (int | Unset): Page size (at most 200). Default: 50.
        offset (int | Unset): How many items to skip. Default: 0.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Problem | RunPage
    """

    return (
        await asyncio_detailed(
            client=client,
            scope=scope,
            user_id=user_id,
            tool=tool,
            status=status,
            since=since,
            until=until,
            limit=limit,
            offset=offset,
        )
    ).parsed
