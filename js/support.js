// What the package needs from JavaScript itself. The wasm module imports these,
// and the package entries re-export GraphError, so the class the wasm throws is
// the one users import.

// The package's one error class: a real `Error` subclass (stack trace,
// `instanceof Error`, `cause`).
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
