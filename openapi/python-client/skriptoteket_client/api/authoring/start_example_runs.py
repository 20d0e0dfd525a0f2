from http import HTTPStatus
from typing import Any
from urllib.parse import quote

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.example_runs import ExampleRuns
from ...models.problem import Problem
from ...types import UNSET, Response, Unset


def _get_kwargs(
    slug: str,
    number: int,
    *,
    idempotency_key: str | Unset = UNSET,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}
    if not isinstance(idempotency_key, Unset):
        headers["Idempotency-Key"] = idempotency_key

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/api/v1/tools/{slug}/versions/{number}/example-runs".format(
            slug=quote(str(slug), safe=""),
            number=quote(str(number), safe=""),
        ),
    }

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> ExampleRuns | Problem | None:
    if response.status_code == 202:
        response_202 = ExampleRuns.from_dict(response.json())

        return response_202

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

    if response.status_code == 409:
        response_409 = Problem.from_dict(response.json())

        return response_409

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
) -> Response[ExampleRuns | Problem]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    slug: str,
    number: int,
    *,
    client: AuthenticatedClient,
    idempotency_key: str | Unset = UNSET,
) -> Response[ExampleRuns | Problem]:
    """Run each example of a version in the sandbox (maintainers and admins)

     One sandbox run per example, its files uploaded as its inputs name them. An example whose files the
    server refuses has `refused` and no run. Follow the runs (GET /runs/{id}) or read this list again
    for `expected_met`.

    Args:
        slug (str): The tool's slug
        number (int): Version number
        idempotency_key (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ExampleRuns | Problem]
    """

    kwargs = _get_kwargs(
        slug=slug,
        number=number,
        idempotency_key=idempotency_key,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    slug: str,
    number: int,
    *,
    client: AuthenticatedClient,
    idempotency_key: str | Unset = UNSET,
) -> ExampleRuns | Problem | None:
    """Run each example of a version in the sandbox (maintainers and admins)

     One sandbox run per example, its files uploaded as its inputs name them. An example whose files the
    server refuses has `refused` and no run. Follow the runs (GET /runs/{id}) or read this list again
    for `expected_met`.

    Args:
        slug (str): The tool's slug
        number (int): Version number
        idempotency_key (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ExampleRuns | Problem
    """

    return sync_detailed(
        slug=slug,
        number=number,
        client=client,
        idempotency_key=idempotency_key,
    ).parsed


async def asyncio_detailed(
    slug: str,
    number: int,
    *,
    client: AuthenticatedClient,
    idempotency_key: str | Unset = UNSET,
) -> Response[ExampleRuns | Problem]:
    """Run each example of a version in the sandbox (maintainers and admins)

     One sandbox run per example, its files uploaded as its inputs name them. An example whose files the
    server refuses has `refused` and no run. Follow the runs (GET /runs/{id}) or read this list again
    for `expected_met`.

    Args:
        slug (str): The tool's slug
        number (int): Version number
        idempotency_key (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ExampleRuns | Problem]
    """

    kwargs = _get_kwargs(
        slug=slug,
        number=number,
        idempotency_key=idempotency_key,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    slug: str,
    number: int,
    *,
    client: AuthenticatedClient,
    idempotency_key: str | Unset = UNSET,
) -> ExampleRuns | Problem | None:
    """Run each example of a version in the sandbox (maintainers and admins)

     One sandbox run per example, its files uploaded as its inputs name them. An example whose files the
    server refuses has `refused` and no run. Follow the runs (GET /runs/{id}) or read this list again
    for `expected_met`.

    Args:
        slug (str): The tool's slug
        number (int): Version number
        idempotency_key (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ExampleRuns | Problem
    """

    return (
        await asyncio_detailed(
            slug=slug,
            number=number,
            client=client,
            idempotency_key=idempotency_key,
        )
    ).parsed
