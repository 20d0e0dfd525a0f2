from http import HTTPStatus
from typing import Any

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.problem import Problem
from ...models.tool_summary_page import ToolSummaryPage
from ...types import UNSET, Response, Unset


def _get_kwargs(
    *,
    q: None | str | Unset = UNSET,
    profession: list[str] | None | Unset = UNSET,
    category: list[str] | None | Unset = UNSET,
    favorites: bool | Unset = False,
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

    json_profession: list[str] | None | Unset
    if isinstance(profession, Unset):
        json_profession = UNSET
    elif isinstance(profession, list):
        json_profession = profession

    else:
        json_profession = profession
    params["profession"] = json_profession

    json_category: list[str] | None | Unset
    if isinstance(category, Unset):
        json_category = UNSET
    elif isinstance(category, list):
        json_category = category

    else:
        json_category = category
    params["category"] = json_category

    params["favorites"] = favorites

    params["limit"] = limit

    params["offset"] = offset

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/api/v1/tools",
        "params": params,
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Problem | ToolSummaryPage | None:
    if response.status_code == 200:
        response_200 = ToolSummaryPage.from_dict(response.json())

        return response_200

    if response.status_code == 400:
        response_400 = Problem.from_dict(response.json())

        return response_400

    if response.status_code == 401:
        response_401 = Problem.from_dict(response.json())

        return response_401

    if response.status_code == 422:
        response_422 = Problem.from_dict(response.json())

        return response_422

    if client.raise_on_unexpected_status:
        raise errors.UnexpectedStatus(response.status_code, response.content)
    else:
        return None


def _build_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Response[Problem | ToolSummaryPage]:
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
    profession: list[str] | None | Unset = UNSET,
    category: list[str] | None | Unset = UNSET,
    favorites: bool | Unset = False,
    limit: int | Unset = 50,
    offset: int | Unset = 0,
) -> Response[Problem | ToolSummaryPage]:
    """The catalog: listed tools with a published version, searchable and filtered

    Args:
        q (None | str | Unset): Full-text search (Swedish stemming, prefixes: search as you type)
        profession (list[str] | None | Unset): Profession slugs; a tool matches any
        category (list[str] | None | Unset): Category slugs; a tool matches any
        favorites (bool | Unset): Only my favorites Default: False.
        limit (int | Unset): Page size (at most 200). Default: 50.
        offset (int | Unset): How many items to skip. Default: 0.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Problem | ToolSummaryPage]
    """

    kwargs = _get_kwargs(
        q=q,
        profession=profession,
        category=category,
        favorites=favorites,
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
    profession: list[str] | None | Unset = UNSET,
    category: list[str] | None | Unset = UNSET,
    favorites: bool | Unset = False,
    limit: int | Unset = 50,
    offset: int | Unset = 0,
) -> Problem | ToolSummaryPage | None:
    """The catalog: listed tools with a published version, searchable and filtered

    Args:
        q (None | str | Unset): Full-text search (Swedish stemming, prefixes: search as you type)
        profession (list[str] | None | Unset): Profession slugs; a tool matches any
        category (list[str] | None | Unset): Category slugs; a tool matches any
        favorites (bool | Unset): Only my favorites Default: False.
        limit (int | Unset): Page size (at most 200). Default: 50.
        offset (int | Unset): How many items to skip. Default: 0.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Problem | ToolSummaryPage
    """

    return sync_detailed(
        client=client,
        q=q,
        profession=profession,
        category=category,
        favorites=favorites,
        limit=limit,
        offset=offset,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient,
    q: None | str | Unset = UNSET,
    profession: list[str] | None | Unset = UNSET,
    category: list[str] | None | Unset = UNSET,
    favorites: bool | Unset = False,
    limit: int | Unset = 50,
    offset: int | Unset = 0,
) -> Response[Problem | ToolSummaryPage]:
    """The catalog: listed tools with a published version, searchable and filtered

    Args:
        q (None | str | Unset): Full-text search (Swedish stemming, prefixes: search as you type)
        profession (list[str] | None | Unset): Profession slugs; a tool matches any
        category (list[str] | None | Unset): Category slugs; a tool matches any
        favorites (bool | Unset): Only my favorites Default: False.
        limit (int | Unset): Page size (at most 200). Default: 50.
        offset (int | Unset): How many items to skip. Default: 0.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Problem | ToolSummaryPage]
    """

    kwargs = _get_kwargs(
        q=q,
        profession=profession,
        category=category,
        favorites=favorites,
        limit=limit,
        offset=offset,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient,
    q: None | str | Unset = UNSET,
    profession: list[str] | None | Unset = UNSET,
    category: list[str] | None | Unset = UNSET,
    favorites: bool | Unset = False,
    limit: int | Unset = 50,
    offset: int | Unset = 0,
) -> Problem | ToolSummaryPage | None:
    """The catalog: listed tools with a published version, searchable and filtered

    Args:
        q (None | str | Unset): Full-text search (Swedish stemming, prefixes: search as you type)
        profession (list[str] | None | Unset): Profession slugs; a tool matches any
        category (list[str] | None | Unset): Category slugs; a tool matches any
        favorites (bool | Unset): Only my favorites Default: False.
        limit (int | Unset): Page size (at most 200). Default: 50.
        offset (int | Unset): How many items to skip. Default: 0.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Problem | ToolSummaryPage
    """

    return (
        await asyncio_detailed(
            client=client,
            q=q,
            profession=profession,
            category=category,
            favorites=favorites,
            limit=limit,
            offset=offset,
        )
    ).parsed
