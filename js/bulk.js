// `createMany`'s driver: the Rust scheduler (`PendingBulk`, src/js/bulk.rs over
// src/client/bulk.rs) decides what leaves when (Intune's write limit, the hold
// after a 429, `$batch` packing, what each inner answer means, each status's own
// call with the rules of a single create); this module only sends its requests,
// waits when it says so, and collects the results. support.js loads it on the
// first createMany.

import { answered, direct } from "./support.js";

export async function createMany(pending, client, { onProgress, onWait, signal }) {
  const results = [];
  // A throwing callback must not cost the run its results, nor vanish: its
  // first error is reported with console.error, once per run.
  let callbackFailed = false;
  const tell = (callback, name, value) => {
    try {
      callback?.(value);
    } catch (error) {
      if (!callbackFailed) {
        callbackFailed = true;
        console.error(`intune-device-status: createMany's ${name} threw; the run goes on:`, error);
      }
    }
  };
  const progress = { done: 0, total: pending.total, created: 0, invalid: 0, failed: 0 };
  // Resolves the current wait: an answer came, or the caller aborted.
  let wake = () => {};
  const stop = () => {
    pending.abort();
    wake();
  };
  signal?.addEventListener("abort", stop, { once: true });
  if (signal?.aborted) pending.abort();

  // One request of the scheduler's; in flight, it is left to finish whatever the
  // signal does: its answer says which statuses were created.
  const send = async (step) => {
    let outcome;
    try {
      outcome = await direct(step, client);
    } catch (error) {
      pending.refused(step.id, String(error?.message ?? error));
      return wake();
    }
    pending.answer(step.id, ...answered(outcome));
    wake();
  };

  try {
    for (;;) {
      const action = pending.poll();
      if (action.kind === "done") return results;
      if (action.kind === "send") {
        // Rejects only if the run already failed (a bug) and freed the scheduler.
        send(action).catch(() => {});
      } else if (action.kind === "settled") {
        const { result } = action;
        results[result.index] = result;
        progress.done += 1;
        progress[result.outcome] += 1;
        tell(onProgress, "onProgress", { ...progress });
      } else {
        // "wait" or "idle": until the time is up, an answer comes or an abort.
        if (action.kind === "wait") tell(onWait, "onWait", { ms: action.ms, throttled: action.throttled });
        let timer;
        await new Promise((resolve) => {
          wake = resolve;
          if (action.kind === "wait") timer = setTimeout(resolve, action.ms);
        });
        clearTimeout(timer);
        wake = () => {};
      }
    }
  } finally {
    signal?.removeEventListener("abort", stop);
    pending.free();
  }
}
