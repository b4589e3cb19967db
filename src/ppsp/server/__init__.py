"""ppsp as a service: JSON over HTTP for apps that cannot import Python (PHP, Java …).

``ppsp serve --store DIR|URL [--tokens FILE]`` runs :func:`service` with uvicorn; ``ppsp token
new`` makes a token. Needs the ``server`` extra (``pip install 'ppsp[server]'``: Starlette and
uvicorn; ``ppsp[sql]`` for a database store). docs/service.md shows it next to a Laravel app.
"""

from ppsp.server.app import MAX_REQUEST_BYTES, service
from ppsp.server.openapi import openapi_document
from ppsp.server.tokens import Token, TokenBook

__all__ = ["MAX_REQUEST_BYTES", "Token", "TokenBook", "openapi_document", "service"]
