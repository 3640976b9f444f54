// The official @microsoft/microsoft-graph-client against the emulator, with its
// default middleware chain (retry, redirect in Node, telemetry) except one thing:
// its AuthenticationHandler attaches the token only to https Graph hosts, and the
// emulator is http://127.0.0.1, so a handler that always sets the bearer takes
// its place. Against graph.microsoft.com the two behave the same.
//
// `graph` is the client's module: its npm import in Node, the browser bundle's
// `MicrosoftGraph` global in the bench's page. `baseUrl` ends with a slash.
export function officialClient(graph, baseUrl, token) {
  const middleware = graph.MiddlewareFactory.getDefaultMiddlewareChain({ getAccessToken: async () => token });
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
  return graph.Client.initWithMiddleware({ baseUrl, defaultVersion: "v1.0", middleware });
}
