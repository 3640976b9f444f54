// A Cloudflare Worker that reports a device status, as a user writes one. The
// package is resolved by its "workerd" export condition (as wrangler does).
import { DeviceStatusClient, GraphError } from "intune-device-status";

export default {
  async fetch(request, env) {
    const client = new DeviceStatusClient({
      token: env.GRAPH_TOKEN,
      baseUrl: env.GRAPH_BASE_URL,
      onWarning() {},
    });
    try {
      const created = await client.create("cfg-worker", await request.json());
      return Response.json(created, { status: 201 });
    } catch (error) {
      if (!(error instanceof GraphError)) throw error;
      return Response.json({ kind: error.kind, errors: error.errors }, { status: 400 });
    }
  },
};
