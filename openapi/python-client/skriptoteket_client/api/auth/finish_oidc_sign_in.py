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
    code: None | str | Unset = UNSET,
    state: None | str | Unset = UNSET,
    error: None | str | Unset = UNSET,
    iss: None | str | Unset = UNSET,
) -> dict[str, Any]:

    params: dict[str, Any] = {}

    json_code: None | str | Unset
    if isinstance(code, Unset):
        json_code = UNSET
    else:
        json_code = code
    params["code"] = json_code

    json_state: None | str | Unset
    if isinstance(state, Unset):
        json_state = UNSET
    else:
        json_state = state
    params["state"] = json_state

    json_error: None | str | Unset
    if isinstance(error, Unset):
        json_error = UNSET
    else:
        json_error = error
    params["error"] = json_error

    json_iss: None | str | Unset
    if isinstance(iss, Unset):
        json_iss = UNSET
    else:
        json_iss = iss
    params["iss"] = json_iss

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/api/v1/auth/oidc/{provider_id}/callback".format(
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
    code: None | str | Unset = UNSET,
    state: None | str | Unset = UNSET,
    error: None | str | Unset = UNSET,
    iss: None | str | Unset = UNSET,
) -> Response[Any | Problem]:
    """Where the provider sends the browser back; signs in and redirects to the SPA

     302 to `/logga-in?sso=1&next=<path>` with the session cookie, or to `/logga-in?sso_error=<code>`
    without one (`invalid_state`, `code_rejected`, `invalid_id_token`, `email_unverified`,
    `provider_refused`, `provider_unavailable`, `account_disabled`, `other_provider`,
    `unknown_provider`).

    Args:
        provider_id (str):
        code (None | str | Unset):
        state (None | str | Unset):
        error (None | str | Unset):
        iss (None | str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Any | Problem]
    """

    kwargs = _get_kwargs(
        provider_id=provider_id,
        code=code,
        state=state,
        error=error,
        iss=iss,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    provider_id: str,
    *,
    client: AuthenticatedClient | Client,
    code: None | str | Unset = UNSET,
    state: None | str | Unset = UNSET,
    error: None | str | Unset = UNSET,
    iss: None | str | Unset = UNSET,
) -> Any | Problem | None:
    """Where the provider sends the browser back; signs in and redirects to the SPA

     302 to `/logga-in?sso=1&next=<path>` with the session cookie, or to `/logga-in?sso_error=<code>`
    without one (`invalid_state`, `code_rejected`, `invalid_id_token`, `email_unverified`,
    `provider_refused`, `provider_unavailable`, `account_disabled`, `other_provider`,
    `unknown_provider`).

    Args:
        provider_id (str):
        code (None | str | Unset):
        state (None | str | Unset):
        error (None | str | Unset):
        iss (None | str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Any | Problem
    """

    return sync_detailed(
        provider_id=provider_id,
        client=client,
        code=code,
        state=state,
        error=error,
        iss=iss,
    ).parsed


async def asyncio_detailed(
    provider_id: str,
    *,
    client: AuthenticatedClient | Client,
    code: None | str | Unset = UNSET,
    state: None | str | Unset = UNSET,
    error: None | str | Unset = UNSET,
    iss: None | str | Unset = UNSET,
) -> Response[Any | Problem]:
    """Where the provider sends the browser back; signs in and redirects to the SPA

     302 to `/logga-in?sso=1&next=<path>` with the session cookie, or to `/logga-in?sso_error=<code>`
    without one (`invalid_state`, `code_rejected`, `invalid_id_token`, `email_unverified`,
    `provider_refused`, `provider_unavailable`, `account_disabled`, `other_provider`,
    `unknown_provider`).

    Args:
        provider_id (str):
        code (None | str | Unset):
        state (None | str | Unset):
        error (None | str | Unset):
        iss (None | str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Any | Problem]
    """

    kwargs = _get_kwargs(
        provider_id=provider_id,
        code=code,
        state=state,
        error=error,
        iss=iss,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    provider_id: str,
    *,
    client: AuthenticatedClient | Client,
    code: None | str | Unset = UNSET,
    state: None | str | Unset = UNSET,
    error: None | str | Unset = UNSET,
    iss: None | str | Unset = UNSET,
) -> Any | Problem | None:
    """Where the provider sends the browser back; signs in and redirects to the SPA

     302 to `/logga-in?sso=1&next=<path>` with the session cookie, or to `/logga-in?sso_error=<code>`
    without one (`invalid_state`, `code_rejected`, `invalid_id_token`, `email_unverified`,
    `provider_refused`, `provider_unavailable`, `account_disabled`, `other_provider`,
    `unknown_provider`).

    Args:
        provider_id (str):
        code (None | str | Unset):
        state (None | str | Unset):
        error (None | str | Unset):
        iss (None | str | Unset):

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
            code=code,
            state=state,
            error=error,
            iss=iss,
        )
    ).parsed
