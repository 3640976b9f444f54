/// <reference lib="esnext.disposable" />
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



/** An MSAL.js `PublicClientApplication` and how to use it for tokens. */
export interface MsalTokenOptions {
    msal: {
        acquireTokenSilent(request: object): Promise<{ accessToken: string }>;
        acquireTokenPopup?(request: object): Promise<{ accessToken: string }>;
        acquireTokenRedirect?(request: object): Promise<void>;
        getActiveAccount?(): unknown;
        getAllAccounts?(): unknown[];
    };
    /** The account to use; by default the active account, else the first signed-in one. */
    account?: unknown;
    /** Scopes instead of `https://<graph host>/DeviceManagementConfiguration.(Read|ReadWrite).All`. */
    scopes?: string[];
    /** When the user must sign in or consent: "popup" (default), "redirect" or "none". */
    interaction?: "popup" | "redirect" | "none";
}

/** The official Graph client's AuthenticationProvider shape. */
export interface AccessTokenProvider {
    getAccessToken(options?: { scopes?: string[] }): string | Promise<string>;
}

/** Where bearer tokens come from; asked before every request. */
export type TokenOption =
| string
| ((context: { scopes: string[]; forceRefresh?: boolean }) => string | Promise<string>)
| MsalTokenOptions
| AccessTokenProvider;

/** What Graph said about the entity's deprecation (its `Deprecation` / `Sunset` headers). */
export interface DeprecationWarning {
    deprecation: string | null;
    sunset: string | null;
    url: string;
    /** The warning as people read it, days as `2026-05-01`: "Microsoft Graph marks deviceConfigurationDeviceStatus as deprecated since …". */
    message: string;
}

export interface DeviceStatusClientOptions {
    token: TokenOption;
    /** The national cloud (default "global"); it sets the Graph root and the MSAL scopes. */
    cloud?: "global" | "usGovL4" | "usGovL5Dod" | "china";
    apiVersion?: "v1.0" | "beta";
    /** Replaces the cloud's Graph root (an emulator, a proxy); the token is sent to this origin only. */
    baseUrl?: string;
    retry?: {
        /** Retries after the first attempt, 0 to 10 (default 3). */
        maxRetries?: number;
        /** The first backoff step without Retry-After (default 1000). */
        baseDelayMs?: number;
        /** The most one call waits in all, at most 180000 (default 60000). */
        maxDelayMs?: number;
    };
    /** Each attempt's timeout in ms, its body included (default 60000). */
    timeoutMs?: number;
    /** Called when Graph flags the entity as deprecated; by default one console.warn per client. */
    onWarning?: (warning: DeprecationWarning) => void;
}

/** createMany's counts so far. */
export interface CreateManyProgress {
    done: number;
    total: number;
    created: number;
    invalid: number;
    failed: number;
}

/** A wait of createMany before it sends more: `ms` until it may, `throttled`
 * while Graph's 429 (its `Retry-After`) holds every write; otherwise the run is
 * pacing itself under Intune's limit, or a status waits to be retried. */
export interface CreateManyWait {
    ms: number;
    throttled: boolean;
}

/** One status's result in createMany: `created` (with the stored status),
 * `invalid` (never sent; `error.errors` lists why) or `failed` (`error` says why;
 * `outcomeUnknown` when it may have been stored, `storedUnreadable` when it was
 * stored but Graph's answer could not be read, `aborted` when it was not sent). */
export type CreateManyResult =
| { index: number; outcome: "created"; status: DeviceConfigurationDeviceStatus }
| { index: number; outcome: "invalid" | "failed"; error: GraphError };

/** A status as a list returns it: whole, or only the `select`ed properties. */
export type ListedDeviceStatus = DeviceConfigurationDeviceStatus | DeviceStatusPatch;


/**
 * A stable, machine-readable name for a kind of problem.
 */
export type IssueCode = "required" | "type" | "format" | "range" | "enum" | "constant" | "duplicate" | "unknownProperty";

/**
 * Changes to a status (`PATCH`), or a partial status (a list with `$select`): only
 * what is present. A nullable string set to `null` clears it.
 */
export interface DeviceStatusPatch {
    /**
     * `#microsoft.graph.deviceConfigurationDeviceStatus` when present.
     */
    "@odata.type"?: "#microsoft.graph.deviceConfigurationDeviceStatus";
    /**
     * The status's key.
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
    complianceGracePeriodExpirationDateTime?: DateTimeOffset;
    /**
     * Compliance status of the policy report.
     */
    status?: ComplianceStatus;
    /**
     * Last modified date time of the policy report.
     */
    lastReportedDateTime?: DateTimeOffset;
    /**
     * UserPrincipalName.
     */
    userPrincipalName?: string | null;
}

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
 * OData options of a list.
 */
