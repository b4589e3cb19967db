"""ppsp as a service: JSON over HTTP for apps that cannot import Python (PHP, Java …).

``ppsp serve --store DIR|URL [--tokens FILE]`` runs :func:`~ppsp.server.app.service` with
uvicorn; ``ppsp token new`` makes a token. Needs the ``server`` extra (``pip install
'ppsp[server]'``: Starlette and uvicorn; ``ppsp[sql]`` for a database store). docs/service.md shows it next to a Laravel app.
Each name is imported from its module when first used: the tokens need no Starlette.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from ppsp.server.app import MAX_REQUEST_BYTES as MAX_REQUEST_BYTES
    from ppsp.server.app import service as service
    from ppsp.server.openapi import openapi_document as openapi_document
    from ppsp.server.tokens import Token as Token
    from ppsp.server.tokens import TokenBook as TokenBook

__all__ = ["MAX_REQUEST_BYTES", "Token", "TokenBook", "openapi_document", "service"]

_HOMES = {
    "MAX_REQUEST_BYTES": "ppsp.server.app",
    "service": "ppsp.server.app",
    "openapi_document": "ppsp.server.openapi",
    "Token": "ppsp.server.tokens",
    "TokenBook": "ppsp.server.tokens",
}


def __getattr__(name: str) -> Any:
    if name not in _HOMES:
        raise AttributeError(f"module 'ppsp.server' has no attribute {name!r}")
    return getattr(importlib.import_module(_HOMES[name]), name)


def __dir__() -> list[str]:
    return sorted(__all__)
