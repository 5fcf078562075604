"""Routes resolved by hand: the same answers, errors and OpenAPI operation as FastAPI's solver."""

from __future__ import annotations

from typing import Annotated, Any

import pytest
from fastapi import APIRouter, Depends, FastAPI, Request, Response
from fastapi.testclient import TestClient
from pydantic import BaseModel

from ansinh.core.direct import dependency, json_body, resolved_by
from ansinh.core.errors import install_error_handlers


class Inner(BaseModel):
    day: int


class Body(BaseModel):
    name: str
    inner: Inner


async def greeting(request: Request) -> str:
    return "xin chào"


Greeting = Annotated[str, Depends(greeting)]


async def greet(body: Body, word: Greeting) -> Response:
    return Response(f"{word} {body.name} {body.inner.day}", media_type="text/plain")


async def _resolve(request: Request) -> Response:
    return await greet(await json_body(request, Body), await dependency(request, greeting))


def _app() -> FastAPI:
    app = FastAPI()
    install_error_handlers(app)
    router = APIRouter()
    router.add_api_route(
        "/greet", greet, methods=["POST"], route_class_override=resolved_by(_resolve)
    )
    app.include_router(router)
    return app


@pytest.fixture()
def client() -> TestClient:
    return TestClient(_app())


def test_a_valid_body_reaches_the_endpoint_with_its_dependency(client: TestClient) -> None:
    response = client.post("/greet", json={"name": "An", "inner": {"day": 7}})
    assert (response.status_code, response.text) == (200, "xin chào An 7")


@pytest.mark.parametrize(
    ("content", "headers", "location"),
    [
        (b"", {"content-type": "application/json"}, "body"),
        (b"{not json", {"content-type": "application/json"}, "body"),
        (b'{"name": "An", "inner": {}}', {"content-type": "application/json"}, "body.inner.day"),
        (b'{"name": "An", "inner": {"day": 7}}', {"content-type": "text/plain"}, "body"),
    ],
)
def test_a_bad_body_is_a_422_problem_naming_where(
    client: TestClient, content: bytes, headers: dict[str, str], location: str
) -> None:
    response = client.post("/greet", content=content, headers=headers)
    assert response.status_code == 422
    assert response.headers["content-type"] == "application/problem+json"
    assert [e["location"] for e in response.json()["errors"]] == [location]


def test_a_body_without_a_content_type_is_read_as_json(client: TestClient) -> None:
    response = client.post("/greet", content=b'{"name": "An", "inner": {"day": 7}}')
    assert response.status_code == 200


@pytest.mark.parametrize(
    "override", [lambda: "chào", lambda request: "chào", lambda request: _async("chào")]
)
def test_the_apps_dependency_overrides_are_honoured(override: Any) -> None:
    app = _app()
    app.dependency_overrides[greeting] = override
    response = TestClient(app).post("/greet", json={"name": "An", "inner": {"day": 7}})
    assert response.text == "chào An 7"


async def _async(value: str) -> str:
    return value


def test_the_openapi_operation_is_the_endpoints_own() -> None:
    operation = _app().openapi()["paths"]["/greet"]["post"]
    schema = operation["requestBody"]["content"]["application/json"]["schema"]
    assert schema == {"$ref": "#/components/schemas/Body"}