export interface ListOptions {
    /**
     * `$top`: the page size to ask for (1 to 999).
     */
    top?: number;
    /**
     * `$filter`, e.g. `status eq 'nonCompliant'`.
     */
    filter?: string;
    /**
     * `$select`: the properties to return (then items are partial).
     */
    select?: string[];
    /**
     * `$orderby`, e.g. `lastReportedDateTime desc`.
     */
    orderby?: string;
    /**
     * The most pages one call reads (default 10000; not sent to Graph): a
     * nextLink chain that goes on longer, or leads back to a page already read,
     * ends the call with `invalidResponse`.
     */
    maxPages?: number;
}

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
 * Options of `createMany`.
 */
export interface CreateManyOptions {
    /**
     * Pack the creates into JSON batches of 20 (`$batch`); default true.
     */
    batch?: boolean;
    /**
     * Writes sent per 20 seconds at most (default 100, Intune's limit per app
     * and tenant), counted together with this client's other `createMany` calls:
     * any positive rate (0.5 is one write per 40 s), or `Infinity` for no pacing
     * (a tenant with a raised limit, a test).
     */
    maxWritesPer20s?: number;
    /**
     * The window Intune counts writes in (default 20000 ms); only an emulator
     * running a faster clock needs another.
     */
    writeWindowMs?: number;
    /**
     * Called after each status is settled. If it throws, the run goes on (no
     * result is lost) and the first error is reported with `console.error`.
     */
    onProgress?: (progress: CreateManyProgress) => void;
    /**
     * Called each time the run waits before it can send more (a page shows
     * "Graph is throttling: resuming in 12 s"). If it throws, as for
     * `onProgress`.
     */
    onWait?: (wait: CreateManyWait) => void;
    /**
     * Stops sending: statuses not yet sent fail with `aborted`; requests already
     * in flight finish, so each result says whether its status was created.
     */
    signal?: AbortSignal;
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
 * Per-call options of every method.
 */
export interface CallOptions {
    /**
     * Aborts the call, its retries and its waits.
     */
    signal?: AbortSignal;
    /**
     * The `client-request-id` to send (default: a fresh UUID v4 per call).
     */
    clientRequestId?: string;
}

/**
 * What went wrong, as one word a program can branch on.
 */
export type GraphErrorKind = "validation" | "invalidArgument" | "auth" | "service" | "throttled" | "network" | "timeout" | "aborted" | "invalidResponse" | "outcomeUnknown" | "storedUnreadable";

/**
 * Which request the body is for.
 */
export type ValidationMode = "create" | "update";


/**
 * A client for a configuration's device statuses in Microsoft Graph.
 */
export class DeviceStatusClient {
    free(): void;
    [Symbol.dispose](): void;
    /**
     * The number of statuses.
     */
    count(configurationId: string, options?: CallOptions | null): Promise<number>;
    /**
     * Creates many statuses, paced under Intune's write limit and packed into
     * JSON batches; resolves to one result per status, in input order. Rejects
     * only for bad arguments (`invalidArgument`, nothing sent); each status's
     * own failure is in its result.
     */
    createMany(configurationId: string, statuses: DeviceConfigurationDeviceStatus[], options?: CreateManyOptions | null): Promise<CreateManyResult[]>;
    /**
     * Creates a status: validated first (a `GraphError` `validation` rejects and
     * nothing is sent), then posted; resolves to the status Graph stored. Never
     * creates it twice: see the README's retry rules.
     */
    create(configurationId: string, status: DeviceConfigurationDeviceStatus, options?: CallOptions | null): Promise<DeviceConfigurationDeviceStatus>;
    /**
     * Deletes a status; resolves to `undefined`.
     */
    delete(configurationId: string, statusId: string, options?: CallOptions | null): Promise<void>;
    /**
     * Reads one status.
     */
    get(configurationId: string, statusId: string, options?: CallOptions | null): Promise<DeviceConfigurationDeviceStatus>;
    /**
     * Every status of the configuration, following each `@odata.nextLink`.
     */
    list(configurationId: string, query?: ListOptions | null, options?: CallOptions | null): Promise<ListedDeviceStatus[]>;
    /**
     * Checks the options (throws `GraphError` `invalidArgument` for bad ones);
     * sends nothing.
     */
    constructor(options: DeviceStatusClientOptions);
    /**
     * The statuses page by page, for large configurations:
     * `for await (const page of client.pages(id)) …`.
     */
    pages(configurationId: string, query?: ListOptions | null, options?: CallOptions | null): AsyncIterable<ListedDeviceStatus[]>;
    /**
     * Updates a status with the properties given (update rules: all optional,
     * each checked); resolves to the updated status, or `null` when Graph answers
     * 204 without one.
     */
    update(configurationId: string, statusId: string, patch: DeviceStatusPatch, options?: CallOptions | null): Promise<DeviceConfigurationDeviceStatus | null>;
}

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
