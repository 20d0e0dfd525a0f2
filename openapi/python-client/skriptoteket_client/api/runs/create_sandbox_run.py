from http import HTTPStatus
from typing import Any
from urllib.parse import quote

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.create_sandbox_run_files_body import CreateSandboxRunFilesBody
from ...models.create_sandbox_run_json_body import CreateSandboxRunJsonBody
from ...models.problem import Problem
from ...models.run_started import RunStarted
from ...types import UNSET, Response, Unset


def _get_kwargs(
    slug: str,
    *,
    body: CreateSandboxRunJsonBody | CreateSandboxRunFilesBody | Unset = UNSET,
    idempotency_key: str | Unset = UNSET,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}
    if not isinstance(idempotency_key, Unset):
        headers["Idempotency-Key"] = idempotency_key

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/api/v1/tools/{slug}/sandbox-runs".format(
            slug=quote(str(slug), safe=""),
        ),
    }

    if isinstance(body, CreateSandboxRunJsonBody):
        _kwargs["json"] = body.to_dict()

        headers["Content-Type"] = "application/json"
    if isinstance(body, CreateSandboxRunFilesBody):
        _kwargs["files"] = body.to_multipart()

        headers["Content-Type"] = "multipart/form-data; boundary=+++"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Problem | RunStarted | None:
    if response.status_code == 202:
        response_202 = RunStarted.from_dict(response.json())

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
) -> Response[Problem | RunStarted]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    slug: str,
    *,
    client: AuthenticatedClient,
    body: CreateSandboxRunJsonBody | CreateSandboxRunFilesBody | Unset = UNSET,
    idempotency_key: str | Unset = UNSET,
) -> Response[Problem | RunStarted]:
    """Run an unsaved snapshot of a tool (maintainers and admins), with logs

    Args:
        slug (str): The tool's slug
        idempotency_key (str | Unset):
        body (CreateSandboxRunJsonBody):
        body (CreateSandboxRunFilesBody):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Problem | RunStarted]
    """

    kwargs = _get_kwargs(
        slug=slug,
        body=body,
        idempotency_key=idempotency_key,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    slug: str,
    *,
    client: AuthenticatedClient,
    body: CreateSandboxRunJsonBody | CreateSandboxRunFilesBody | Unset = UNSET,
    idempotency_key: str | Unset = UNSET,
) -> Problem | RunStarted | None:
    """Run an unsaved snapshot of a tool (maintainers and admins), with logs

    Args:
        slug (str): The tool's slug
        idempotency_key (str | Unset):
        body (CreateSandboxRunJsonBody):
        body (CreateSandboxRunFilesBody):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Problem | RunStarted
    """

    return sync_detailed(
        slug=slug,
        client=client,
        body=body,
        idempotency_key=idempotency_key,
    ).parsed


async def asyncio_detailed(
    slug: str,
    *,
    client: AuthenticatedClient,
    body: CreateSandboxRunJsonBody | CreateSandboxRunFilesBody | Unset = UNSET,
    idempotency_key: str | Unset = UNSET,
) -> Response[Problem | RunStarted]:
    """Run an unsaved snapshot of a tool (maintainers and admins), with logs

    Args:
        slug (str): The tool's slug
        idempotency_key (str | Unset):
        body (CreateSandboxRunJsonBody):
        body (CreateSandboxRunFilesBody):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Problem | RunStarted]
    """

    kwargs = _get_kwargs(
        slug=slug,
        body=body,
        idempotency_key=idempotency_key,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    slug: str,
    *,
    client: AuthenticatedClient,
    body: CreateSandboxRunJsonBody | CreateSandboxRunFilesBody | Unset = UNSET,
    idempotency_key: str | Unset = UNSET,
) -> Problem | RunStarted | None:
    """Run an unsaved snapshot of a tool (maintainers and admins), with logs

    Args:
        slug (str): The tool's slug
        idempotency_key (str | Unset):
        body (CreateSandboxRunJsonBody):
        body (CreateSandboxRunFilesBody):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Problem | RunStarted
    """

    return (
        await asyncio_detailed(
            slug=slug,
            client=client,
            body=body,
            idempotency_key=idempotency_key,
        )
    ).parsed
