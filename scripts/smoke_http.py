"""A small HTTP client for scripts/prod_smoke.py: cookies kept by hand, and HTTPS as a TLS proxy reports it.

gunicorn speaks plain HTTP behind the proxy that production needs; `X-Forwarded-Proto: https` is what
that proxy sends, and production settings trust it (SECURE_PROXY_SSL_HEADER). Secure cookies are kept
and sent regardless of the scheme, as the browser on the far side of the proxy would.
"""

from __future__ import annotations

import base64
import http.client
import json
import socket
from dataclasses import dataclass
from http.cookies import SimpleCookie
from urllib.parse import urlencode, urlsplit


@dataclass
class Response:
    status: int
    headers: list[tuple[str, str]]
    body: bytes

    def header(self, name: str, default: str | None = None) -> str | None:
        values = [v for k, v in self.headers if k.lower() == name.lower()]
        return ", ".join(values) if values else default

    @property
    def text(self) -> str:
        return self.body.decode("utf-8", errors="replace")


class Browser:
    def __init__(self, host: str, port: int | str) -> None:
        self.host, self.port = host, int(port)
        self.cookies: dict[str, str] = {}
        self.auth = ""

    @property
    def origin(self) -> str:
        return f"https://{self.host}:{self.port}"

    def basic(self, username: str, password: str) -> None:
        self.auth = "Basic " + base64.b64encode(f"{username}:{password}".encode()).decode()

    def request(
        self, method: str, path: str, body: bytes | None = None, *, https: bool = True, extra: dict[str, str] | None = None
    ) -> Response:
        headers = {"Host": f"{self.host}:{self.port}", "User-Agent": "prod-smoke"}
        if https:
            headers["X-Forwarded-Proto"] = "https"
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        if self.auth:
            headers["Authorization"] = self.auth
        headers.update(extra or {})
        conn = http.client.HTTPConnection(self.host, self.port, timeout=30)
        try:
            conn.request(method, path, body=body, headers=headers)
            raw = conn.getresponse()
            response = Response(raw.status, raw.getheaders(), raw.read())
        finally:
            conn.close()
        for name, value in response.headers:
            if name.lower() == "set-cookie":
                for morsel in SimpleCookie(value).values():
                    self.cookies[morsel.key] = morsel.value
        return response

    def get(self, path: str, **kwargs: object) -> Response:
        return self.request("GET", path, **kwargs)

    def post_form(self, path: str, fields: dict[str, str]) -> Response:
        # Django checks Origin against the host for an HTTPS POST, then the CSRF cookie against the form.
        return self.request(
            "POST",
            path,
            urlencode(fields).encode(),
            extra={
                "Content-Type": "application/x-www-form-urlencoded",
                "Origin": self.origin,
                "Referer": f"{self.origin}{path}",
            },
        )

    def api_list(self, path: str, limit: int = 100) -> list[dict] | None:
        """Every row of a paged API list, following `next`; None when a page is not a 200."""
        rows: list[dict] = []
        while path and limit:
            response = self.get(path, extra={"Accept": "application/json"})
            if response.status != 200:
                return None
            page = json.loads(response.body)
            if isinstance(page, list):
                return rows + page
            rows.extend(page.get("results", []))
            following = page.get("next")
            path = urlsplit(following)._replace(scheme="", netloc="").geturl() if following else ""
            limit -= 1
        return rows


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]
