"""Signs recorded requests with the vendors' own SDK code, for
`generated/tests/vendor_signatures.rs`.

Reads a JSON list of requests on stdin; prints a JSON list with the
`Authorization` value each vendor SDK computes for it:
- "acs3": alibabacloud-tea-openapi's `Utils.get_authorization`;
- "sdk-hmac": huaweicloudsdkcore's `Signer.sign`.
Each request carries only the headers our client signed, so the SDK signs
the same set and any difference is a difference in the algorithm.
"""
import json
import sys
import types

from alibabacloud_tea_openapi.utils import Utils as AlibabaUtils
from huaweicloudsdkcore.sdk_request import SdkRequest
from huaweicloudsdkcore.signer.signer import Signer as HuaweiSigner


def acs3(job):
    request = types.SimpleNamespace(
        method=job["method"],
        pathname=job["path"],
        # The SDK's query is a dict: one value per name.
        query={name: value for name, value in job["query"]},
        headers=dict(job["headers"]),
    )
    payload = job["headers_by_name"]["x-acs-content-sha256"]
    return AlibabaUtils.get_authorization(
        request, "ACS3-HMAC-SHA256", payload, job["ak"], job["sk"]
    )


def sdk_hmac(job):
    request = SdkRequest(
        method=job["method"],
        schema="http",
        host=job["headers_by_name"]["host"],
        resource_path=job["path"],
        query_params=[(name, value) for name, value in job["query"]],
        header_params=dict(job["headers"]),
        body=bytes(job["body"]),
    )
    credentials = types.SimpleNamespace(ak=job["ak"], sk=job["sk"])
    signed = HuaweiSigner(credentials).sign(request)
    return signed.header_params["Authorization"]


def main():
    jobs = json.load(sys.stdin)
    out = []
    for job in jobs:
        job["headers_by_name"] = {k.lower(): v for k, v in job["headers"]}
        out.append(acs3(job) if job["kind"] == "acs3" else sdk_hmac(job))
    json.dump(out, sys.stdout)


if __name__ == "__main__":
    main()
