from http import HTTPStatus
from io import BytesIO
from typing import Any
from urllib.parse import quote

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.problem import Problem
from ...types import UNSET, File, Response, Unset


def _get_kwargs(
    slug: str,
    case: str,
    name: str,
    *,
    version: int | None | Unset = UNSET,
) -> dict[str, Any]:

    params: dict[str, Any] = {}

    json_version: int | None | Unset
    if isinstance(version, Unset):
        json_version = UNSET
    else:
        json_version = version
    params["version"] = json_version

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/api/v1/tools/{slug}/examples/{case}/files/{name}".format(
            slug=quote(str(slug), safe=""),
            case=quote(str(case), safe=""),
            name=quote(str(name), safe=""),
        ),
        "params": params,
    }

    return _kwargs


def _parse_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> File | Problem | None:
    if response.status_code == 200:
        response_200 = File(payload=BytesIO(response.content))

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

    if client.raise_on_unexpected_status:
        raise errors.UnexpectedStatus(response.status_code, response.content)
    else:
        return None


def _build_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Response[File | Problem]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    slug: str,
    case: str,
    name: str,
    *,
    client: AuthenticatedClient,
    version: int | None | Unset = UNSET,
) -> Response[File | Problem]:
    """Download one file of an example (a template to fill in, or sample data)

    Args:
        slug (str): The tool's slug
        case (str): The case
        name (str): File name
        version (int | None | Unset): A version number (maintainers and admins); the active
            version when left out

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[File | Problem]
    """

    kwargs = _get_kwargs(
        slug=slug,
        case=case,
        name=name,
        version=version,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    slug: str,
    case: str,
    name: str,
    *,
    client: AuthenticatedClient,
    version: int | None | Unset = UNSET,
) -> File | Problem | None:
    """Download one file of an example (a template to fill in, or sample data)

    Args:
        slug (str): The tool's slug
        case (str): The case
        name (str): File name
        version (int | None | Unset): A version number (maintainers and admins); the active
            version when left out

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        File | Problem
    """

    return sync_detailed(
        slug=slug,
        case=case,
        name=name,
        client=client,
        version=version,
    ).parsed


async def asyncio_detailed(
    slug: str,
    case: str,
    name: str,
    *,
    client: AuthenticatedClient,
    version: int | None | Unset = UNSET,
) -> Response[File | Problem]:
    """Download one file of an example (a template to fill in, or sample data)

    Args:
        slug (str): The tool's slug
        case (str): The case
        name (str): File name
        version (int | None | Unset): A version number (maintainers and admins); the active
            version when left out

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[File | Problem]
    """

    kwargs = _get_kwargs(
        slug=slug,
        case=case,
        name=name,
        version=version,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    slug: str,
    case: str,
    name: str,
    *,
    client: AuthenticatedClient,
    version: int | None | Unset = UNSET,
) -> File | Problem | None:
    """Download one file of an example (a template to fill in, or sample data)

    Args:
        slug (str): The tool's slug
        case (str): The case
        name (str): File name
        version (int | None | Unset): A version number (maintainers and admins); the active
            version when left out

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        File | Problem
    """

    return (
        await asyncio_detailed(
            slug=slug,
            case=case,
            name=name,
            client=client,
            version=version,
        )
    ).parsed
