"""What the fake SMS gateways share: an HTTP server on 127.0.0.1, its state, and the
control endpoints tests use (`/_fake/...`), which the vendors' SDKs never call.

The state, kept by the server process: `sent` (each message the gateway took: number,
signature, template, parameters, message id), `refused` (requests it turned down, with
the vendor's error code), `fail` (number -> error code to refuse it with), `undeliverable`
(numbers whose receipt says failed). Started with `--port 0`, the process prints
"PORT <n>" on its first line once it listens.
"""

import argparse
import json
import threading
import uuid
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


class GatewayState:
    def __init__(self, options):
        self.options = options
        self.lock = threading.Lock()
        self.sent: list[dict] = []
        self.refused: list[dict] = []
        self.fail: dict[str, str] = {}
        self.undeliverable: set[str] = set()

    def record_sent(self, **message) -> str:
        message_id = uuid.uuid4().hex[:20]
        with self.lock:
            self.sent.append({**message, "message_id": message_id, "pulled": False})
        return message_id

    def record_refused(self, code: str, **details) -> None:
        with self.lock:
            self.refused.append({"code": code, **details})

    def control(self, path: str, body: dict) -> dict | None:
        """The answer to a `/_fake/...` request, None for an unknown one."""
        with self.lock:
            if path == "/_fake/state":
                return {"sent": self.sent, "refused": self.refused}
            if path == "/_fake/fail":
                self.fail[body["phone"]] = body["code"]
                return {"ok": True}
            if path == "/_fake/undeliverable":
                self.undeliverable.add(body["phone"])
                return {"ok": True}
        return None


class GatewayHandler(BaseHTTPRequestHandler):
    """Reads the body, answers control requests, hands the rest to `api(body)`."""

    state: GatewayState
    content_type = "application/json;charset=utf-8"

    def log_message(self, format, *args):  # noqa: A002 - the base class's name
        pass  # quiet: the test's output is the record

    def do_GET(self):  # noqa: N802 - http.server's name
        self._handle()

    def do_POST(self):  # noqa: N802
        self._handle()

    def _handle(self):
        length = int(self.headers.get("Content-Length") or 0)
        self.raw_body = self.rfile.read(length) if length else b""
        if self.path.startswith("/_fake/"):
            answer = self.state.control(self.path, json.loads(self.raw_body or b"{}"))
            self.reply(200 if answer is not None else 404, answer or {})
            return
        status, answer = self.api()
        self.reply(status, answer)

    def api(self) -> tuple[int, dict]:
        raise NotImplementedError

    def reply(self, status: int, answer: dict) -> None:
        data = json.dumps(answer, ensure_ascii=False).encode()
        self.send_response(status)
        self.send_header("Content-Type", self.content_type)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)


def serve(handler: type[GatewayHandler], arguments: argparse.ArgumentParser) -> None:
    """Parse the options, listen on 127.0.0.1 and serve until terminated."""
    options = arguments.parse_args()
    options.templates = json.loads(options.templates)
    handler.state = GatewayState(options)
    server = ThreadingHTTPServer(("127.0.0.1", options.port), handler)
    print(f"PORT {server.server_address[1]}", flush=True)
    server.serve_forever()


def common_arguments(description: str) -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(description=description)
    parser.add_argument("--port", type=int, default=0)
    parser.add_argument("--key-id", required=True)
    parser.add_argument("--secret", required=True)
    parser.add_argument("--sign-name", required=True)
    parser.add_argument("--templates", required=True, help="JSON: code -> parameter names")
    parser.add_argument("--max-length", type=int, default=0, help="longest parameter value")
    return parser
