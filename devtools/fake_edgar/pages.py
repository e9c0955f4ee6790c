"""The fake EDGAR's own error bodies, written for this project.

Each keeps what a client recognises on the real page (the status is set by the server; the <title>
or XML <Code> is here) and says the rest in our own words. When the served root has an `odd/`
folder with real pages of the same name, the server prefers those.
"""

from __future__ import annotations

from html import escape
from xml.sax.saxutils import escape as xml_escape

ACCESS_DENIED = "403-access-denied.xml"
NO_SUCH_KEY = "404-no-such-key.xml"
UNDECLARED_TOOL = "403-undeclared-automated-tool.html"
RATE_THRESHOLD = "403-request-rate-threshold-exceeded.html"


def _html(title: str, *paragraphs: str) -> bytes:
    body = "".join(f"<p>{escape(p)}</p>\n" for p in paragraphs)
    return (
        '<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        f"<title>SEC.gov | {escape(title)}</title>\n</head>\n<body>\n<h1>{escape(title)}</h1>\n{body}"
        "<p>(Served by the project's fake EDGAR.)</p>\n</body>\n</html>\n"
    ).encode()


def _xml_error(code: str, message: str, **extra: str) -> bytes:
    fields = "".join(f"<{k}>{xml_escape(v)}</{k}>" for k, v in extra.items())
    return (
        f'<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>{code}</Code><Message>{xml_escape(message)}</Message>'
        f"{fields}<RequestId>FAKEEDGAR</RequestId></Error>"
    ).encode()


def access_denied_xml() -> bytes:
    return _xml_error("AccessDenied", "This fake EDGAR has nothing at that Archives path.")


def no_such_key_xml(key: str) -> bytes:
    return _xml_error("NoSuchKey", "This fake EDGAR has no object under that key.", Key=key)


def undeclared_tool_html() -> bytes:
    return _html(
        "Your Request Originates from an Undeclared Automated Tool",
        "This fake EDGAR refuses requests whose User-Agent does not name a company and a contact email.",
        "Send a header such as: User-Agent: Example Corp ops@example.com",
    )


def rate_threshold_html() -> bytes:
    return _html(
        "Request Rate Threshold Exceeded",
        "This fake EDGAR saw more requests per second from your client than it allows.",
        "Your client is blocked for a while; slow down and try again later.",
    )


def service_unavailable_html() -> bytes:
    return _html("Service Unavailable", "This fake EDGAR was told to fail this request (an injected fault).")


def too_many_requests_html() -> bytes:
    return _html("Too Many Requests", "This fake EDGAR was told to answer 429 (an injected fault).")
