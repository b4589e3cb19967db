"""The HTTP service (``ppsp serve``): the same answers as the command line, writes only with a
token that covers the region, a stale version refused, every refusal a ``ppsp.error``
document; on a FileStore, on SQLite and on PostgreSQL (``PPSP_TEST_POSTGRESQL``)."""

from __future__ import annotations

import io
import json
import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

import ppsp
from conftest import EXAMPLE, FUNDING_EXAMPLE
from ppsp.cli.main import main

pytest.importorskip("starlette")
pytest.importorskip("sqlalchemy")
from starlette.testclient import TestClient

from ppsp.server import TokenBook, openapi_document, service
from ppsp.sql import SqlStore, event_table

POSTGRESQL = os.environ.get("PPSP_TEST_POSTGRESQL")
ON = "2025-12-31"
KAPUAS_EVENT = {"type": "clinic-held", "on": "2026-01-20", "clinic": 1, "source": "test"}


def _store(kind: str, tmp_path: Path) -> ppsp.FileStore | SqlStore:
    if kind == "file":
        return ppsp.FileStore(tmp_path)
    url = f"sqlite:///{tmp_path / 'ppsp.db'}" if kind == "sqlite" else POSTGRESQL or ""
    store = SqlStore(url)
    with store.engine.begin() as conn:
        conn.execute(event_table.delete())
        conn.execute(event_table.metadata.tables["ppsp_head"].delete())
    return store


@pytest.fixture(
    params=[
        "file",
        "sqlite",
        pytest.param("postgresql", marks=pytest.mark.skipif(not POSTGRESQL, reason="no database")),
    ]
)
def filled(request: pytest.FixtureRequest, tmp_path: Path) -> ppsp.FileStore | SqlStore:
    """A store holding the example province, moved in whole."""
    store = _store(request.param, tmp_path)
    for record in ppsp.load(EXAMPLE):
        store.import_record(record)
    return store


@pytest.fixture
def tokens() -> tuple[TokenBook, dict[str, str]]:
    book, secrets = TokenBook(()), {}
    for name, regions, write in [
        ("pokja-kapuas", ["62.03"], True),
        ("pokja-katingan", ["62.07"], True),
        ("bappeda", ["62"], False),
    ]:
        book, secrets[name] = book.issued(name, regions, write=write)
    return book, secrets


