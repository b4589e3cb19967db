"""The HTTP service: ppsp's questions as JSON endpoints, for apps in any language.

Every answer is JSON; every refusal is a ``ppsp.error`` document (its code, its message in both
languages, each problem with its code and path) with the HTTP status that fits: 400 invalid
input, 401 no or unknown token, 403 a token that does not cover the region or may not write,
404 an unknown region or path, 409 a stale version, 413 a request too large, 422 a step refused
(with every criterion). The store's work runs in a thread, off the event loop.

>>> from starlette.testclient import TestClient
>>> import tempfile, ppsp
>>> client = TestClient(service(ppsp.FileStore(tempfile.mkdtemp())))
>>> client.get("/regions/62.03/record").json()["version"]
0
"""

from __future__ import annotations

import datetime as dt
import json
import sys
from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING, Any, TypeGuard, Union

from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from ppsp.__about__ import __version__
from ppsp.analysis.province import province_report
from ppsp.core.catalogue import N_
from ppsp.core.dates import parse_date
from ppsp.core.errors import ConflictError, DataError, PPSPError, Problem, UnknownRegionError
from ppsp.core.events import Record
from ppsp.core.lang import Lang
from ppsp.core.regions import Region
from ppsp.core.validate import enum_member
from ppsp.core.zones import today
from ppsp.engine import TransitionRefused, assess
from ppsp.formats.convert import structure_event, unknown_fields
from ppsp.formats.document import parse_object
from ppsp.formats.funding import loads_plans
from ppsp.formats.record import dumps
from ppsp.formats.schema import KINDS, schema
from ppsp.formats.seal import BrokenChainError, genesis, head
from ppsp.formats.store import FileStore
from ppsp.render.json import assessment_json, check_json, error_json
from ppsp.rulebooks.funding import FUNDING_RULES
from ppsp.rules.funding.lines import check
from ppsp.server.openapi import openapi_document
from ppsp.server.tokens import Token, TokenBook

__all__ = ["MAX_REQUEST_BYTES", "service"]

MAX_REQUEST_BYTES = 1024 * 1024
"""The largest request body the service reads: an event is well under a kilobyte, a funding
document of a province some tens of kilobytes."""

if TYPE_CHECKING:
    from ppsp.sql import SqlStore

Store = Union[FileStore, "SqlStore"]
_MAY_READ = N_("a token that may read {region}")
_MAY_WRITE = N_("a token that may record events for {region}")


Handler = Callable[[Request], Awaitable[Response]]


class _Refused(DataError):
    """A request the service refuses before any work — no token, a token out of scope, a
    request too large — as its one ``problem``, with its HTTP ``status``; its ``code`` is the
    problem's."""

    def __init__(self, status: int, problem: Problem) -> None:
        super().__init__([problem])
        self.status = status
        self.code = problem.code


