"""A fake Tencent Cloud SMS endpoint (API 2021-01-11) for tests: a real HTTP server on
127.0.0.1 that the SDK talks to when SMS_ENDPOINT points at it.

It checks each request's TC3-HMAC-SHA256 signature by recomputing it with the test's
SecretKey (canonical request over content-type and host and the body's SHA-256; the key
derived from the date, the service "sms" and "tc3_request"), then SendSms's
SmsSdkAppId, SignName, TemplateId and TemplateParamSet (as many values as the template
has, each at most --max-length characters), and answers as the API does: a
SendStatusSet with Code "Ok" and a SerialNo per number, or an Error. PullSmsSendStatus
hands out each message's report once: SUCCESS, or FAIL for an undeliverable number.
Run: python -m fakes.tencent_sms --port 0 --key-id ... --app-id ... (fakes/sms_gateway.py).
"""

import hashlib
import hmac
import json
from datetime import datetime

from fakes.sms_gateway import GatewayHandler, common_arguments, serve

ALGORITHM = "TC3-HMAC-SHA256"


def _hmac(key: bytes, text: str) -> bytes:
    return hmac.new(key, text.encode(), hashlib.sha256).digest()


class TencentHandler(GatewayHandler):
    content_type = "application/json"  # the SDK reads an Error only under this type

    def api(self) -> tuple[int, dict]:
        problem = self.signature_problem()
        if problem:
            self.state.record_refused("AuthFailure.SignatureFailure", reason=problem)
            return 200, self.error("AuthFailure.SignatureFailure", problem)
        body = json.loads(self.raw_body or b"{}")
        if body.get("SmsSdkAppId") != self.state.options.app_id:
            return 200, self.error("FailedOperation.SmsSdkAppIdVerifyFail", "unknown app")
        action = self.headers.get("X-TC-Action")
        if action == "SendSms":
            return 200, self.send_sms(body)
        if action == "PullSmsSendStatus":
            return 200, self.pull(body)
        return 200, self.error("InvalidAction", f"{action} is not served here")

    def signature_problem(self) -> str:
        options = self.state.options
        scheme, _space, fields = (self.headers.get("Authorization") or "").partition(" ")
        parts = dict(part.strip().split("=", 1) for part in fields.split(",") if "=" in part)
        if scheme != ALGORITHM or not parts.get("Signature"):
            return "no TC3-HMAC-SHA256 signature"
        key_id, date, service, _request = (parts.get("Credential", "").split("/") + [""] * 4)[:4]
        if key_id != options.key_id or service != "sms":
            return "unknown SecretId"
        canonical = "\n".join(
            [
                self.command,
                "/",
                "",
                f"content-type:{self.headers.get('Content-Type')}\nhost:{self.headers.get('Host')}\n",
                "content-type;host",
                hashlib.sha256(self.raw_body).hexdigest(),
            ]
        )
        to_sign = "\n".join(
            [
                ALGORITHM,
                self.headers.get("X-TC-Timestamp", ""),
                f"{date}/{service}/tc3_request",
                hashlib.sha256(canonical.encode()).hexdigest(),
            ]
        )
        key = _hmac(_hmac(_hmac(f"TC3{options.secret}".encode(), date), service), "tc3_request")
        expected = hmac.new(key, to_sign.encode(), hashlib.sha256).hexdigest()
        return "" if hmac.compare_digest(expected, parts["Signature"]) else "signature differs"

    def send_sms(self, body: dict) -> dict:
        options = self.state.options
        template, params = body.get("TemplateId"), body.get("TemplateParamSet") or []
        code = ""
        if body.get("SignName") != options.sign_name:
            code = "FailedOperation.SignatureIncorrectOrUnapproved"
        elif template not in options.templates:
            code = "FailedOperation.TemplateIncorrectOrUnapproved"
        elif len(params) != len(options.templates[template]):
            code = "InvalidParameterValue.TemplateParameterFormatError"
        elif options.max_length and any(len(value) > options.max_length for value in params):
            code = "InvalidParameterValue.TemplateParameterLengthLimit"
        if code:
            self.state.record_refused(code, template=template)
            return self.error(code, "refused")
        return {
            "Response": {
                "SendStatusSet": [
                    self.send_one(phone, body, params) for phone in body.get("PhoneNumberSet") or []
                ],
                "RequestId": "send",
            }
        }

    def send_one(self, phone: str, body: dict, params: list) -> dict:
        failure = self.state.fail.get(phone)
        if failure:
            self.state.record_refused(failure, phone=phone, template=body["TemplateId"])
            return {
                "SerialNo": "",
                "PhoneNumber": phone,
                "Fee": 0,
                "SessionContext": "",
                "Code": failure,
                "Message": "refused",
                "IsoCode": "CN",
            }
        serial = self.state.record_sent(
            phone=phone,
            sign_name=body["SignName"],
            template=body["TemplateId"],
            params=params,
            sent_at=datetime.now().strftime("%Y-%m-%d %H:%M:%S"),
        )
        return {
            "SerialNo": serial,
            "PhoneNumber": phone,
            "Fee": 1,
            "SessionContext": "",
            "Code": "Ok",
            "Message": "send success",
            "IsoCode": "CN",
        }

    def pull(self, body: dict) -> dict:
        reports = []
        with self.state.lock:
            for message in self.state.sent:
                if message["pulled"] or len(reports) >= int(body.get("Limit") or 100):
                    continue
                message["pulled"] = True
                delivered = message["phone"] not in self.state.undeliverable
                reports.append(
                    {
                        "UserReceiveTime": message["sent_at"],
                        "CountryCode": "86",
                        "SubscriberNumber": message["phone"][-11:],
                        "PhoneNumber": message["phone"],
                        "SerialNo": message["message_id"],
                        "ReportStatus": "SUCCESS" if delivered else "FAIL",
                        "Description": "DELIVRD" if delivered else "MK:0001",
                        "SessionContext": "",
                    }
                )
        return {"Response": {"PullSmsSendStatusSet": reports, "RequestId": "pull"}}

    @staticmethod
    def error(code: str, message: str) -> dict:
        return {"Response": {"Error": {"Code": code, "Message": message}, "RequestId": "fake"}}


if __name__ == "__main__":
    arguments = common_arguments("Fake Tencent Cloud SMS endpoint")
    arguments.add_argument("--app-id", required=True)
    serve(TencentHandler, arguments)