def bearer(secret: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {secret}"}


def test_the_assessment_is_the_command_line_s(filled, tokens, capsys) -> None:
    book, secrets = tokens
    client = TestClient(service(filled, tokens=book))
    answer = client.get(
        "/regions/62.03/assessment",
        params={"on": ON, "lang": "id"},
        headers=bearer(secrets["bappeda"]),
    )
    assert answer.status_code == 200 and answer.headers["content-language"] == "id"
    assert main(["assess", str(EXAMPLE), "--on", ON, "--format", "json"]) == 0
    cli = json.loads(capsys.readouterr().out)
    [kapuas] = [r for r in cli["regencies"] if r["region"]["code"] == "62.03"]
    assert answer.json() == {**cli, "regencies": [kapuas]}


def test_a_write_needs_a_token_that_covers_the_region(filled, tokens) -> None:
    book, secrets = tokens
    client = TestClient(service(filled, tokens=book))
    before = filled.get("62.03")
    body = {"event": KAPUAS_EVENT, "expected_version": before.version}
    refusals = [
        (client.post("/regions/62.03/events", json=body), 401, "auth.token"),
        (
            client.post("/regions/62.03/events", json=body, headers=bearer("ppsp_guess")),
            401,
            "auth.token",
        ),
        (
            client.post(
                "/regions/62.03/events", json=body, headers=bearer(secrets["pokja-katingan"])
            ),
            403,
            "auth.scope",
        ),
        (
            client.post("/regions/62.03/events", json=body, headers=bearer(secrets["bappeda"])),
            403,
            "auth.write",
        ),
    ]
    assert "ppsp_guess" not in refusals[1][0].text  # a secret given is never echoed
    for answer, status, code in refusals:
        assert (answer.status_code, answer.json()["code"]) == (status, code)
        assert answer.json()["format"] == "ppsp.error" and set(answer.json()["message"]) == {
            "id",
            "en",
        }
    assert filled.get("62.03") == before  # nothing stored
    made = client.post("/regions/62.03/events", json=body, headers=bearer(secrets["pokja-kapuas"]))
    assert made.status_code == 201 and made.json()["version"] == before.version + 1
    assert filled.get("62.03").events[-1] == ppsp.ClinicHeld(
        on=ppsp.parse_date("2026-01-20"), clinic=1, source="test"
    )


def test_a_stale_version_is_a_conflict_and_nothing_is_stored(filled, tokens) -> None:
    book, secrets = tokens
    client = TestClient(service(filled, tokens=book))
    before = filled.get("62.03")
    body = {"event": KAPUAS_EVENT, "expected_version": before.version - 1}
    answer = client.post(
        "/regions/62.03/events", json=body, headers=bearer(secrets["pokja-kapuas"])
    )
    assert (answer.status_code, answer.json()["code"]) == (409, "store.stale")
    assert filled.get("62.03") == before


def test_a_refused_step_names_its_unmet_criteria(filled) -> None:
    """K21: Pulang Pisau updates its SSK; its Pokja may not complete M1."""
    book, secret = TokenBook(()).issued("province", ["62"], write=True)
    client = TestClient(service(filled, tokens=book))
    before = filled.get("62.11")
    body = {
        "event": {"type": "milestone-completed", "on": ON, "milestone": 1},
        "expected_version": before.version,
    }
    answer = client.post("/regions/62.11/events", json=body, headers=bearer(secret))
    doc = answer.json()
    assert (answer.status_code, doc["code"]) == (422, "step.refused")
    assert set(doc["step"]["blocking"]) == {"at-stage", "cc1-held", "package-committed"}
    assert "ditolak" in doc["message"]["id"]
    assert filled.get("62.11") == before


def test_bad_requests_are_ppsp_errors_with_their_status(filled, tokens) -> None:
    book, secrets = tokens
    client = TestClient(service(filled, tokens=book, max_request_bytes=2_000))
    kapuas = bearer(secrets["pokja-kapuas"])
    version = filled.get("62.03").version
    cases = [
        (client.get("/regions/Kapuaz/record", headers=kapuas), 404, "region.unknown"),
        (
            client.get("/regions/62.03/assessment", params={"on": "31/02/2025"}, headers=kapuas),
            400,
            "date.invalid",
        ),
        (
            client.get("/regions/62.03/assessment", params={"lang": "fr"}, headers=kapuas),
            400,
            "choice.unknown",
        ),
        (client.post("/regions/62.03/events", content=b"{", headers=kapuas), 400, "json.invalid"),
        (
            client.post(
                "/regions/62.03/events",
                content=b'{"expected_version": 0, "expected_version": 99}',
                headers=kapuas,
            ),
            400,
            "json.duplicate",
        ),
        (
            client.post(
                "/regions/62.03/events",
                json={"event": {"type": "x"}, "expected_version": version},
                headers=kapuas,
            ),
            400,
            "choice.unknown",
        ),
        (
            client.post(
                "/regions/62.03/events",
                json={"event": KAPUAS_EVENT, "expected_version": version, "x": 1},
                headers=kapuas,
            ),
            400,
            "field.unknown",
        ),
        (client.post("/regions/62.03/events", content=b" " * 3_000, headers=kapuas), 413, None),
        (client.get("/nowhere"), 404, None),
        (client.get("/schemas/ppsp.nothing"), 404, "choice.unknown"),
    ]
    for answer, status, code in cases:
        doc = answer.json()
        assert answer.status_code == status and doc["format"] == "ppsp.error", doc
        if code is not None:
            assert [p["code"] for p in doc["problems"]] == [code], doc


def test_without_tokens_reads_are_open_and_writes_closed(filled) -> None:
    client = TestClient(service(filled))
    assert client.get("/regions/62.03/record").json()["version"] == filled.get("62.03").version
    answer = client.post(
        "/regions/62.03/events", json={"event": KAPUAS_EVENT, "expected_version": 0}
    )
    assert (answer.status_code, answer.json()["code"]) == (401, "auth.closed")


def test_reads_keep_to_the_token_s_regions(filled, tokens) -> None:
    book, secrets = tokens
    client = TestClient(service(filled, tokens=book))
    kapuas = bearer(secrets["pokja-kapuas"])
    assert client.get("/regions/62.07/record", headers=kapuas).status_code == 403
    record = client.get("/regions/62.03/record", headers=kapuas).json()
    assert record["head"] == ppsp.head(filled.get("62.03"))
    assert ppsp.loads(json.dumps(record["record"]), require_sealed=True) == (filled.get("62.03"),)
    report = client.get("/report", params={"on": ON}, headers=kapuas).json()
    assert [r["region"]["code"] for r in report["regencies"]] == ["62.03"]
    province = client.get("/report", params={"on": ON}, headers=bearer(secrets["bappeda"])).json()
    assert len(province["regencies"]) == 14


def test_funding_plans_are_checked_against_the_stored_records(filled, tokens, capsys) -> None:
    book, secrets = tokens
    client = TestClient(service(filled, tokens=book))
    body = json.loads(Path(FUNDING_EXAMPLE).read_text(encoding="utf-8"))
    answer = client.post("/funding/check", json=body, headers=bearer(secrets["bappeda"]))
    assert answer.status_code == 200
    main(["funding", "check", str(FUNDING_EXAMPLE), "--records", str(EXAMPLE), "--format", "json"])
    assert answer.json() == json.loads(capsys.readouterr().out)
    refused = client.post("/funding/check", json=body, headers=bearer(secrets["pokja-kapuas"]))
    assert refused.status_code == 403


def test_the_openapi_document_describes_every_route(filled) -> None:
    from jsonschema import Draft202012Validator

    client = TestClient(service(filled))
    doc = client.get("/openapi.json").json()
    assert doc == openapi_document()
    routes = {r.path for r in service(filled).routes}  # type: ignore[attr-defined]
    assert set(doc["paths"]) == routes - {"/openapi.json"}
    for kind, found in doc["components"]["schemas"].items():
        Draft202012Validator.check_schema(found)
        if kind.startswith("ppsp."):
            assert client.get(f"/schemas/{kind}").json() == found
    request = doc["paths"]["/regions/{region}/events"]["post"]["requestBody"]
    event = request["content"]["application/json"]["schema"]["properties"]["event"]["$ref"]
    assert event.startswith(doc["components"]["schemas"]["ppsp.record"]["$id"])


def test_tokens_are_kept_hashed_and_read_back(tmp_path: Path, tokens) -> None:
    book, secrets = tokens
    path = tmp_path / "tokens.json"
    book.save(path)
    text = path.read_text(encoding="utf-8")
    assert all(secret not in text for secret in secrets.values())
    assert oct(path.stat().st_mode & 0o777) == "0o600"
    assert TokenBook.load(path) == book
    doc = json.loads(text)
    doc["tokens"][0]["regions"] = ["62.3"]
    doc["tokens"][1]["access"] = "admin"
    doc["tokens"][2]["name"] = doc["tokens"][0]["name"]
    path.write_text(json.dumps(doc), encoding="utf-8")
    with pytest.raises(ppsp.DataError) as refused:
        TokenBook.load(path)
    assert [p.code for p in refused.value.problems] == [
        "token.scope",
        "choice.unknown",
        "id.duplicate",
    ]


def test_ppsp_token_new_prints_the_token_once(tmp_path: Path) -> None:
    path = tmp_path / "tokens.json"
    out = io.StringIO()
    argv = [
        "token",
        "new",
        "--tokens",
        str(path),
        "--name",
        "pokja-kapuas",
        "--scope",
        "62.03",
        "--write",
    ]
    assert main(argv, stdout=out) == 0
    secret = out.getvalue().strip()
    found = TokenBook.load(path).find(secret)
    assert found is not None and found.may_write("62.03") and not found.may_write("62.04")
    assert main(argv, stdout=io.StringIO(), stderr=io.StringIO()) == 2  # the same name twice


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.mark.slow
def test_ppsp_serve_answers_over_http(tmp_path: Path) -> None:
    store = ppsp.FileStore(tmp_path)
    for record in ppsp.load(EXAMPLE):
        store.import_record(record)
    port = _free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "ppsp", "serve", "--store", str(tmp_path), "--port", str(port)],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    try:
        url = f"http://127.0.0.1:{port}"
        for _ in range(100):
            try:
                with urllib.request.urlopen(f"{url}/health") as answer:
                    assert json.load(answer)["status"] == "ok"
                break
            except OSError:
                time.sleep(0.1)
        with urllib.request.urlopen(f"{url}/regions/62.03/assessment?on={ON}") as answer:
            assert json.load(answer)["regencies"][0]["stage"]["id"] == "m3-completed"
    finally:
        server.terminate()
        server.wait(timeout=10)


