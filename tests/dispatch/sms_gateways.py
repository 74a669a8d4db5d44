"""Fixtures of the SMS gateway tests: each vendor's fake endpoint (tests/fakes/) started
as a real process on 127.0.0.1, and the settings that point the vendor's backend at it."""

import json
import os
import subprocess
import sys
import urllib.request
from dataclasses import dataclass
from pathlib import Path

from dispatch.sms import templates

TESTS = Path(__file__).resolve().parent.parent
KEY_ID, SECRET = "LTAI-test-key", "test-secret-never-real"
SIGN_NAME = "宜昌人社"
TENCENT_APP_ID = "1400000001"
# Template kind -> (the vendor's template code, the parameters the approved template has).
CODES = {
    "aliyun": {kind: f"SMS_{1001 + n}" for n, kind in enumerate(templates.TEMPLATE_PARAMS)},
    "tencent": {kind: str(2001 + n) for n, kind in enumerate(templates.TEMPLATE_PARAMS)},
}
BACKENDS = {
    "aliyun": "dispatch.sms.aliyun.AliyunBackend",
    "tencent": "dispatch.sms.tencent.TencentBackend",
}
MAX_LENGTH = {"aliyun": 35, "tencent": 0}


@dataclass
class FakeGateway:
    vendor: str
    url: str
    process: subprocess.Popen

    def _call(self, path: str, body: dict | None = None) -> dict:
        data = json.dumps(body or {}).encode()
        request = urllib.request.Request(self.url + path, data=data, method="POST")
        with urllib.request.urlopen(request, timeout=10) as answer:  # noqa: S310 - loopback
            return json.load(answer)

    def state(self) -> dict:
        return self._call("/_fake/state")

    def refuse(self, phone: str, code: str) -> None:
        self._call("/_fake/fail", {"phone": phone, "code": code})

    def make_undeliverable(self, phone: str) -> None:
        self._call("/_fake/undeliverable", {"phone": phone})


def start_gateway(vendor: str) -> FakeGateway:
    """The vendor's fake, listening on a free port, knowing the test's key and templates."""
    approved = {code: templates.TEMPLATE_PARAMS[kind] for kind, code in CODES[vendor].items()}
    command = [
        sys.executable,
        "-m",
        f"fakes.{vendor}_sms",
        "--port=0",
        f"--key-id={KEY_ID}",
        f"--secret={SECRET}",
        f"--sign-name={SIGN_NAME}",
        f"--templates={json.dumps(approved)}",
        f"--max-length={MAX_LENGTH[vendor]}",
    ]
    if vendor == "tencent":
        command.append(f"--app-id={TENCENT_APP_ID}")
    environment = {**os.environ, "PYTHONPATH": str(TESTS)}
    process = subprocess.Popen(  # noqa: S603 - our own interpreter and script
        command, stdout=subprocess.PIPE, text=True, env=environment, cwd=TESTS
    )
    first_line = process.stdout.readline()
    if not first_line.startswith("PORT "):
        process.kill()
        raise RuntimeError(f"the fake {vendor} gateway did not start: {first_line!r}")
    return FakeGateway(vendor, f"http://127.0.0.1:{first_line.split()[1]}", process)


def point_settings_at(settings, gateway: FakeGateway) -> None:
    settings.SMS_BACKEND = BACKENDS[gateway.vendor]
    settings.SMS_ENDPOINT = gateway.url
    settings.SMS_ACCESS_KEY_ID = KEY_ID
    settings.SMS_ACCESS_KEY_SECRET = SECRET
    settings.SMS_REGION = ""
    settings.SMS_SIGN_NAME = f"【{SIGN_NAME}】"  # as people write it; the vendors want it bare
    settings.SMS_TEMPLATES = CODES[gateway.vendor]
    settings.SMS_TENCENT_SDK_APP_ID = TENCENT_APP_ID
    settings.SMS_PARAM_MAX_LENGTH = 0
    settings.SMS_RATE_LIMITS = []
    settings.SMS_MAX_ATTEMPTS = 3
    settings.SMS_RETRY_DELAY_SECONDS = 60
