// Graph's `request-id` of each call the page makes, for the result panel and for
// support tickets. The package reports it on errors (GraphError.requestId); for a
// success the page notes it itself, by watching the page's own fetches for the
// `client-request-id` it gave the call.

const seen = new Map<string, string>();

function clientRequestId(init: RequestInit | undefined): string | undefined {
  const headers = init?.headers;
  if (!headers) return undefined;
  if (headers instanceof Headers) return headers.get("client-request-id") ?? undefined;
  if (Array.isArray(headers)) return headers.find(([name]) => name.toLowerCase() === "client-request-id")?.[1];
  return (headers as Record<string, string>)["client-request-id"];
}

/** Starts noting request ids (once per page). */
export function watchRequestIds() {
  const original = globalThis.fetch;
  globalThis.fetch = async (input: RequestInfo | URL, init?: RequestInit) => {
    const response = await original(input, init);
    const id = clientRequestId(init);
    const requestId = response.headers.get("request-id");
    if (id && requestId) seen.set(id, requestId);
    return response;
  };
}

/** Graph's request-id for the call made with this client-request-id, if any. */
export function requestIdOf(clientRequestId: string): string | undefined {
  return seen.get(clientRequestId);
}
