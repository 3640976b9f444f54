/* tslint:disable */
/* eslint-disable */

/**
 * An `Edm.DateTimeOffset` as text, such as `2016-12-31T23:56:44.951111-08:00`:
 * date, `T`, time with seconds, an optional fraction of up to 12 digits, and `Z` or
 * an offset within ±14:00. It is sent exactly as written.
 */
export type DateTimeOffset = string;

/**
 * The package's one error type. `kind` says what went wrong; for `"validation"`,
 * `errors` lists every problem and nothing was sent.
 */
export class GraphError extends Error {
    /** @internal */
    constructor(message: string, fields: object);
    readonly name: "GraphError";
    readonly kind: GraphErrorKind;
    /** Graph's `error.code` when Graph answered with one, else the kind. */
    readonly code: string;
    readonly statusCode: number | null;
    readonly requestId: string | null;
    readonly clientRequestId: string | null;
    readonly date: string | null;
    readonly retryAfterMs: number | null;
    readonly attempts: number;
    /** The problems found, for `kind: "validation"`; otherwise empty. */
    readonly errors: FieldIssue[];
    /** Graph's error object, when there is one. */
    readonly body: unknown;
}


/**
 * A stable, machine-readable name for a kind of problem.
 */
export type IssueCode = "required" | "type" | "format" | "range" | "enum" | "constant" | "duplicate" | "unknownProperty";

/**
 * Every problem with a body, at once.
 */
export interface ValidationReport {
    /**
     * `true` when there are no errors (warnings do not count).
     */
    valid: boolean;
    /**
     * Problems that stop the body from being sent.
     */
    errors: FieldIssue[];
    /**
     * Things worth a look that do not stop it (unknown properties).
     */
    warnings: FieldIssue[];
}

/**
 * Graph's `complianceStatus`: a closed enum, the same in v1.0 and beta.
 */
export type ComplianceStatus = "unknown" | "notApplicable" | "compliant" | "remediated" | "nonCompliant" | "error" | "conflict" | "notAssigned";

/**
 * One device's status for one device configuration, as Graph stores it.
 *
 * Serialises to the JSON body Graph expects, `@odata.type` included and missing
 * nullable strings as `null`. Values come from `parseDeviceStatus` (in Rust,
 * `parse` or `new`), so they are always valid.
 */
export interface DeviceConfigurationDeviceStatus {
    /**
     * Always `#microsoft.graph.deviceConfigurationDeviceStatus`.
     */
    "@odata.type"?: "#microsoft.graph.deviceConfigurationDeviceStatus";
    /**
     * The key Graph gives the status; absent before it is created.
     */
    id?: string;
    /**
     * Device name of the DevicePolicyStatus.
     */
    deviceDisplayName?: string | null;
    /**
     * The User Name that is being reported.
     */
    userName?: string | null;
    /**
     * The device model that is being reported.
     */
    deviceModel?: string | null;
    /**
     * The DateTime when device compliance grace period expires.
     */
    complianceGracePeriodExpirationDateTime: DateTimeOffset;
    /**
     * Compliance status of the policy report.
     */
    status: ComplianceStatus;
    /**
     * Last modified date time of the policy report.
     */
    lastReportedDateTime: DateTimeOffset;
    /**
     * UserPrincipalName. Graph enforces no format (its own example is
     * `"User Principal Name value"`), and neither do we.
     */
    userPrincipalName?: string | null;
}

/**
 * One problem, located by the property's Graph name.
 */
export interface FieldIssue {
    /**
     * The property as Graph spells it (`"status"`, `"@odata.type"`); `""` for the
     * body as a whole.
     */
    path: string;
    /**
     * What kind of problem it is.
     */
    code: IssueCode;
    /**
     * Plain language: what was expected and what was found.
     */
    message: string;
}

/**
 * Options of `validateDeviceStatus`.
 */
export interface ValidateOptions {
    /**
     * `"create"` (the default) requires `status` and both date-times;
     * `"update"` checks only what is present.
     */
    mode?: ValidationMode;
}

/**
 * What went wrong, as one word a program can branch on.
 */
export type GraphErrorKind = "validation" | "invalidArgument";

/**
 * Which request the body is for.
 */
export type ValidationMode = "create" | "update";


/**
 * The 8 compliance statuses in Graph's order (`unknown` … `notAssigned`), for
 * building pickers; a new array on every call.
 */
export function complianceStatuses(): ComplianceStatus[];

/**
 * Reads a device status for creating, as Graph will store it, or throws a
 * `GraphError` with `kind: "validation"` listing every problem.
 */
export function parseDeviceStatus(input: unknown): DeviceConfigurationDeviceStatus;

/**
 * Checks a device status against Graph's rules and lists every problem at once.
 *
 * Never throws for any `input`; throws a `GraphError` with `kind: "invalidArgument"`
 * only for unusable `options`.
 */
export function validateDeviceStatus(input: unknown, options?: ValidateOptions | null): ValidationReport;

export type InitInput = RequestInfo | URL | Response | BufferSource | WebAssembly.Module;

export interface InitOutput {
    readonly memory: WebAssembly.Memory;
    readonly complianceStatuses: () => any;
    readonly parseDeviceStatus: (a: any) => [number, number, number];
    readonly validateDeviceStatus: (a: any, b: number) => [number, number, number];
    readonly __wbindgen_malloc: (a: number, b: number) => number;
    readonly __wbindgen_realloc: (a: number, b: number, c: number, d: number) => number;
    readonly __wbindgen_free: (a: number, b: number, c: number) => void;
    readonly __wbindgen_exn_store: (a: number) => void;
    readonly __externref_table_alloc: () => number;
    readonly __wbindgen_externrefs: WebAssembly.Table;
    readonly __externref_table_dealloc: (a: number) => void;
    readonly __wbindgen_start: () => void;
}

export type SyncInitInput = BufferSource | WebAssembly.Module;

/**
 * Instantiates the given `module`, which can either be bytes or
 * a precompiled `WebAssembly.Module`.
 *
 * @param {{ module: SyncInitInput }} module - Passing `SyncInitInput` directly is deprecated.
 *
 * @returns {InitOutput}
 */
export function initSync(module: { module: SyncInitInput } | SyncInitInput): InitOutput;

/**
 * If `module_or_path` is {RequestInfo} or {URL}, makes a request and
 * for everything else, calls `WebAssembly.instantiate` directly.
 *
 * @param {{ module_or_path: InitInput | Promise<InitInput> }} module_or_path - Passing `InitInput` directly is deprecated.
 *
 * @returns {Promise<InitOutput>}
 */
export default function __wbg_init (module_or_path?: { module_or_path: InitInput | Promise<InitInput> } | InitInput | Promise<InitInput>): Promise<InitOutput>;
