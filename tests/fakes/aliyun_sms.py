"""A fake Alibaba Cloud SMS endpoint (dysmsapi, API 2017-05-25) for tests: a real HTTP
server on 127.0.0.1 that the SDK talks to when SMS_ENDPOINT points at it.

It checks each request's ACS3-HMAC-SHA256 signature by recomputing it with the test's
AccessKey secret (the canonical request: method, path, sorted query, the signed headers,
the body's SHA-256), then SendSms's SignName, TemplateCode and TemplateParam (exactly the
template's variables, each at most --max-length characters), and answers as dysmsapi
does: HTTP 200 with Code "OK" and a BizId, or a business error code (isv.*).
QuerySendDetails reports each message delivered (SendStatus 3) unless its number was
made undeliverable. Run: python -m fakes.aliyun_sms --port 0 --key-id ... (see
fakes/sms_gateway.py).
"""

import hashlib
import hmac
import json
from datetime import datetime
from urllib.parse import parse_qsl, quote, urlsplit

from fakes.sms_gateway import GatewayHandler, common_arguments, serve

ALGORITHM = "ACS3-HMAC-SHA256"


class AliyunHandler(GatewayHandler):
    def api(self) -> tuple[int, dict]:
        query = dict(parse_qsl(urlsplit(self.path).query, keep_blank_values=True))
        problem = self.signature_problem(query)
        if problem:
            self.state.record_refused("SignatureDoesNotMatch", reason=problem)
            return 400, self.error("SignatureDoesNotMatch", problem)
        action = self.headers.get("x-acs-action")
        if action == "SendSms":
            return 200, self.send_sms(query)
        if action == "QuerySendDetails":
            return 200, self.query_send_details(query)
        return 404, self.error("InvalidAction.NotFound", f"{action} is not served here")

    def signature_problem(self, query: dict) -> str:
        """Empty when the Authorization header's signature is the one the secret gives."""
        options = self.state.options
        scheme, _space, fields = (self.headers.get("Authorization") or "").partition(" ")
        parts = dict(part.split("=", 1) for part in fields.split(",") if "=" in part)
        if scheme != ALGORITHM or not parts.get("Signature"):
            return "no ACS3-HMAC-SHA256 signature"
        if parts.get("Credential") != options.key_id:
            return "unknown AccessKeyId"
        payload = hashlib.sha256(self.raw_body).hexdigest()
        if self.headers.get("x-acs-content-sha256") != payload:
            return "body hash differs"
        names = parts.get("SignedHeaders", "").split(";")
        canonical = "\n".join(
            [
                self.command,
                urlsplit(self.path).path or "/",
                "&".join(f"{k}={quote(v, safe='~')}" for k, v in sorted(query.items())),
                "".join(f"{name}:{(self.headers.get(name) or '').strip()}\n" for name in names),
                ";".join(names),
                payload,
            ]
        )
        digest = hashlib.sha256(canonical.encode()).hexdigest()
        expected = hmac.new(
            options.secret.encode(), f"{ALGORITHM}\n{digest}".encode(), hashlib.sha256
        ).hexdigest()
        return "" if hmac.compare_digest(expected, parts["Signature"]) else "signature differs"

    def send_sms(self, query: dict) -> dict:
        phone = query.get("PhoneNumbers", "")
        template = query.get("TemplateCode", "")
        try:
            params = json.loads(query.get("TemplateParam") or "{}")
        except ValueError:
            params = None
        code = self.refusal(query.get("SignName"), template, params, phone)
        if code:
            self.state.record_refused(code, phone=phone, template=template)
            return self.error(code, "refused")
        message_id = self.state.record_sent(
            phone=phone,
            sign_name=query["SignName"],
            template=template,
            params=params,
            sent_at=datetime.now().strftime("%Y-%m-%d %H:%M:%S"),
        )
        return {"Code": "OK", "Message": "OK", "BizId": message_id, "RequestId": message_id}

    def refusal(self, sign_name, template, params, phone) -> str:
        options = self.state.options
        if sign_name != options.sign_name:
            return "isv.SMS_SIGNATURE_ILLEGAL"
        if template not in options.templates:
            return "isv.SMS_TEMPLATE_ILLEGAL"
        if not isinstance(params, dict) or set(params) != set(options.templates[template]):
            return "isv.TEMPLATE_MISSING_PARAMETERS"
        if options.max_length and any(len(str(v)) > options.max_length for v in params.values()):
            return "isv.PARAM_LENGTH_LIMIT"
        return self.state.fail.get(phone, "")

    def query_send_details(self, query: dict) -> dict:
        phone, biz_id = query.get("PhoneNumber"), query.get("BizId")
        found = [m for m in self.state.sent if m["phone"] == phone and m["message_id"] == biz_id]
        details = [
            {
                "PhoneNum": m["phone"],
                "SendStatus": 2 if phone in self.state.undeliverable else 3,
                "ErrCode": "MOBILE_NOT_ON_SERVICE"
                if phone in self.state.undeliverable
                else "DELIVERED",
                "TemplateCode": m["template"],
                "Content": json.dumps(m["params"], ensure_ascii=False),
                "SendDate": m["sent_at"],
                "ReceiveDate": m["sent_at"],
                "OutId": "",
            }
            for m in found
        ]
        return {
            "Code": "OK",
            "Message": "OK",
            "RequestId": "query",
            "TotalCount": len(details),
            "SmsSendDetailDTOs": {"SmsSendDetailDTO": details},
        }

    @staticmethod
    def error(code: str, message: str) -> dict:
        return {"Code": code, "Message": message, "RequestId": "fake"}


if __name__ == "__main__":
    serve(AliyunHandler, common_arguments("Fake Alibaba Cloud SMS endpoint"))
