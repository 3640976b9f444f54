// The package's one error class. It lives in JavaScript so that it is a real
// `Error` subclass (stack trace, `instanceof Error`, `cause`); the wasm module
// constructs it through an import, and the package entry re-exports this class.

export class GraphError extends Error {
  constructor(message, fields) {
    super(message, fields.cause === undefined ? undefined : { cause: fields.cause });
    this.name = "GraphError";
    this.kind = fields.kind;
    this.code = fields.code ?? fields.kind;
    this.statusCode = fields.statusCode ?? null;
    this.requestId = fields.requestId ?? null;
    this.clientRequestId = fields.clientRequestId ?? null;
    this.date = fields.date ?? null;
    this.retryAfterMs = fields.retryAfterMs ?? null;
    this.attempts = fields.attempts ?? 0;
    this.errors = fields.errors ?? [];
    this.body = fields.body ?? null;
  }
}
