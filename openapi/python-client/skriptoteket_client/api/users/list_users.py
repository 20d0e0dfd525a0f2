from http import HTTPStatus
from typing import Any

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.list_users_role_type_1 import ListUsersRoleType1
from ...models.list_users_role_type_2_type_1 import ListUsersRoleType2Type1
from ...models.list_users_role_type_3_type_1 import ListUsersRoleType3Type1
from ...models.problem import Problem
from ...models.user_page_response import UserPageResponse
from ...types import UNSET, Response, Unset


def _get_kwargs(
    *,
    q: None | str | Unset = UNSET,
    role: ListUsersRoleType1 | ListUsersRoleType2Type1 | ListUsersRoleType3Type1 | None | Unset = UNSET,
    is_active: bool | None | Unset = UNSET,
    limit: int | Unset = 50,
    offset: int | Unset = 0,
) -> dict[str, Any]:

    params: dict[str, Any] = {}

    json_q: None | str | Unset
    if isinstance(q, Unset):
        json_q = UNSET
    else:
        json_q = q
    params["q"] = json_q

    json_role: None | str | Unset
    if isinstance(role, Unset):
        json_role = UNSET
    elif isinstance(role, ListUsersRoleType1):
        json_role = role.value
    elif isinstance(role, ListUsersRoleType2Type1):
        json_role = role.value
    elif isinstance(role, ListUsersRoleType3Type1):
        json_role = role.value
    else:
        json_role = role
    params["role"] = json_role

    json_is_active: bool | None | Unset
    if isinstance(is_active, Unset):
        json_is_active = UNSET
    else:
        json_is_active = is_active
    params["is_active"] = json_is_active

    params["limit"] = limit

    params["offset"] = offset

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/api/v1/users",
        "params": params,
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Problem | UserPageResponse | None:
    if response.status_code == 200:
        response_200 = UserPageResponse.from_dict(response.json())

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
) -> Response[Problem | UserPageResponse]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient,
    q: None | str | Unset = UNSET,
    role: ListUsersRoleType1 | ListUsersRoleType2Type1 | ListUsersRoleType3Type1 | None | Unset = UNSET,
    is_active: bool | None | Unset = UNSET,
    limit: int | Unset = 50,
    offset: int | Unset = 0,
) -> Response[Problem | UserPageResponse]:
    """Find users by email or name, role and activation

    Args:
        q (None | str | Unset): Part of email or name.
        role (ListUsersRoleType1 | ListUsersRoleType2Type1 | ListUsersRoleType3Type1 | None |
            Unset):
        is_active (bool | None | Unset):
        limit (int | Unset): Page size (at most 200). Default: 50.
        offset (int | Unset): How many items to skip. Default: 0.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Problem | UserPageResponse]
    """

    kwargs = _get_kwargs(
        q=q,
        role=role,
        is_active=is_active,
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
    q: None | str | Unset = UNSET,
    role: ListUsersRoleType1 | ListUsersRoleType2Type1 | ListUsersRoleType3Type1 | None | Unset = UNSET,
    is_active: bool | None | Unset = UNSET,
    limit: int | Unset = 50,
    offset: int | Unset = 0,
) -> Problem | UserPageResponse | None:
    """Find users by email or name, role and activation

    Args:
        q (None | str | Unset): Part of email or name.
        role (ListUsersRoleType1 | ListUsersRoleType2Type1 | ListUsersRoleType3Type1 | None |
            Unset):
        is_active (bool | None | Unset):
        limit (int | Unset): Page size (at most 200). Default: 50.
        offset (int | Unset): How many items to skip. Default: 0.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Problem | UserPageResponse
    """

    return sync_detailed(
        client=client,
        q=q,
        role=role,
        is_active=is_active,
        limit=limit,
        offset=offset,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient,
    q: None | str | Unset = UNSET,
    role: ListUsersRoleType1 | ListUsersRoleType2Type1 | ListUsersRoleType3Type1 | None | Unset = UNSET,
    is_active: bool | None | Unset = UNSET,
    limit: int | Unset = 50,
    offset: int | Unset = 0,
) -> Response[Problem | UserPageResponse]:
    """Find users by email or name, role and activation

    Args:
        q (None | str | Unset): Part of email or name.
        role (ListUsersRoleType1 | ListUsersRoleType2Type1 | ListUsersRoleType3Type1 | None |
            Unset):
        is_active (bool | None | Unset):
        limit (int | Unset): Page size (at most 200). Default: 50.
        offset (int | Unset): How many items to skip. Default: 0.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Problem | UserPageResponse]
    """

    kwargs = _get_kwargs(
        q=q,
        role=role,
        is_active=is_active,
        limit=limit,
        offset=offset,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient,
    q: None | str | Unset = UNSET,
    role: ListUsersRoleType1 | ListUsersRoleType2Type1 | ListUsersRoleType3Type1 | None | Unset = UNSET,
    is_active: bool | None | Unset = UNSET,
    limit: int | Unset = 50,
    offset: int | Unset = 0,
) -> Problem | UserPageResponse | None:
    """Find users by email or name, role and activation

    Args:
        q (None | str | Unset): Part of email or name.
        role (ListUsersRoleType1 | ListUsersRoleType2Type1 | ListUsersRoleType3Type1 | None |
            Unset):
        is_active (bool | None | Unset):
        limit (int | Unset): Page size (at most 200). Default: 50.
        offset (int | Unset): How many items to skip. Default: 0.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Problem | UserPageResponse
    """

    return (
        await asyncio_detailed(
            client=client,
            q=q,
            role=role,
            is_active=is_active,
            limit=limit,
            offset=offset,
        )
    ).parsed