def service(
    store: Store,
    *,
    tokens: TokenBook | None = None,
    max_request_bytes: int = MAX_REQUEST_BYTES,
) -> Starlette:
    """The ASGI app that serves ``store``: run it with ``uvicorn`` (``ppsp serve`` does).

    Without ``tokens`` every read is open and no write is accepted; with them, every request
    for a regency's data needs a token that covers it (``Authorization: Bearer …``), and a write
    one that may write.
    """

    def guarded(
        handler: Callable[[Request, Token | None], Awaitable[Any]],
        *,
        write: bool = False,
        status: int = 200,
    ) -> Handler:
        async def endpoint(request: Request) -> Response:
            try:
                lang = enum_member(Lang, "lang", request.query_params.get("lang", "id"))
                token = _token(request, tokens, write=write)
                found = await handler(request, token)
            except _Refused as err:
                return _error(err, err.status, request)
            except TransitionRefused as err:
                return _error(err, 422, request)
            except ConflictError as err:
                return _error(err, 409, request)
            except BrokenChainError as err:  # the stored history, not the request, is wrong
                return _error(err, 500, request)
            except UnknownRegionError as err:
                return _error(err, 404 if "region" in request.path_params else 400, request)
            except PPSPError as err:
                return _error(err, 400, request)
            return JSONResponse(found, status_code=status, headers={"content-language": lang.value})

        return endpoint

    def region(request: Request, token: Token | None, *, write: bool = False) -> Region:
        found = store.regions.get(request.path_params["region"], path="region")
        allowed = token is None or (token.may_write if write else token.may_read)(found.code)
        if not allowed:
            wanted = _MAY_WRITE if write else _MAY_READ
            scope = Problem(
                "region", found.code, wanted, code="auth.scope", values={"region": found.code}
            )
            raise _Refused(403, scope)
        return found

    async def regions(request: Request, _token: Token | None) -> Any:
        return {
            "regions": [
                {
                    "code": r.code,
                    "name": r.name,
                    "kind": r.kind.value,
                    "province_code": r.province_code,
                    "bps_code": r.bps_code,
                }
                for r in store.regions
            ]
        }

    async def record(request: Request, token: Token | None) -> Any:
        found = region(request, token)
        rec = await run_in_threadpool(store.get, found)
        written = json.loads(dumps(rec))
        events = written["events"]  # sealed: the last one's hash is the head, hashed once
        return {
            "region": found.code,
            "name": found.name,
            "version": rec.version,
            "head": events[-1]["hash"] if events else genesis(found),
            "record": written,
        }

    async def assessment(request: Request, token: Token | None) -> Any:
        found = region(request, token)
        rec = await run_in_threadpool(store.get, found)
        on = _on(request, found)
        return assessment_json([await run_in_threadpool(assess, rec, on)], on)

    async def append(request: Request, token: Token | None) -> Any:
        found = region(request, token, write=True)
        body = parse_object(await _body(request, max_request_bytes))
        problems = unknown_fields(body, "", ("event", "expected_version"))
        if problems:
            raise DataError(problems)
        event = structure_event(body.get("event"), "event")
        version: Any = body.get("expected_version")  # the store refuses what is not a number
        day = today(found)  # the service's own: a writer does not choose it
        name = token.name if token is not None else None

        def write() -> Record:
            if _database(store):
                return store.append(found, event, expected_version=version, today=day, by=name)
            return store.append(found, event, expected_version=version, today=day)

        made = await run_in_threadpool(write)
        return {"region": found.code, "version": made.version, "head": head(made)}

    async def report(request: Request, token: Token | None) -> Any:
        codes = await run_in_threadpool(store.codes)
        wanted = [c for c in codes if token is None or token.may_read(c)]  # before reading any
        records = [await run_in_threadpool(store.get, code) for code in wanted]
        on = _on(request, records[0].region if records else None)
        return (await run_in_threadpool(province_report, records, on)).to_json()

    async def funding_check(request: Request, token: Token | None) -> Any:
        plans = loads_plans(await _body(request, max_request_bytes), regions=store.regions)
        for plan in plans:
            if token is not None and not token.may_read(plan.region.code):
                code = plan.region.code
                scope = Problem(
                    "plans", code, _MAY_READ, code="auth.scope", values={"region": code}
                )
                raise _Refused(403, scope)
        checks = [
            check(p, rules=FUNDING_RULES, record=await run_in_threadpool(store.get, p.region))
            for p in plans
        ]
        return check_json(checks, [])

    async def schema_of(request: Request, _token: Token | None) -> Any:
        kind = request.path_params["kind"]
        if kind not in KINDS:
            raise DataError.choice("kind", kind, KINDS)
        return schema(kind)

    async def described(request: Request, _token: Token | None) -> Any:
        return openapi_document()

    async def health(request: Request, _token: Token | None) -> Any:
        return {"status": "ok", "ppsp": __version__, "store": _store_kind(store)}

    def public(handler: Callable[[Request, Token | None], Awaitable[Any]]) -> Handler:
        async def endpoint(request: Request) -> Response:
            try:
                return JSONResponse(await handler(request, None))
            except PPSPError as err:
                return _error(err, 404 if "kind" in request.path_params else 400, request)

        return endpoint

    routes = [
        Route("/health", public(health)),
        Route("/openapi.json", public(described)),
        Route("/schemas/{kind}", public(schema_of)),
        Route("/regions", public(regions)),
        Route("/regions/{region}/record", guarded(record)),
        Route("/regions/{region}/assessment", guarded(assessment)),
        Route(
            "/regions/{region}/events", guarded(append, write=True, status=201), methods=["POST"]
        ),
        Route("/report", guarded(report)),
        Route("/funding/check", guarded(funding_check), methods=["POST"]),
    ]
    handlers = {HTTPException: _http_error, Exception: _failed}
    return Starlette(routes=routes, exception_handlers=handlers)


