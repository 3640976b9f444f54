// The official @microsoft/microsoft-graph-client against the emulator, with its
// default middleware chain (retry, redirect, telemetry) except one thing: its
// AuthenticationHandler attaches the token only to https Graph hosts, and the
// emulator is http://127.0.0.1, so a handler that always sets the bearer takes
// its place. Against graph.microsoft.com the two behave the same.
import { Client, MiddlewareFactory } from "@microsoft/microsoft-graph-client";

export function officialClient(url, token) {
  const middleware = MiddlewareFactory.getDefaultMiddlewareChain({ getAccessToken: async () => token });
  middleware[0] = {
    setNext(next) {
      this.next = next;
    },
    async execute(context) {
      context.options ??= {};
      const { headers } = context.options;
      if (headers instanceof Headers) headers.set("Authorization", `Bearer ${token}`);
      else context.options.headers = { ...headers, Authorization: `Bearer ${token}` };
      return this.next.execute(context);
    },
  };
  return Client.initWithMiddleware({ baseUrl: `${url}/`, defaultVersion: "v1.0", middleware });
}
