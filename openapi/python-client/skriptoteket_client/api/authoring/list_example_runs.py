from http import HTTPStatus
from typing import Any
from urllib.parse import quote

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.example_runs import ExampleRuns
from ...models.problem import Problem
from ...types import Response


def _get_kwargs(
    slug: str,
    number: int,
) -> dict[str, Any]:

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/api/v1/tools/{slug}/versions/{number}/example-runs".format(
            slug=quote(str(slug), safe=""),
            number=quote(str(number), safe=""),
        ),
    }

    return _kwargs


def _parse_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> ExampleRuns | Problem | None:
    if response.status_code == 200:
        response_200 = ExampleRuns.from_dict(response.json())

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
) -> Response[ExampleRuns | Problem]:
    """My latest run of each example of a version, with expected_met

     An example with actions (actions.json) takes its next action here once its latest run succeeded
    (`step` of `steps`), so reading the list until no run is open runs each example to its end;
    expected.json judges the last run.

    Args:
        slug (str): The tool's slug
        number (int): Version number

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ExampleRuns | Problem]
    """

    kwargs = _get_kwargs(
        slug=slug,
        number=number,
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
) -> ExampleRuns | Problem | None:
    """My latest run of each example of a version, with expected_met

     An example with actions (actions.json) takes its next action here once its latest run succeeded
    (`step` of `steps`), so reading the list until no run is open runs each example to its end;
    expected.json judges the last run.

    Args:
        slug (str): The tool's slug
        number (int): Version number

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
    ).parsed


async def asyncio_detailed(
    slug: str,
    number: int,
    *,
    client: AuthenticatedClient,
) -> Response[ExampleRuns | Problem]:
    """My latest run of each example of a version, with expected_met

     An example with actions (actions.json) takes its next action here once its latest run succeeded
    (`step` of `steps`), so reading the list until no run is open runs each example to its end;
    expected.json judges the last run.

    Args:
        slug (str): The tool's slug
        number (int): Version number

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ExampleRuns | Problem]
    """

    kwargs = _get_kwargs(
        slug=slug,
        number=number,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    slug: str,
    number: int,
    *,
    client: AuthenticatedClient,
) -> ExampleRuns | Problem | None:
    """My latest run of each example of a version, with expected_met

     An example with actions (actions.json) takes its next action here once its latest run succeeded
    (`step` of `steps`), so reading the list until no run is open runs each example to its end;
    expected.json judges the last run.

    Args:
        slug (str): The tool's slug
        number (int): Version number

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
        )
    ).parsed
