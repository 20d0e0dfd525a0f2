from http import HTTPStatus
from typing import Any
from urllib.parse import quote
from uuid import UUID

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.maintainer_list import MaintainerList
from ...models.problem import Problem
from ...types import Response


def _get_kwargs(
    slug: str,
    user_id: UUID,
) -> dict[str, Any]:

    _kwargs: dict[str, Any] = {
        "method": "put",
        "url": "/api/v1/tools/{slug}/maintainers/{user_id}".format(
            slug=quote(str(slug), safe=""),
            user_id=quote(str(user_id), safe=""),
        ),
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> MaintainerList | Problem | None:
    if response.status_code == 200:
        response_200 = MaintainerList.from_dict(response.json())

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

    if response.status_code == 404:
        response_404 = Problem.from_dict(response.json())

        return response_404

    if response.status_code == 422:
        response_422 = Problem.from_dict(response.json())

        return response_422

    if client.raise_on_unexpected_status:
        raise errors.UnexpectedStatus(response.status_code, response.content)
    else:
        return None


def _build_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Response[MaintainerList | Problem]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    slug: str,
    user_id: UUID,
    *,
    client: AuthenticatedClient,
) -> Response[MaintainerList | Problem]:
    """Make a contributor a maintainer of the tool (maintainers, admins)

    Args:
        slug (str): The tool's slug
        user_id (UUID):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[MaintainerList | Problem]
    """

    kwargs = _get_kwargs(
        slug=slug,
        user_id=user_id,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    slug: str,
    user_id: UUID,
    *,
    client: AuthenticatedClient,
) -> MaintainerList | Problem | None:
    """Make a contributor a maintainer of the tool (maintainers, admins)

    Args:
        slug (str): The tool's slug
        user_id (UUID):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        MaintainerList | Problem
    """

    return sync_detailed(
        slug=slug,
        user_id=user_id,
        client=client,
    ).parsed


async def asyncio_detailed(
    slug: str,
    user_id: UUID,
    *,
    client: AuthenticatedClient,
) -> Response[MaintainerList | Problem]:
    """Make a contributor a maintainer of the tool (maintainers, admins)

    Args:
        slug (str): The tool's slug
        user_id (UUID):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[MaintainerList | Problem]
    """

    kwargs = _get_kwargs(
        slug=slug,
        user_id=user_id,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    slug: str,
    user_id: UUID,
    *,
    client: AuthenticatedClient,
) -> MaintainerList | Problem | None:
    """Make a contributor a maintainer of the tool (maintainers, admins)

    Args:
        slug (str): The tool's slug
        user_id (UUID):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        MaintainerList | Problem
    """

    return (
        await asyncio_detailed(
            slug=slug,
            user_id=user_id,
            client=client,
        )
    ).parsed
