from http import HTTPStatus
from typing import Any

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.list_suggestions_status_type_1 import ListSuggestionsStatusType1
from ...models.list_suggestions_status_type_2_type_1 import ListSuggestionsStatusType2Type1
from ...models.list_suggestions_status_type_3_type_1 import ListSuggestionsStatusType3Type1
from ...models.problem import Problem
from ...models.suggestion_page import SuggestionPage
from ...types import UNSET, Response, Unset


def _get_kwargs(
    *,
    status: ListSuggestionsStatusType1
    | ListSuggestionsStatusType2Type1
    | ListSuggestionsStatusType3Type1
    | None
    | Unset = UNSET,
    limit: int | Unset = 50,
    offset: int | Unset = 0,
) -> dict[str, Any]:

    params: dict[str, Any] = {}

    json_status: None | str | Unset
    if isinstance(status, Unset):
        json_status = UNSET
    elif isinstance(status, ListSuggestionsStatusType1):
        json_status = status.value
    elif isinstance(status, ListSuggestionsStatusType2Type1):
        json_status = status.value
    elif isinstance(status, ListSuggestionsStatusType3Type1):
        json_status = status.value
    else:
        json_status = status
    params["status"] = json_status

    params["limit"] = limit

    params["offset"] = offset

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/api/v1/suggestions",
        "params": params,
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Problem | SuggestionPage | None:
    if response.status_code == 200:
        response_200 = SuggestionPage.from_dict(response.json())

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
) -> Response[Problem | SuggestionPage]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient,
    status: ListSuggestionsStatusType1
    | ListSuggestionsStatusType2Type1
    | ListSuggestionsStatusType3Type1
    | None
    | Unset = UNSET,
    limit: int | Unset = 50,
    offset: int | Unset = 0,
) -> Response[Problem | SuggestionPage]:
    """My suggestions and their decisions (admins: everyone's)

    Args:
        status (ListSuggestionsStatusType1 | ListSuggestionsStatusType2Type1 |
            ListSuggestionsStatusType3Type1 | None | Unset):
        limit (int | Unset): Page size (at most 200). Default: 50.
        offset (int | Unset): How many items to skip. Default: 0.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Problem | SuggestionPage]
    """

    kwargs = _get_kwargs(
        status=status,
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
    status: ListSuggestionsStatusType1
    | ListSuggestionsStatusType2Type1
    | ListSuggestionsStatusType3Type1
    | None
    | Unset = UNSET,
    limit: int | Unset = 50,
    offset: int | Unset = 0,
) -> Problem | SuggestionPage | None:
    """My suggestions and their decisions (admins: everyone's)

    Args:
        status (ListSuggestionsStatusType1 | ListSuggestionsStatusType2Type1 |
            ListSuggestionsStatusType3Type1 | None | Unset):
        limit (int | Unset): Page size (at most 200). Default: 50.
        offset (int | Unset): How many items to skip. Default: 0.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Problem | SuggestionPage
    """

    return sync_detailed(
        client=client,
        status=status,
        limit=limit,
        offset=offset,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient,
    status: ListSuggestionsStatusType1
    | ListSuggestionsStatusType2Type1
    | ListSuggestionsStatusType3Type1
    | None
    | Unset = UNSET,
    limit: int | Unset = 50,
    offset: int | Unset = 0,
) -> Response[Problem | SuggestionPage]:
    """My suggestions and their decisions (admins: everyone's)

    Args:
        status (ListSuggestionsStatusType1 | ListSuggestionsStatusType2Type1 |
            ListSuggestionsStatusType3Type1 | None | Unset):
        limit (int | Unset): Page size (at most 200). Default: 50.
        offset (int | Unset): How many items to skip. Default: 0.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Problem | SuggestionPage]
    """

    kwargs = _get_kwargs(
        status=status,
        limit=limit,
        offset=offset,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient,
    status: ListSuggestionsStatusType1
    | ListSuggestionsStatusType2Type1
    | ListSuggestionsStatusType3Type1
    | None
    | Unset = UNSET,
    limit: int | Unset = 50,
    offset: int | Unset = 0,
) -> Problem | SuggestionPage | None:
    """My suggestions and their decisions (admins: everyone's)

    Args:
        status (ListSuggestionsStatusType1 | ListSuggestionsStatusType2Type1 |
            ListSuggestionsStatusType3Type1 | None | Unset):
        limit (int | Unset): Page size (at most 200). Default: 50.
        offset (int | Unset): How many items to skip. Default: 0.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Problem | SuggestionPage
    """

    return (
        await asyncio_detailed(
            client=client,
            status=status,
            limit=limit,
            offset=offset,
        )
    ).parsed
