// A TypeScript consumer of the package, checked with `tsc --strict --noEmit`
// (tests/package/typescript.test.mjs). Each `@ts-expect-error` is a mistake the typings must catch:
// if a type degrades to `any`, the directive goes unused and the check fails.
import {
  DeviceStatusClient,
  complianceStatuses,
  GraphError,
  parseDeviceStatus,
  validateDeviceStatus,
  type ComplianceStatus,
  type CreateManyProgress,
  type CreateManyResult,
  type DeviceConfigurationDeviceStatus,
  type FieldIssue,
  type GraphErrorKind,
  type IssueCode,
  type ListedDeviceStatus,
  type ValidationReport,
} from "intune-device-status";

const status: DeviceConfigurationDeviceStatus = {
  "@odata.type": "#microsoft.graph.deviceConfigurationDeviceStatus",
  deviceDisplayName: "PC-01",
  userName: null,
  complianceGracePeriodExpirationDateTime: "2024-06-01T00:00:00Z",
  status: "compliant",
  lastReportedDateTime: "2024-05-01T12:30:00.1234567-07:00",
};

const minimal: DeviceConfigurationDeviceStatus = {
  status: "nonCompliant",
  lastReportedDateTime: "2024-05-01T12:30:00Z",
  complianceGracePeriodExpirationDateTime: "2024-06-01T00:00:00Z",
};

const report: ValidationReport = validateDeviceStatus(status, { mode: "update" });
const valid: boolean = report.valid && validateDeviceStatus(minimal).valid;
const firstCode: IssueCode | undefined = report.errors[0]?.code;
const issues: FieldIssue[] = report.warnings;
const parsed: DeviceConfigurationDeviceStatus = parseDeviceStatus(JSON.parse("{}"));
const maybeName: string | null | undefined = parsed.deviceDisplayName;
const statuses: ComplianceStatus[] = complianceStatuses();

try {
  parseDeviceStatus({});
} catch (error) {
  if (error instanceof GraphError) {
    const kind: GraphErrorKind = error.kind;
    const messages: string[] = error.errors.map((issue) => `${issue.path}: ${issue.message}`);
    const plain: Error = error;
    console.log(kind, messages, plain.stack, error.statusCode ?? -1);
  }
}

const wrongStatus: DeviceConfigurationDeviceStatus = {
  ...minimal,
  // @ts-expect-error a status outside the 8 values does not compile
  status: "Compliant",
};

// @ts-expect-error a status without the required date-times does not compile
const missingDates: DeviceConfigurationDeviceStatus = { status: "compliant" };

const wrongType: DeviceConfigurationDeviceStatus = {
  ...minimal,
  // @ts-expect-error the wrong @odata.type does not compile
  "@odata.type": "#microsoft.graph.entity",
};

// @ts-expect-error the mode is "create" or "update"
validateDeviceStatus(status, { mode: "delete" });

// @ts-expect-error codes are a closed union
const unknownCode: IssueCode = "invalid";

const nullId: DeviceConfigurationDeviceStatus = {
  ...minimal,
  // @ts-expect-error id is never null
  id: null,
};

async function portal(): Promise<void> {
  const fromString = new DeviceStatusClient({ token: "token", cloud: "usGovL4", apiVersion: "beta" });
  const fromFunction = new DeviceStatusClient({
    token: async ({ scopes, forceRefresh }) => `${scopes[0]}${forceRefresh ?? false}`,
    retry: { maxRetries: 5, baseDelayMs: 200, maxDelayMs: 30_000 },
    timeoutMs: 10_000,
    onWarning: ({ deprecation, sunset }) => console.warn(deprecation, sunset),
  });
  const fromMsal = new DeviceStatusClient({
    token: {
      msal: { acquireTokenSilent: async () => ({ accessToken: "t" }) },
      interaction: "redirect",
    },
  });
  const fromProvider = new DeviceStatusClient({ token: { getAccessToken: () => "t" } });
  const controller = new AbortController();
  const created: DeviceConfigurationDeviceStatus = await fromString.create("cfg", minimal, {
    signal: controller.signal,
    clientRequestId: "4d1e9a3c-0b2f-4c1a-9e7d-2f6b8a5c3d10",
  });
  const listed: ListedDeviceStatus[] = await fromFunction.list("cfg", { top: 50, select: ["id", "status"] });
  for await (const page of fromMsal.pages("cfg", { filter: "status eq 'error'" })) {
    console.log(page.length);
  }
  const updated: DeviceConfigurationDeviceStatus | null = await fromProvider.update("cfg", "id", { status: "error", deviceModel: null });
  const nothing: void = await fromProvider.delete("cfg", "id");
  const total: number = await fromProvider.count("cfg");
  console.log(created, listed, updated, nothing, total);

  const results: CreateManyResult[] = await fromString.createMany("cfg", [minimal, minimal], {
    maxWritesPer20s: 50,
    onProgress: ({ done, total, created, invalid, failed }: CreateManyProgress) =>
      console.log(done, total, created, invalid, failed),
    signal: controller.signal,
  });
  for (const result of results) {
    if (result.outcome === "created") console.log(result.index, result.status.id);
    else console.log(result.index, result.error.kind, result.error.errors);
  }
  // @ts-expect-error createMany takes an array of statuses
  await fromString.createMany("cfg", minimal);
  // @ts-expect-error batch is a boolean
  await fromString.createMany("cfg", [], { batch: "yes" });

  // @ts-expect-error clouds are a closed set
  new DeviceStatusClient({ token: "t", cloud: "germany" });
  // @ts-expect-error a token is required
  new DeviceStatusClient({ cloud: "china" });
  // @ts-expect-error interaction is "popup", "redirect" or "none"
  new DeviceStatusClient({ token: { msal: fromMsal as never, interaction: "silent" } });
  // @ts-expect-error a patch cannot set a status outside the 8 values
  await fromProvider.update("cfg", "id", { status: "Compliant" });
}

console.log(portal, valid, firstCode, issues, maybeName, statuses, wrongStatus, missingDates);
console.log(wrongType, unknownCode, nullId);
