from http import HTTPStatus
from typing import Any, cast
from urllib.parse import quote

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.problem import Problem
from ...types import UNSET, Response, Unset


def _get_kwargs(
    provider_id: str,
    *,
    next_: None | str | Unset = UNSET,
) -> dict[str, Any]:

    params: dict[str, Any] = {}

    json_next_: None | str | Unset
    if isinstance(next_, Unset):
        json_next_ = UNSET
    else:
        json_next_ = next_
    params["next"] = json_next_

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/api/v1/auth/oidc/{provider_id}/start".format(
            provider_id=quote(str(provider_id), safe=""),
        ),
        "params": params,
    }

    return _kwargs


def _parse_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Any | Problem | None:
    if response.status_code == 302:
        response_302 = cast(Any, None)
        return response_302

    if response.status_code == 400:
        response_400 = Problem.from_dict(response.json())

        return response_400

    if response.status_code == 422:
        response_422 = Problem.from_dict(response.json())

        return response_422

    if client.raise_on_unexpected_status:
        raise errors.UnexpectedStatus(response.status_code, response.content)
    else:
        return None


def _build_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Response[Any | Problem]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    provider_id: str,
    *,
    client: AuthenticatedClient | Client,
    next_: None | str | Unset = UNSET,
) -> Response[Any | Problem]:
    """Sign in with a provider: redirects the browser there

     302 to the provider's authorization endpoint (Authorization Code + PKCE), or to `/logga-
    in?sso_error=<code>` (`unknown_provider`, `provider_unavailable`).

    Args:
        provider_id (str):
        next_ (None | str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Any | Problem]
    """

    kwargs = _get_kwargs(
        provider_id=provider_id,
        next_=next_,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    provider_id: str,
    *,
    client: AuthenticatedClient | Client,
    next_: None | str | Unset = UNSET,
) -> Any | Problem | None:
    """Sign in with a provider: redirects the browser there

     302 to the provider's authorization endpoint (Authorization Code + PKCE), or to `/logga-
    in?sso_error=<code>` (`unknown_provider`, `provider_unavailable`).

    Args:
        provider_id (str):
        next_ (None | str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Any | Problem
    """

    return sync_detailed(
        provider_id=provider_id,
        client=client,
        next_=next_,
    ).parsed


async def asyncio_detailed(
    provider_id: str,
    *,
    client: AuthenticatedClient | Client,
    next_: None | str | Unset = UNSET,
) -> Response[Any | Problem]:
    """Sign in with a provider: redirects the browser there

     302 to the provider's authorization endpoint (Authorization Code + PKCE), or to `/logga-
    in?sso_error=<code>` (`unknown_provider`, `provider_unavailable`).

    Args:
        provider_id (str):
        next_ (None | str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Any | Problem]
    """

    kwargs = _get_kwargs(
        provider_id=provider_id,
        next_=next_,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    provider_id: str,
    *,
    client: AuthenticatedClient | Client,
    next_: None | str | Unset = UNSET,
) -> Any | Problem | None:
    """Sign in with a provider: redirects the browser there

     302 to the provider's authorization endpoint (Authorization Code + PKCE), or to `/logga-
    in?sso_error=<code>` (`unknown_provider`, `provider_unavailable`).

    Args:
        provider_id (str):
        next_ (None | str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Any | Problem
    """

    return (
        await asyncio_detailed(
            provider_id=provider_id,
            client=client,
            next_=next_,
        )
    ).parsed
