from http import HTTPStatus
from typing import Any
from urllib.parse import quote
from uuid import UUID

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.action_started import ActionStarted
from ...models.problem import Problem
from ...models.start_action_files_body import StartActionFilesBody
from ...models.start_action_json_body import StartActionJsonBody
from ...types import UNSET, Response, Unset


def _get_kwargs(
    session_id: UUID,
    *,
    body: StartActionJsonBody | StartActionFilesBody | Unset = UNSET,
    wait: int | None | Unset = UNSET,
    idempotency_key: str | Unset = UNSET,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}
    if not isinstance(idempotency_key, Unset):
        headers["Idempotency-Key"] = idempotency_key

    params: dict[str, Any] = {}

    json_wait: int | None | Unset
    if isinstance(wait, Unset):
        json_wait = UNSET
    else:
        json_wait = wait
    params["wait"] = json_wait

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/api/v1/sessions/{session_id}/actions".format(
            session_id=quote(str(session_id), safe=""),
        ),
        "params": params,
    }

    if isinstance(body, StartActionJsonBody):
        _kwargs["json"] = body.to_dict()

        headers["Content-Type"] = "application/json"
    if isinstance(body, StartActionFilesBody):
        _kwargs["files"] = body.to_multipart()

        headers["Content-Type"] = "multipart/form-data; boundary=+++"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> ActionStarted | Problem | None:
    if response.status_code == 200:
        response_200 = ActionStarted.from_dict(response.json())

        return response_200

    if response.status_code == 202:
        response_202 = ActionStarted.from_dict(response.json())

        return response_202

    if response.status_code == 400:
        response_400 = Problem.from_dict(response.json())

        return response_400

    if response.status_code == 401:
        response_401 = Problem.from_dict(response.json())

        return response_401

    if response.status_code == 404:
        response_404 = Problem.from_dict(response.json())

        return response_404

    if response.status_code == 408:
        response_408 = Problem.from_dict(response.json())

        return response_408

    if response.status_code == 409:
        response_409 = Problem.from_dict(response.json())

        return response_409

    if response.status_code == 413:
        response_413 = Problem.from_dict(response.json())

        return response_413

    if response.status_code == 415:
        response_415 = Problem.from_dict(response.json())

        return response_415

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
) -> Response[ActionStarted | Problem]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    session_id: UUID,
    *,
    client: AuthenticatedClient,
    body: StartActionJsonBody | StartActionFilesBody | Unset = UNSET,
    wait: int | None | Unset = UNSET,
    idempotency_key: str | Unset = UNSET,
) -> Response[ActionStarted | Problem]:
    """Take a pending action: 409 stale_action / state_conflict, 422 bad input

    Args:
        session_id (UUID):
        wait (int | None | Unset): Wait up to this many seconds (at most 60) for the run to end:
            200 with the finished run when it ends in time, else 202 with the run as it is then.
        idempotency_key (str | Unset):
        body (StartActionJsonBody):
        body (StartActionFilesBody):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ActionStarted | Problem]
    """

    kwargs = _get_kwargs(
        session_id=session_id,
        body=body,
        wait=wait,
        idempotency_key=idempotency_key,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    session_id: UUID,
    *,
    client: AuthenticatedClient,
    body: StartActionJsonBody | StartActionFilesBody | Unset = UNSET,
    wait: int | None | Unset = UNSET,
    idempotency_key: str | Unset = UNSET,
) -> ActionStarted | Problem | None:
    """Take a pending action: 409 stale_action / state_conflict, 422 bad input

    Args:
        session_id (UUID):
        wait (int | None | Unset): Wait up to this many seconds (at most 60) for the run to end:
            200 with the finished run when it ends in time, else 202 with the run as it is then.
        idempotency_key (str | Unset):
        body (StartActionJsonBody):
        body (StartActionFilesBody):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ActionStarted | Problem
    """

    return sync_detailed(
        session_id=session_id,
        client=client,
        body=body,
        wait=wait,
        idempotency_key=idempotency_key,
    ).parsed


async def asyncio_detailed(
    session_id: UUID,
    *,
    client: AuthenticatedClient,
    body: StartActionJsonBody | StartActionFilesBody | Unset = UNSET,
    wait: int | None | Unset = UNSET,
    idempotency_key: str | Unset = UNSET,
) -> Response[ActionStarted | Problem]:
    """Take a pending action: 409 stale_action / state_conflict, 422 bad input

    Args:
        session_id (UUID):
        wait (int | None | Unset): Wait up to this many seconds (at most 60) for the run to end:
            200 with the finished run when it ends in time, else 202 with the run as it is then.
        idempotency_key (str | Unset):
        body (StartActionJsonBody):
        body (StartActionFilesBody):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ActionStarted | Problem]
    """

    kwargs = _get_kwargs(
        session_id=session_id,
        body=body,
        wait=wait,
        idempotency_key=idempotency_key,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    session_id: UUID,
    *,
    client: AuthenticatedClient,
    body: StartActionJsonBody | StartActionFilesBody | Unset = UNSET,
    wait: int | None | Unset = UNSET,
    idempotency_key: str | Unset = UNSET,
) -> ActionStarted | Problem | None:
    """Take a pending action: 409 stale_action / state_conflict, 422 bad input

    Args:
        session_id (UUID):
        wait (int | None | Unset): Wait up to this many seconds (at most 60) for the run to end:
            200 with the finished run when it ends in time, else 202 with the run as it is then.
        idempotency_key (str | Unset):
        body (StartActionJsonBody):
        body (StartActionFilesBody):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ActionStarted | Problem
    """

    return (
        await asyncio_detailed(
            session_id=session_id,
            client=client,
            body=body,
            wait=wait,
            idempotency_key=idempotency_key,
        )
    ).parsed
