from http import HTTPStatus
from typing import Any
from urllib.parse import quote
from uuid import UUID

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.problem import Problem
from ...models.run_response import RunResponse
from ...types import UNSET, Response, Unset


def _get_kwargs(
    run_id: UUID,
    *,
    last_event_id: None | str | Unset = UNSET,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}
    if not isinstance(last_event_id, Unset):
        headers["Last-Event-ID"] = last_event_id

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/api/v1/runs/{run_id}/events".format(
            run_id=quote(str(run_id), safe=""),
        ),
    }

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Problem | RunResponse | None:
    if response.status_code == 200:
        response_200 = RunResponse.from_dict(response.text)

        return response_200

    if response.status_code == 400:
        response_400 = Problem.from_dict(response.json())

        return response_400

    if response.status_code == 401:
        response_401 = Problem.from_dict(response.json())

        return response_401

    if response.status_code == 404:
        response_404 = Problem.from_dict(response.json())

        return response_404

    if response.status_code == 422:
        response_422 = Problem.from_dict(response.json())

        return response_422

    if response.status_code == 429:
        response_429 = Problem.from_dict(response.json())

        return response_429

    if client.raise_on_unexpected_status:
        raise errors.UnexpectedStatus(response.status_code, response.content)
    else:
        return None


def _build_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Response[Problem | RunResponse]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    run_id: UUID,
    *,
    client: AuthenticatedClient,
    last_event_id: None | str | Unset = UNSET,
) -> Response[Problem | RunResponse]:
    """The run's live status as Server-Sent Events (current state, each change, the terminal run, then the
    stream closes)

     `text/event-stream`: every event is `event: run` with `data:` the Run (as GET /runs/{run_id}
    answers) and a numeric `id:`. Comments (`: keep-alive`) arrive every ~15 s on a quiet stream. A
    client reconnecting with `Last-Event-ID` gets the current state first (ids keep growing), never an
    older state after a newer one.

    Args:
        run_id (UUID):
        last_event_id (None | str | Unset): The id of the last event received, when reconnecting

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Problem | RunResponse]
    """

    kwargs = _get_kwargs(
        run_id=run_id,
        last_event_id=last_event_id,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    run_id: UUID,
    *,
    client: AuthenticatedClient,
    last_event_id: None | str | Unset = UNSET,
) -> Problem | RunResponse | None:
    """The run's live status as Server-Sent Events (current state, each change, the terminal run, then the
    stream closes)

     `text/event-stream`: every event is `event: run` with `data:` the Run (as GET /runs/{run_id}
    answers) and a numeric `id:`. Comments (`: keep-alive`) arrive every ~15 s on a quiet stream. A
    client reconnecting with `Last-Event-ID` gets the current state first (ids keep growing), never an
    older state after a newer one.

    Args:
        run_id (UUID):
        last_event_id (None | str | Unset): The id of the last event received, when reconnecting

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Problem | RunResponse
    """

    return sync_detailed(
        run_id=run_id,
        client=client,
        last_event_id=last_event_id,
    ).parsed


async def asyncio_detailed(
    run_id: UUID,
    *,
    client: AuthenticatedClient,
    last_event_id: None | str | Unset = UNSET,
) -> Response[Problem | RunResponse]:
    """The run's live status as Server-Sent Events (current state, each change, the terminal run, then the
    stream closes)

     `text/event-stream`: every event is `event: run` with `data:` the Run (as GET /runs/{run_id}
    answers) and a numeric `id:`. Comments (`: keep-alive`) arrive every ~15 s on a quiet stream. A
    client reconnecting with `Last-Event-ID` gets the current state first (ids keep growing), never an
    older state after a newer one.

    Args:
        run_id (UUID):
        last_event_id (None | str | Unset): The id of the last event received, when reconnecting

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Problem | RunResponse]
    """

    kwargs = _get_kwargs(
        run_id=run_id,
        last_event_id=last_event_id,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    run_id: UUID,
    *,
    client: AuthenticatedClient,
    last_event_id: None | str | Unset = UNSET,
) -> Problem | RunResponse | None:
    """The run's live status as Server-Sent Events (current state, each change, the terminal run, then the
    stream closes)

     `text/event-stream`: every event is `event: run` with `data:` the Run (as GET /runs/{run_id}
    answers) and a numeric `id:`. Comments (`: keep-alive`) arrive every ~15 s on a quiet stream. A
    client reconnecting with `Last-Event-ID` gets the current state first (ids keep growing), never an
    older state after a newer one.

    Args:
        run_id (UUID):
        last_event_id (None | str | Unset): The id of the last event received, when reconnecting

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Problem | RunResponse
    """

    return (
        await asyncio_detailed(
            run_id=run_id,
            client=client,
            last_event_id=last_event_id,
        )
    ).parsed