def _database(store: Store) -> TypeGuard[SqlStore]:
    """Whether ``store`` is a :class:`~ppsp.sql.SqlStore` (whose module is imported only by
    those who use one: a FileStore needs no SQLAlchemy)."""
    sql = sys.modules.get("ppsp.sql")
    return sql is not None and isinstance(store, sql.SqlStore)


def _store_kind(store: Store) -> str:
    return store.engine.dialect.name if _database(store) else "file"


def _token(request: Request, tokens: TokenBook | None, *, write: bool) -> Token | None:
    """The caller's token, or ``None`` when the service has none and the request only reads."""
    given = request.headers.get("authorization", "")
    if tokens is None:
        if write:
            closed = N_("a service started with tokens: this one takes no writes")
            raise _Refused(401, Problem("Authorization", "", closed, code="auth.closed"))
        return None
    scheme, _, secret = given.partition(" ")
    found = tokens.find(secret.strip()) if scheme.lower() == "bearer" else None
    if found is None:
        valid = N_("a valid token: Bearer <token>")
        shown = f"{scheme} …" if secret else scheme  # the secret given is never shown
        raise _Refused(401, Problem("Authorization", shown, valid, code="auth.token"))
    if write and not found.write:
        writer = N_("a token that may write")
        raise _Refused(403, Problem("Authorization", found.name, writer, code="auth.write"))
    return found


def _too_large(size: int, limit: int) -> Problem:
    """A request body of ``size`` bytes, over the ``limit``."""
    expected = N_("a request of at most {limit} bytes")
    return Problem("body", size, expected, code="request.size", values={"limit": limit})


def _on(request: Request, region: Region | None) -> dt.date:
    given = request.query_params.get("on")
    if given is not None:
        return parse_date(given, path="on")
    return today(region if region is not None else "31")


async def _body(request: Request, limit: int) -> bytes:
    """The request's body, read no further than ``limit`` bytes."""
    size = request.headers.get("content-length")
    if size is not None and size.isdigit() and int(size) > limit:
        raise _Refused(413, _too_large(int(size), limit))
    chunks, total = [], 0
    async for chunk in request.stream():
        total += len(chunk)
        if total > limit:
            raise _Refused(413, _too_large(total, limit))
        chunks.append(chunk)
    return b"".join(chunks)


def _error(err: PPSPError, status: int, request: Request) -> JSONResponse:
    """A refusal as a ``ppsp.error`` document with its HTTP status."""
    return JSONResponse(error_json(err), status_code=status)


async def _failed(request: Request, exc: Exception) -> Response:
    """A fault of the service itself (a database gone away): a ``ppsp.error`` document, 500."""
    failed = N_("an answer; the service failed ({error}), and its log says more")
    problem = Problem("", None, failed, code="service.failed", values={"error": type(exc).__name__})
    return _error(_Refused(500, problem), 500, request)


async def _http_error(request: Request, exc: Exception) -> Response:
    status = exc.status_code if isinstance(exc, HTTPException) else 500
    answered = N_("a path and method the service answers")
    asked = f"{request.method} {request.url.path}"
    refused = _Refused(status, Problem("path", asked, answered, code="http.status"))
    return _error(refused, status, request)
