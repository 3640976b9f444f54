"""Microsoft's Python SDK (msgraph-sdk, Kiota) against the emulator, as a script
would use it against Graph: only the base URL and the token differ. Run by
tests/package/python-sdk.test.mjs with the emulator's URL; prints one JSON line of
what it saw, and exits non-zero on any failure."""

import asyncio
import json
import sys

from kiota_abstractions.authentication import (
    AccessTokenProvider,
    AllowedHostsValidator,
    BaseBearerTokenAuthenticationProvider,
)
from msgraph import GraphRequestAdapter, GraphServiceClient
from msgraph.generated.models.compliance_status import ComplianceStatus
from msgraph.generated.models.device_configuration_device_status import (
    DeviceConfigurationDeviceStatus,
)
from msgraph_core.requests.batch_request_builder import BatchRequestBuilder
from msgraph_core.requests.batch_request_content import BatchRequestContent
from msgraph_core.requests.batch_request_item import BatchRequestItem
from msgraph_core.tasks.page_iterator import PageIterator


class FixedToken(AccessTokenProvider):
    """A test token for the loopback emulator (a real script uses azure-identity)."""

    async def get_authorization_token(self, uri, additional_authentication_context=None):
        return "python-sdk-test-token"

    def get_allowed_hosts_validator(self):
        return AllowedHostsValidator(["127.0.0.1"])


def status(name):
    # The documentation's example body, written with the SDK's model.
    return DeviceConfigurationDeviceStatus(
        odata_type="#microsoft.graph.deviceConfigurationDeviceStatus",
        device_display_name=name,
        user_name="User Name value",
        device_model="Device Model value",
        compliance_grace_period_expiration_date_time="2016-12-31T23:56:44.951111-08:00",
        status=ComplianceStatus.NotApplicable,
        last_reported_date_time="2017-01-01T00:00:17.7769392-08:00",
        user_principal_name="User Principal Name value",
    )


async def main(base_url):
    adapter = GraphRequestAdapter(BaseBearerTokenAuthenticationProvider(FixedToken()))
    adapter.base_url = f"{base_url}/v1.0"
    client = GraphServiceClient(request_adapter=adapter)
    statuses = client.device_management.device_configurations.by_device_configuration_id(
        "cfg-python"
    ).device_statuses
    seen = {}

    created = await statuses.post(status("Device Display Name value"))
    seen["created"] = created.id
    for n in range(4):
        await statuses.post(status(f"PY-{n}"))
    read = await statuses.by_device_configuration_device_status_id(created.id).get()
    seen["read"] = [read.id, read.device_display_name, read.status.value]

    # Every page, through the SDK's PageIterator.
    first = await statuses.get()
    names = []

    def collect(item):
        names.append(item.device_display_name)
        return True

    # The page's own type tells the iterator how to read the next ones.
    iterator = PageIterator(first, adapter)
    await iterator.iterate(collect)
    seen["listed"] = names

    patch = DeviceConfigurationDeviceStatus(status=ComplianceStatus.Compliant)
    await statuses.by_device_configuration_device_status_id(created.id).patch(patch)
    patched = await statuses.by_device_configuration_device_status_id(created.id).get()
    seen["patched"] = patched.status.value
    await statuses.by_device_configuration_device_status_id(created.id).delete()

    # Two creates in one $batch.
    batch = BatchRequestContent()
    for n in range(2):
        info = statuses.to_post_request_information(status(f"BATCH-{n}"))
        batch.add_request(str(n + 1), BatchRequestItem(request_information=info))
    answer = await BatchRequestBuilder(adapter).post(batch)
    seen["batch"] = sorted(answer.get_response_status_codes().values())

    count = await statuses.count.get()
    seen["count"] = count
    print(json.dumps(seen))


if __name__ == "__main__":
    asyncio.run(main(sys.argv[1]))
