from http import HTTPStatus
from typing import Any

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.problem import Problem
from ...models.usage_response import UsageResponse
from ...types import UNSET, Response, Unset


def _get_kwargs(
    *,
    since: None | str | Unset = UNSET,
    until: None | str | Unset = UNSET,
    tool: None | str | Unset = UNSET,
) -> dict[str, Any]:

    params: dict[str, Any] = {}

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

    json_tool: None | str | Unset
    if isinstance(tool, Unset):
        json_tool = UNSET
    else:
        json_tool = tool
    params["tool"] = json_tool

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/api/v1/stats/usage",
        "params": params,
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Problem | UsageResponse | None:
    if response.status_code == 200:
        response_200 = UsageResponse.from_dict(response.json())

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


def _build_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Response[Problem | UsageResponse]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient,
    since: None | str | Unset = UNSET,
    until: None | str | Unset = UNSET,
    tool: None | str | Unset = UNSET,
) -> Response[Problem | UsageResponse]:
    """Runs per tool and week, distinct users, failure rate, p50/p95 duration (admins)

    Args:
        since (None | str | Unset): An RFC 3339 time with its offset, e.g.
            2026-03-01T08:00:00+01:00
        until (None | str | Unset): An RFC 3339 time with its offset, e.g.
            2026-03-01T08:00:00+01:00
        tool (None | str | Unset): Only this tool's runs

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Problem | UsageResponse]
    """

    kwargs = _get_kwargs(
        since=since,
        until=until,
        tool=tool,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    *,
    client: AuthenticatedClient,
    since: None | str | Unset = UNSET,
    until: None | str | Unset = UNSET,
    tool: None | str | Unset = UNSET,
) -> Problem | UsageResponse | None:
    """Runs per tool and week, distinct users, failure rate, p50/p95 duration (admins)

    Args:
        since (None | str | Unset): An RFC 3339 time with its offset, e.g.
            2026-03-01T08:00:00+01:00
        until (None | str | Unset): An RFC 3339 time with its offset, e.g.
            2026-03-01T08:00:00+01:00
        tool (None | str | Unset): Only this tool's runs

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Problem | UsageResponse
    """

    return sync_detailed(
        client=client,
        since=since,
        until=until,
        tool=tool,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient,
    since: None | str | Unset = UNSET,
    until: None | str | Unset = UNSET,
    tool: None | str | Unset = UNSET,
) -> Response[Problem | UsageResponse]:
    """Runs per tool and week, distinct users, failure rate, p50/p95 duration (admins)

    Args:
        since (None | str | Unset): An RFC 3339 time with its offset, e.g.
            2026-03-01T08:00:00+01:00
        until (None | str | Unset): An RFC 3339 time with its offset, e.g.
            2026-03-01T08:00:00+01:00
        tool (None | str | Unset): Only this tool's runs

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Problem | UsageResponse]
    """

    kwargs = _get_kwargs(
        since=since,
        until=until,
        tool=tool,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient,
    since: None | str | Unset = UNSET,
    until: None | str | Unset = UNSET,
    tool: None | str | Unset = UNSET,
) -> Problem | UsageResponse | None:
    """Runs per tool and week, distinct users, failure rate, p50/p95 duration (admins)

    Args:
        since (None | str | Unset): An RFC 3339 time with its offset, e.g.
            2026-03-01T08:00:00+01:00
        until (None | str | Unset): An RFC 3339 time with its offset, e.g.
            2026-03-01T08:00:00+01:00
        tool (None | str | Unset): Only this tool's runs

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Problem | UsageResponse
    """

    return (
        await asyncio_detailed(
            client=client,
            since=since,
            until=until,
            tool=tool,
        )
    ).parsed
