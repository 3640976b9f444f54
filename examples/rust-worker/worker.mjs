// The Worker's entry: wasm-bindgen's glue (`--target web`) and the compiled
// module, which workerd hands over as a WebAssembly.Module (wrangler's and
// miniflare's CompiledWasm rule for *.wasm). initSync instantiates it once, when
// the isolate loads the Worker; every request then runs the Rust handler.
import { initSync, fetch as handle } from "./build/rust_worker.js";
import wasm from "./build/rust_worker_bg.wasm";

initSync({ module: wasm });

export default {
  fetch: (request, env) => handle(request, env),
};
