"""The shared sandbox app factory: API-key clients and JSON errors."""

from typing import Annotated

from fastapi import Depends
from fastapi.testclient import TestClient

from sandbox.factory import api_key_clients, create_sandbox_app, key_hash

app = create_sandbox_app(title="Test register", description="A sandbox for this test")
caller = api_key_clients({key_hash("secret-key"): "vss"})


@app.get("/whoami")
def whoami(client_id: Annotated[str, Depends(caller)], n: int = 1) -> dict[str, object]:
    """Echo the authenticated client."""
    return {"client": client_id, "n": n}


def test_a_known_key_identifies_the_client() -> None:
    response = TestClient(app).get("/whoami", headers={"X-API-Key": "secret-key"})
    assert response.json() == {"client": "vss", "n": 1}


def test_an_unknown_key_is_refused() -> None:
    assert TestClient(app).get("/whoami", headers={"X-API-Key": "nope"}).status_code == 401
    assert TestClient(app).get("/whoami").status_code == 401


def test_bad_input_is_a_json_error_with_reasons() -> None:
    response = TestClient(app).get(
        "/whoami", params={"n": "x"}, headers={"X-API-Key": "secret-key"}
    )
    assert response.status_code == 422
    assert response.json()["error"] == "invalid_request"
