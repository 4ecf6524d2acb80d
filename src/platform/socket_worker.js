// The socket's worker (platform/remote.rs, platform/socket_host.rs). The page imports this module only for
// `workerUrl`, then starts it again as a dedicated worker, where the rest runs: it loads this same
// WebAssembly (the page sends its compiled module and the glue's address), and from then on hands each of
// the page's commands to the module's `socket_host_command`. The browser's WebSocket, its events and its
// inbox then live on the worker's thread, and the page receives a batch of messages at a time.

// This module's address, from which the page starts the worker.
export function workerUrl() {
  return import.meta.url;
}

if (typeof WorkerGlobalScope !== "undefined" && globalThis instanceof WorkerGlobalScope) {
  let glue = null;
  const early = [];
  self.onmessage = async (e) => {
    const cmd = e.data;
    if (glue !== null) {
      glue.socket_host_command(cmd);
      return;
    }
    if (!Array.isArray(cmd) || cmd[0] !== "start") {
      early.push(cmd);
      return;
    }
    try {
      const loaded = await import(cmd[1]);
      await loaded.default({ module_or_path: cmd[2] });
      glue = loaded;
    } catch (err) {
      self.postMessage(["broken", 0, String(err)]);
      return;
    }
    self.postMessage(["ready", 0]);
    for (const c of early.splice(0)) glue.socket_host_command(c);
  };
  // Listening now: the page may send "start".
  self.postMessage(["hello", 0]);
}
