// What went wrong, in words an Intune admin can act on, with what support needs.

import { GraphError } from "intune-device-status";

export interface Explained {
  title: string;
  detail: string;
  /** `request-id`, `client-request-id` and date, for a support ticket. */
  support: string[];
}

const seconds = (ms: number) => Math.max(1, Math.ceil(ms / 1000));

export function explain(error: unknown): Explained {
  if (!(error instanceof GraphError)) {
    const message = error instanceof Error ? error.message : String(error);
    return { title: "Something went wrong in the page", detail: message, support: [] };
  }
  const support = [
    error.requestId && `request-id: ${error.requestId}`,
    error.clientRequestId && `client-request-id: ${error.clientRequestId}`,
    error.date && `date: ${error.date}`,
  ].filter((line): line is string => Boolean(line));
  const said = error.body ? ` Graph said: ${error.message}` : "";
  switch (error.kind) {
    case "validation":
      return {
        title: "The status was not sent",
        detail: `${error.errors.length} field(s) need attention; they are marked above.`,
        support,
      };
    case "auth":
      return {
        title: "Sign-in is needed",
        detail: `The token was missing or refused. Sign in again, then retry. (${error.message})`,
        support,
      };
    case "throttled":
      return {
        title: "Intune is throttling this app",
        detail:
          error.retryAfterMs === null
            ? "Too many writes in a short time (Intune allows about 100 per 20 seconds). Wait a little, then retry."
            : `Too many writes in a short time. Try again in ${seconds(error.retryAfterMs)} seconds.`,
        support,
      };
    case "network":
    case "timeout":
      return {
        title: "Microsoft Graph could not be reached",
        detail: "Check the network connection (and a proxy or firewall), then retry.",
        support,
      };
    case "outcomeUnknown":
      return {
        title: "It is unknown whether the status was stored",
        detail: "The answer was lost. It was not sent again, so no duplicate was made: check the list below before retrying.",
        support,
      };
    case "invalidArgument":
      return { title: "The request was not sent", detail: error.message, support };
    case "aborted":
      return { title: "Cancelled", detail: "The request was cancelled.", support };
    default:
      break;
  }
  switch (error.statusCode) {
    case 403:
      return {
        title: "Permission denied",
        detail:
          "The signed-in account or the app lacks DeviceManagementConfiguration.ReadWrite.All, " +
          `or the tenant has no Intune licence. Ask an administrator to grant it.${said}`,
        support,
      };
    case 404:
      return {
        title: "Not found",
        detail: `No such device configuration (or status). Check the configuration id.${said}`,
        support,
      };
    case 400:
      return { title: "Graph rejected the request", detail: error.message, support };
    default:
      return { title: "Microsoft Graph answered with an error", detail: error.message, support };
  }
}