def test_a_broken_regency_outside_the_token_s_scope_does_not_show(filled, tokens) -> None:
    """The report reads only the regencies the token covers: another one's damage is not
    named to it, and its own damage is the service's fault (500), not the request's."""
    book, secrets = tokens
    client = TestClient(service(filled, tokens=book))
    if isinstance(filled, SqlStore):
        with filled.engine.begin() as conn:
            conn.execute(event_table.delete().where(event_table.c.region == "62.03"))
    else:
        (Path(filled.directory) / "62.03.json").unlink()
    katingan = client.get("/report", params={"on": ON}, headers=bearer(secrets["pokja-katingan"]))
    assert katingan.status_code == 200 and "62.03" not in katingan.text
    kapuas = client.get("/report", params={"on": ON}, headers=bearer(secrets["pokja-kapuas"]))
    assert (kapuas.status_code, kapuas.json()["code"]) == (500, "seal.broken")


def test_a_writer_does_not_choose_the_day_it_records(filled, tokens) -> None:
    """The service's today, where the regency is: an event dated after it is refused."""
    book, secrets = tokens
    client = TestClient(service(filled, tokens=book))
    version = filled.get("62.03").version
    future = {**KAPUAS_EVENT, "on": "2099-01-20"}
    cases = [
        (
            {"event": KAPUAS_EVENT, "expected_version": version, "today": "2099-12-31"},
            "field.unknown",
        ),
        ({"event": future, "expected_version": version}, "event.future"),
        ({"event": KAPUAS_EVENT, "expected_version": -1}, "type.number"),
    ]
    for body, code in cases:
        answer = client.post(
            "/regions/62.03/events", json=body, headers=bearer(secrets["pokja-kapuas"])
        )
        assert (answer.status_code, [p["code"] for p in answer.json()["problems"]]) == (400, [code])
    assert filled.get("62.03").version == version


def test_an_in_memory_database_is_one_database_for_every_thread() -> None:
    store = SqlStore("sqlite://")
    for record in ppsp.load(EXAMPLE):
        store.import_record(record)
    client = TestClient(service(store))  # requests run in a pool of threads
    assert client.get("/regions/62.03/record").json()["version"] == store.get("62.03").version


def test_serve_without_its_extra_says_what_to_install(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setitem(sys.modules, "uvicorn", None)  # as if it were not installed
    err = io.StringIO()
    assert main(["serve", "--store", str(tmp_path), "--lang", "en"], stderr=err) == 2
    assert "pip install 'ppsp[server]'" in err.getvalue()
