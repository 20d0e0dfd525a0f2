from http import HTTPStatus
from typing import Any
from urllib.parse import quote

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.create_run_files_body import CreateRunFilesBody
from ...models.create_run_json_body import CreateRunJsonBody
from ...models.problem import Problem
from ...models.run_started import RunStarted
from ...types import UNSET, Response, Unset


def _get_kwargs(
    slug: str,
    *,
    body: CreateRunJsonBody | CreateRunFilesBody | Unset = UNSET,
    wait: int | None | Unset = UNSET,
    idempotency_key: str | Unset = UNSET,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}
    if not isinstance(idempotency_key, Unset):
        headers["Idempotency-Key"] = idempotency_key

    params: dict[str, Any] = {}

    json_wait: int | None | Unset
    if isinstance(wait, Unset):
        json_wait = UNSET
    else:
        json_wait = wait
    params["wait"] = json_wait

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/api/v1/tools/{slug}/runs".format(
            slug=quote(str(slug), safe=""),
        ),
        "params": params,
    }

    if isinstance(body, CreateRunJsonBody):
        _kwargs["json"] = body.to_dict()

        headers["Content-Type"] = "application/json"
    if isinstance(body, CreateRunFilesBody):
        _kwargs["files"] = body.to_multipart()

        headers["Content-Type"] = "multipart/form-data; boundary=+++"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Problem | RunStarted | None:
    if response.status_code == 200:
        response_200 = RunStarted.from_dict(response.json())

        return response_200

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
    body: CreateRunJsonBody | CreateRunFilesBody | Unset = UNSET,
    wait: int | None | Unset = UNSET,
    idempotency_key: str | Unset = UNSET,
) -> Response[Problem | RunStarted]:
    """Run a tool: inputs and uploads in, a queued run and its session out

     Send `Idempotency-Key` to retry safely: a repeat with the same key and body gets the first answer
    (docs/api.md). `wait` holds the answer until the run ends.

    Args:
        slug (str): The tool's slug
        wait (int | None | Unset): Wait up to this many seconds (at most 60) for the run to end:
            200 with the finished run when it ends in time, else 202 with the run as it is then.
        idempotency_key (str | Unset):
        body (CreateRunJsonBody):
        body (CreateRunFilesBody):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Problem | RunStarted]
    """

    kwargs = _get_kwargs(
        slug=slug,
        body=body,
        wait=wait,
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
    body: CreateRunJsonBody | CreateRunFilesBody | Unset = UNSET,
    wait: int | None | Unset = UNSET,
    idempotency_key: str | Unset = UNSET,
) -> Problem | RunStarted | None:
    """Run a tool: inputs and uploads in, a queued run and its session out

     Send `Idempotency-Key` to retry safely: a repeat with the same key and body gets the first answer
    (docs/api.md). `wait` holds the answer until the run ends.

    Args:
        slug (str): The tool's slug
        wait (int | None | Unset): Wait up to this many seconds (at most 60) for the run to end:
            200 with the finished run when it ends in time, else 202 with the run as it is then.
        idempotency_key (str | Unset):
        body (CreateRunJsonBody):
        body (CreateRunFilesBody):

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
        wait=wait,
        idempotency_key=idempotency_key,
    ).parsed


async def asyncio_detailed(
    slug: str,
    *,
    client: AuthenticatedClient,
    body: CreateRunJsonBody | CreateRunFilesBody | Unset = UNSET,
    wait: int | None | Unset = UNSET,
    idempotency_key: str | Unset = UNSET,
) -> Response[Problem | RunStarted]:
    """Run a tool: inputs and uploads in, a queued run and its session out

     Send `Idempotency-Key` to retry safely: a repeat with the same key and body gets the first answer
    (docs/api.md). `wait` holds the answer until the run ends.

    Args:
        slug (str): The tool's slug
        wait (int | None | Unset): Wait up to this many seconds (at most 60) for the run to end:
            200 with the finished run when it ends in time, else 202 with the run as it is then.
        idempotency_key (str | Unset):
        body (CreateRunJsonBody):
        body (CreateRunFilesBody):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Problem | RunStarted]
    """

    kwargs = _get_kwargs(
        slug=slug,
        body=body,
        wait=wait,
        idempotency_key=idempotency_key,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    slug: str,
    *,
    client: AuthenticatedClient,
    body: CreateRunJsonBody | CreateRunFilesBody | Unset = UNSET,
    wait: int | None | Unset = UNSET,
    idempotency_key: str | Unset = UNSET,
) -> Problem | RunStarted | None:
    """Run a tool: inputs and uploads in, a queued run and its session out

     Send `Idempotency-Key` to retry safely: a repeat with the same key and body gets the first answer
    (docs/api.md). `wait` holds the answer until the run ends.

    Args:
        slug (str): The tool's slug
        wait (int | None | Unset): Wait up to this many seconds (at most 60) for the run to end:
            200 with the finished run when it ends in time, else 202 with the run as it is then.
        idempotency_key (str | Unset):
        body (CreateRunJsonBody):
        body (CreateRunFilesBody):

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
            wait=wait,
            idempotency_key=idempotency_key,
        )
    ).parsed
