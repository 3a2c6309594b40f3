"""Calls all five operations through the vendors' own SDKs, for
`generated/tests/vendor_sdk_calls.rs` and `.ci/run`.

usage: call.py BASE_URL SCENARIO
SCENARIO: good | wrong-secret | stale-date | reused-nonce

Keys come from the vendors' environment variables (ALIBABA_CLOUD_*,
HUAWEICLOUD_SDK_*). Prints a JSON list, one entry per call:
{"operation": ..., "outcome": "ok" | the error code the SDK read, "status": ...}.
"""
import datetime as real_datetime
import json
import os
import sys
import time

from alibabacloud_aiworkspace20210204 import models as pai_models
from alibabacloud_aiworkspace20210204.client import Client as PaiClient
from alibabacloud_tea_openapi import utils as tea_utils
from alibabacloud_tea_openapi.exceptions import AlibabaCloudException
from alibabacloud_tea_openapi.utils_models import Config
from darabonba.policy.retry import RetryOptions
from huaweicloudsdkcore.auth.credentials import BasicCredentials
from huaweicloudsdkcore.exceptions.exceptions import ClientRequestException
from huaweicloudsdkcore.http.http_config import HttpConfig
import huaweicloudsdkcore.signer.signer as huawei_signer
from huaweicloudsdkmodelarts.v1 import DeleteWorkspaceRequest, ModelArtsClient
from huaweicloudsdkworkspace.v2 import (
    DeleteDesktopSubResourcesReq,
    DeleteDesktopSubResourcesRequest,
    WorkspaceClient,
)

base_url, scenario = sys.argv[1], sys.argv[2]
host = base_url.split("://", 1)[1]
secret_suffix = "-wrong" if scenario == "wrong-secret" else ""

if scenario == "stale-date":
    # Both SDKs stamp the request with the current time; an hour ago is
    # outside the 15-minute window.
    stale = real_datetime.datetime.utcnow() - real_datetime.timedelta(hours=1)
    tea_utils.Utils.get_timestamp = staticmethod(lambda: stale.strftime("%Y-%m-%dT%H:%M:%SZ"))

    class StaleDatetime(real_datetime.datetime):
        @classmethod
        def utcnow(cls):
            return stale

    huawei_signer.datetime = StaleDatetime
if scenario == "reused-nonce":
    # Every Alibaba call carries the same nonce: all but the first are replays.
    tea_utils.Utils.get_nonce = staticmethod(lambda: "0123456789abcdef0123456789abcdef")

results = []


def record(operation, call):
    try:
        response = call()
        results.append({"operation": operation, "outcome": "ok", "status": response.status_code})
    except AlibabaCloudException as err:
        results.append({"operation": operation, "outcome": err.code, "status": err.status_code})
    except ClientRequestException as err:
        results.append({"operation": operation, "outcome": err.error_code, "status": err.status_code})


pai = PaiClient(
    Config(
        access_key_id=os.environ["ALIBABA_CLOUD_ACCESS_KEY_ID"],
        access_key_secret=os.environ["ALIBABA_CLOUD_ACCESS_KEY_SECRET"] + secret_suffix,
        endpoint=host,
        protocol="http",
        retry_options=RetryOptions({"retryable": False}),
    )
)
record(
    "CreateWorkspace",
    lambda: pai.create_workspace(
        pai_models.CreateWorkspaceRequest(
            workspace_name="workspace_example",
            description="A workspace from the vendor SDK",
            env_types=["prod"],
        )
    ),
)
record(
    "CreateWorkspaceResource",
    lambda: pai.create_workspace_resource(
        "123",
        pai_models.CreateWorkspaceResourceRequest(
            option="CreateAndAttach",
            resources=[
                pai_models.CreateWorkspaceResourceRequestResources(
                    env_type="prod",
                    group_name="group",
                    name="ResourceName",
                    resource_type="ECS",
                    workspace_id="123",
                )
            ],
        ),
    ),
)
record(
    "DeleteWorkspaceResource",
    lambda: pai.delete_workspace_resource(
        "123",
        pai_models.DeleteWorkspaceResourceRequest(group_name="group", resource_ids="r-1,r-2"),
    ),
)

credentials = BasicCredentials(
    os.environ["HUAWEICLOUD_SDK_AK"],
    os.environ["HUAWEICLOUD_SDK_SK"] + secret_suffix,
    os.environ["HUAWEICLOUD_SDK_PROJECT_ID"],
)
config = HttpConfig.get_default_config()
config.ignore_ssl_verification = True
config.retry_times = 0
modelarts = (
    ModelArtsClient.new_builder()
    .with_http_config(config)
    .with_credentials(credentials)
    .with_endpoints([base_url])
    .build()
)
record(
    "DeleteWorkspace",
    lambda: modelarts.delete_workspace(
        DeleteWorkspaceRequest(workspace_id="ccd05d1a553b4e188ea878e7dcb85e47")
    ),
)
desktops = (
    WorkspaceClient.new_builder()
    .with_http_config(config)
    .with_credentials(credentials)
    .with_endpoints([base_url])
    .build()
)
record(
    "DeleteDesktopSubResources",
    lambda: desktops.delete_desktop_sub_resources(
        DeleteDesktopSubResourcesRequest(
            body=DeleteDesktopSubResourcesReq(
                desktop_ids=["desktop-1"], sub_resource_type="DESKTOP_SHARER"
            )
        )
    ),
)
json.dump(results, sys.stdout)
