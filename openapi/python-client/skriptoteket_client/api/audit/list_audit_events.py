from http import HTTPStatus
from typing import Any
from uuid import UUID

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.audit_event_page_response import AuditEventPageResponse
from ...models.problem import Problem
from ...types import UNSET, Response, Unset


def _get_kwargs(
    *,
    action: None | str | Unset = UNSET,
    action_prefix: None | str | Unset = UNSET,
    actor_id: None | Unset | UUID = UNSET,
    subject_type: None | str | Unset = UNSET,
    subject_id: None | str | Unset = UNSET,
    since: None | str | Unset = UNSET,
    until: None | str | Unset = UNSET,
    limit: int | Unset = 50,
    offset: int | Unset = 0,
) -> dict[str, Any]:

    params: dict[str, Any] = {}

    json_action: None | str | Unset
    if isinstance(action, Unset):
        json_action = UNSET
    else:
        json_action = action
    params["action"] = json_action

    json_action_prefix: None | str | Unset
    if isinstance(action_prefix, Unset):
        json_action_prefix = UNSET
    else:
        json_action_prefix = action_prefix
    params["action_prefix"] = json_action_prefix

    json_actor_id: None | str | Unset
    if isinstance(actor_id, Unset):
        json_actor_id = UNSET
    elif isinstance(actor_id, UUID):
        json_actor_id = str(actor_id)
    else:
        json_actor_id = actor_id
    params["actor_id"] = json_actor_id

    json_subject_type: None | str | Unset
    if isinstance(subject_type, Unset):
        json_subject_type = UNSET
    else:
        json_subject_type = subject_type
    params["subject_type"] = json_subject_type

    json_subject_id: None | str | Unset
    if isinstance(subject_id, Unset):
        json_subject_id = UNSET
    else:
        json_subject_id = subject_id
    params["subject_id"] = json_subject_id

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
        "url": "/api/v1/audit-events",
        "params": params,
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> AuditEventPageResponse | Problem | None:
    if response.status_code == 200:
        response_200 = AuditEventPageResponse.from_dict(response.json())

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
) -> Response[AuditEventPageResponse | Problem]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient,
    action: None | str | Unset = UNSET,
    action_prefix: None | str | Unset = UNSET,
    actor_id: None | Unset | UUID = UNSET,
    subject_type: None | str | Unset = UNSET,
    subject_id: None | str | Unset = UNSET,
    since: None | str | Unset = UNSET,
    until: None | str | Unset = UNSET,
    limit: int | Unset = 50,
    offset: int | Unset = 0,
) -> Response[AuditEventPageResponse | Problem]:
    """Audit events, newest first, filtered by action, actor, subject or time

    Args:
        action (None | str | Unset):
        action_prefix (None | str | Unset): Events whose action starts with this, e.g. tool. or
            run.
        actor_id (None | Unset | UUID):
        subject_type (None | str | Unset):
        subject_id (None | str | Unset):
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
        Response[AuditEventPageResponse | Problem]
    """

    kwargs = _get_kwargs(
        action=action,
        action_prefix=action_prefix,
        actor_id=actor_id,
        subject_type=subject_type,
        subject_id=subject_id,
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
    action: None | str | Unset = UNSET,
    action_prefix: None | str | Unset = UNSET,
    actor_id: None | Unset | UUID = UNSET,
    subject_type: None | str | Unset = UNSET,
    subject_id: None | str | Unset = UNSET,
    since: None | str | Unset = UNSET,
    until: None | str | Unset = UNSET,
    limit: int | Unset = 50,
    offset: int | Unset = 0,
) -> AuditEventPageResponse | Problem | None:
    """Audit events, newest first, filtered by action, actor, subject or time

    Args:
        action (None | str | Unset):
        action_prefix (None | str | Unset): Events whose action starts with this, e.g. tool. or
            run.
        actor_id (None | Unset | UUID):
        subject_type (None | str | Unset):
        subject_id (None | str | Unset):
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
        AuditEventPageResponse | Problem
    """

    return sync_detailed(
        client=client,
        action=action,
        action_prefix=action_prefix,
        actor_id=actor_id,
        subject_type=subject_type,
        subject_id=subject_id,
        since=since,
        until=until,
        limit=limit,
        offset=offset,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient,
    action: None | str | Unset = UNSET,
    action_prefix: None | str | Unset = UNSET,
    actor_id: None | Unset | UUID = UNSET,
    subject_type: None | str | Unset = UNSET,
    subject_id: None | str | Unset = UNSET,
    since: None | str | Unset = UNSET,
    until: None | str | Unset = UNSET,
    limit: int | Unset = 50,
    offset: int | Unset = 0,
) -> Response[AuditEventPageResponse | Problem]:
    """Audit events, newest first, filtered by action, actor, subject or time

    Args:
        action (None | str | Unset):
        action_prefix (None | str | Unset): Events whose action starts with this, e.g. tool. or
            run.
        actor_id (None | Unset | UUID):
        subject_type (None | str | Unset):
        subject_id (None | str | Unset):
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
        Response[AuditEventPageResponse | Problem]
    """

    kwargs = _get_kwargs(
        action=action,
        action_prefix=action_prefix,
        actor_id=actor_id,
        subject_type=subject_type,
        subject_id=subject_id,
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
    action: None | str | Unset = UNSET,
    action_prefix: None | str | Unset = UNSET,
    actor_id: None | Unset | UUID = UNSET,
    subject_type: None | str | Unset = UNSET,
    subject_id: None | str | Unset = UNSET,
    since: None | str | Unset = UNSET,
    until: None | str | Unset = UNSET,
    limit: int | Unset = 50,
    offset: int | Unset = 0,
) -> AuditEventPageResponse | Problem | None:
    """Audit events, newest first, filtered by action, actor, subject or time

    Args:
        action (None | str | Unset):
        action_prefix (None | str | Unset): Events whose action starts with this, e.g. tool. or
            run.
        actor_id (None | Unset | UUID):
        subject_type (None | str | Unset):
        subject_id (None | str | Unset):
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
        AuditEventPageResponse | Problem
    """

    return (
        await asyncio_detailed(
            client=client,
            action=action,
            action_prefix=action_prefix,
            actor_id=actor_id,
            subject_type=subject_type,
            subject_id=subject_id,
            since=since,
            until=until,
            limit=limit,
            offset=offset,
        )
    ).parsed
