"""The checks scripts/prod_smoke.py makes over HTTP once web is healthy: HTTPS and host refusal, the
admin's hashed static files, sign-in through the login form with CSRF, and the API by session and token.
"""

from __future__ import annotations

import json
import re
import sys
from urllib.parse import urlencode

# Run as a script, prod_smoke's folder is first on sys.path.
from smoke_http import Browser
from smoke_processes import SmokeRun


def web_checks(
    smoke: SmokeRun, browser: Browser, *, username: str, password: str, expected_letters: int, env: dict[str, str]
) -> None:
    plain = browser.get("/admin/login/", https=False)
    smoke.check(
        plain.status == 301 and plain.header("Location", "").startswith("https://"),
        "plain HTTP is redirected to HTTPS",
        plain.status,
    )
    smoke.check(browser.get("/admin/", extra={"Host": "evil.example"}).status == 400, "an unknown Host is refused")
    missing = browser.get("/no-such-page/")
    smoke.check(missing.status == 404 and "DEBUG = True" not in missing.text, "404 without the debug page")

    page = browser.get("/admin/login/?next=/admin/")
    smoke.check(
        page.status == 200
        and "max-age=" in page.header("Strict-Transport-Security", "")
        and page.header("X-Content-Type-Options") == "nosniff",
        "login page over HTTPS with HSTS",
        page.status,
    )
    css = re.search(r'href="(/static/admin/css/base\.[0-9a-f]{12}\.css)"', page.text)
    if smoke.check(css is not None, "admin pages link hashed static files"):
        static = browser.get(css.group(1))
        smoke.check(
            static.status == 200
            and len(static.body) > 1000
            and "immutable" in static.header("Cache-Control", "")
            and static.header("Content-Type", "").startswith("text/css"),
            "WhiteNoise serves them, cached forever",
            f"{static.status} {static.header('Cache-Control')}",
        )
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text)
    smoke.check(token is not None and "csrftoken" in browser.cookies, "login form carries a CSRF token")
    no_csrf = Browser(browser.host, browser.port).post_form("/admin/login/", {"username": username, "password": password})
    smoke.check(no_csrf.status == 403, "a login POST without CSRF is refused", no_csrf.status)
    login = browser.post_form(
        "/admin/login/?next=/admin/",
        {
            "csrfmiddlewaretoken": token.group(1) if token else "",
            "username": username,
            "password": password,
            "next": "/admin/",
        },
    )
    cookie = next((v for k, v in login.headers if k.lower() == "set-cookie" and v.startswith("sessionid=")), "")
    smoke.check(
        login.status == 302
        and login.header("Location") == "/admin/"
        and "sessionid" in browser.cookies
        and "Secure" in cookie
        and "HttpOnly" in cookie,
        "admin sign-in through the form",
        login.status,
    )
    home = browser.get("/admin/")
    smoke.check(
        home.status == 200 and "Site administration" in home.text and username in home.text,
        "signed-in admin index",
        home.status,
    )
    letters_page = browser.get("/admin/comments/letter/")
    smoke.check(
        letters_page.status == 200 and re.search(rf"\b{expected_letters} letters\b", letters_page.text),
        "admin letter list shows every letter",
        letters_page.status,
    )

    anonymous = Browser(browser.host, browser.port).get("/api/v1/letters/")
    smoke.check(anonymous.status in {401, 403}, "the API refuses an anonymous caller", anonymous.status)
    listed = browser.api_list("/api/v1/letters/")
    smoke.check(
        listed is not None and len(listed) == expected_letters,
        "API lists every letter (session)",
        None if listed is None else len(listed),
    )
    if listed:
        detail = browser.get(f"/api/v1/letters/{listed[0]['id']}/", extra={"Accept": "application/json"})
        smoke.check(
            detail.status == 200 and json.loads(detail.body).get("id") == listed[0]["id"],
            "API letter detail (session)",
            detail.status,
        )
    api = Browser(browser.host, browser.port)
    if smoke.run("drf_create_token", [sys.executable, "manage.py", "drf_create_token", username], env) == 0:
        key = re.search(r"Generated token (\w+)", smoke.log_text("drf_create_token"))
        api.auth = f"Token {key.group(1)}" if key else ""
        how = "token"
    else:  # no rest_framework.authtoken: HTTP Basic, DRF's default
        api.basic(username, password)
        how = "basic"
    listed = api.api_list("/api/v1/letters/")
    smoke.check(
        listed is not None and len(listed) == expected_letters,
        f"API lists every letter ({how} auth)",
        None if listed is None else len(listed),
    )
    # A pasted comment in a URL: past gunicorn's default request line of 4,094 characters.
    pasted = "Please expand your discussion of goodwill impairment, e.g., its testing (see Note 7). " * 70
    found = api.get("/api/v1/precedents/?" + urlencode({"q": pasted, "limit": 1}), extra={"Accept": "application/json"})
    smoke.check(
        found.status == 200 and '"results"' in str(found.body),
        f"a {len(urlencode({'q': pasted})):,}-character precedents URL reaches the API",
        found.status,
    )
