// The receive path's first step, in plain JS: each message event pushes its data and its time onto two
// arrays, which the app takes once a frame. A message costs the page a push here rather than a call into
// WebAssembly with its event, its data and the clock (PERFORMANCE.md: what costs what). The first message
// after a take calls `wake` once, so the app knows a batch is waiting.
export class Inbox {
  constructor(socket, wake) {
    this.data = [];
    this.at = [];
    this.socket = socket;
    this.wake = wake;
    this.onmessage = (e) => {
      if (this.data.length === 0) this.wake();
      this.data.push(e.data);
      this.at.push(Date.now());
    };
    socket.onmessage = this.onmessage;
  }

  // The messages waiting, oldest first: [their data, their times in ms since the epoch]. The inbox is
  // left empty.
  take() {
    const taken = [this.data, Float64Array.from(this.at)];
    this.data = [];
    this.at = [];
    return taken;
  }

  // How many messages wait.
  get length() {
    return this.data.length;
  }

  // Stops listening; whatever waits is dropped.
  detach() {
    if (this.socket.onmessage === this.onmessage) this.socket.onmessage = null;
    this.wake = () => {};
    this.data = [];
    this.at = [];
  }
}
