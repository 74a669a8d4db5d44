"""A tiny keep-alive HTTP client for the bench (standard library only, loopback only).

One `Session` per simulated client: its own connection and cookies, as a browser has.
"""

import http.client
import json
import re
from http.cookies import SimpleCookie
from urllib.parse import urlencode

_TOKEN = re.compile(r'name="token" value="([^"]+)"')


class Session:
    def __init__(self, port: int, *, token: str | None = None):
        self.port = port
        self.cookies: dict[str, str] = {}
        self.headers = {"Authorization": f"Token {token}"} if token else {}
        self.connection = http.client.HTTPConnection("127.0.0.1", port, timeout=240)

    def request(self, method: str, path: str, body=None, headers=None):
        headers = {**self.headers, **(headers or {})}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        for attempt in range(2):
            try:
                self.connection.request(method, path, body=body, headers=headers)
                response = self.connection.getresponse()
                data = response.read()
                break
            except (http.client.HTTPException, ConnectionError):
                self.connection.close()
                if attempt:
                    raise
        for header in response.msg.get_all("Set-Cookie") or []:
            cookie = SimpleCookie(header)
            for key, morsel in cookie.items():
                self.cookies[key] = morsel.value
        return response.status, data

    def get(self, path: str):
        return self.request("GET", path)

    def post_form(self, path: str, fields: dict):
        fields = {**fields, "csrfmiddlewaretoken": self.cookies.get("csrftoken", "")}
        headers = {"Content-Type": "application/x-www-form-urlencoded"}
        return self.request("POST", path, urlencode(fields, doseq=True), headers)

    def post_json(self, path: str, payload: dict):
        body = json.dumps(payload, ensure_ascii=False).encode()
        return self.request("POST", path, body, {"Content-Type": "application/json"})

    def login(self, login_path: str, username: str, password: str) -> None:
        self.get(login_path)
        status, _body = self.post_form(login_path, {"username": username, "password": password})
        if status != 302:
            raise RuntimeError(f"login of {username} answered {status}")

    def form_token(self, path: str) -> str:
        status, body = self.get(path)
        match = _TOKEN.search(body.decode("utf-8", "replace"))
        if status != 200 or not match:
            raise RuntimeError(f"no intake form token at {path} ({status})")
        return match[1]
