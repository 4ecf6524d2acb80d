// The receive path's first step, in plain JS: each message event pushes its data and its time onto two
// arrays, which the app takes once a frame. A message costs the page a push here rather than a call into
// WebAssembly with its event, its data and the clock (PERFORMANCE.md: what costs what). The first message
// after a take calls `wake` once, so the app knows a batch is waiting.
//
// A take hands the batch over in bulk: every text message encoded (UTF-8: a short ASCII one copied as it
// is, any other by the browser's TextEncoder, which writes U+FFFD for a lone surrogate exactly as
// wasm-bindgen's own string passing does) into one byte array, with each message's byte length, so the
// app copies the batch into its memory once instead of fetching and copying each string on its own.

// A message that is not text (an ArrayBuffer): its length in `lengths`.
const NOT_TEXT = 0xffffffff;
// The byte array kept between takes, up to this size (bigger ones are made for one take and dropped).
const KEEP_BYTES = 4 << 20;
// Text messages up to this many UTF-16 units are tried as ASCII first (see `take`); past about this length
// the encoder is the faster.
const SHORT = 256;
const encoder = new TextEncoder();

export class Inbox {
  constructor(socket, wake) {
    this.data = [];
    this.at = [];
    this.bytes = new Uint8Array(64 << 10);
    this.socket = socket;
    this.wake = wake;
    this.onmessage = (e) => {
      if (this.data.length === 0) this.wake();
      this.data.push(e.data);
      this.at.push(Date.now());
    };
    socket.onmessage = this.onmessage;
  }

  // The messages waiting, oldest first: [lengths (Uint32Array: a text message's
  // UTF-8 byte length, or NOT_TEXT), the text messages' bytes one after another (Uint8Array), the other
  // messages' data (Array), their times in ms since the epoch (Float64Array)].
  //
  // At most `max` messages are taken (the oldest); the rest wait for the next take, which the app asks for
  // itself (no new wake comes while messages wait).
  take(max) {
    const data = this.data.length > max ? this.data.splice(0, max) : this.data;
    const at = data === this.data ? this.at : this.at.splice(0, max);
    const n = data.length;
    const lengths = new Uint32Array(n);
    const others = [];
    let units = 0;
    for (let i = 0; i < n; i++) {
      if (typeof data[i] === "string") units += data[i].length;
    }
    // One byte a UTF-16 unit fits ASCII; more is made room for when a message needs it.
    let bytes = this.bytes.length >= units ? this.bytes : new Uint8Array(units + (units >> 3) + 64);
    let pos = 0;
    for (let i = 0; i < n; i++) {
      const d = data[i];
      if (typeof d !== "string") {
        lengths[i] = NOT_TEXT;
        others.push(d);
        continue;
      }
      const start = pos;
      // A short message is copied unit by unit while it is ASCII: for 100- and 200-byte messages that is
      // 1.4-3 times as fast as `encodeInto` with its destination view (measured in this Chromium; even at
      // 400 bytes, the encoder faster at 1 KB). The first unit that is not ASCII hands the whole message
      // to the encoder, which writes over what was copied.
      const len = d.length;
      if (len <= SHORT && pos + len <= bytes.length) {
        let k = 0;
        for (; k < len; k++) {
          const c = d.charCodeAt(k);
          if (c > 0x7f) break;
          bytes[pos + k] = c;
        }
        if (k === len) {
          pos += len;
          lengths[i] = len;
          continue;
        }
      }
      let read = 0;
      for (;;) {
        const r = encoder.encodeInto(read === 0 ? d : d.substring(read), bytes.subarray(pos));
        pos += r.written;
        read += r.read;
        if (read >= d.length) break;
        // At most 3 bytes a UTF-16 unit are left to write.
        const bigger = new Uint8Array(Math.max(bytes.length * 2, pos + (d.length - read) * 3 + 4));
        bigger.set(bytes.subarray(0, pos));
        bytes = bigger;
      }
      lengths[i] = pos - start;
    }
    if (bytes.length <= KEEP_BYTES) this.bytes = bytes;
    const taken = [lengths, bytes.subarray(0, pos), others, Float64Array.from(at)];
    if (data === this.data) {
      this.data = [];
      this.at = [];
    }
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
    this.bytes = new Uint8Array(0);
  }
}
