/**
 * One connection over a pair of WHATWG streams, as WebSocketStream
 * (websocket.ts) and Cloudflare's TCP sockets (cloudflare-tcp.ts) give it:
 * reads stop while paused, writes report the writable's backpressure.
 */
import type { Stream, StreamSink } from "./types.js";

/** What both kinds of connection look like once opened. */
export interface ByteStreams {
  readable: ReadableStream<ArrayBuffer | ArrayBufferView | string>;
  writable: WritableStream<Uint8Array>;
}

export interface DuplexConnection {
  /** Resolves with the streams once connected; rejects if refused. */
  opened: Promise<ByteStreams>;
  /** Settles when the connection has closed (rejects on an error). */
  closed: Promise<unknown>;
  /** Closes the connection; `refuse` says why, for a protocol violation. */
  close(refuse?: { code: number; reason: string }): void;
  /** The errno name for a refused connect. */
  refusal(error: unknown): string;
}

export function pipeConnection(connection: DuplexConnection, sink: StreamSink): Stream {
  let writer: WritableStreamDefaultWriter<Uint8Array> | undefined;
  let reader: ReadableStreamDefaultReader<ArrayBuffer | ArrayBufferView | string> | undefined;
  let paused = false;
  let pumping = false;
  let inFlight = 0;
  let ended = false;
  const end = (failed: boolean) => {
    if (ended) return;
    ended = true;
    if (failed) sink.failed("ECONNRESET");
    else sink.ended();
  };
  const pump = async () => {
    if (pumping || !reader) return;
    pumping = true;
    try {
      while (!paused) {
        const { value, done } = await reader.read();
        if (done) return end(false);
        if (typeof value === "string") {
          // The gateway contract is binary only: a text frame is not ZMTP.
          ended = true;
          sink.failed("EPROTO");
          connection.close({ code: 1003, reason: "binary messages only" });
          return;
        }
        sink.data(value instanceof ArrayBuffer ? new Uint8Array(value) : new Uint8Array(value.buffer, value.byteOffset, value.byteLength));
      }
    } catch {
      end(true);
    } finally {
      pumping = false;
    }
  };
  connection.opened.then(
    ({ readable, writable }) => {
      reader = readable.getReader();
      writer = writable.getWriter();
      sink.opened();
      void pump();
    },
    (error) => {
      ended = true;
      sink.failed(connection.refusal(error));
    },
  );
  connection.closed.then(
    () => end(false),
    () => (writer ? end(true) : undefined),
  );
  return {
    write(chunk) {
      if (!writer || ended) return true;
      try {
        inFlight++;
        writer.write(chunk).then(
          () => {
            if (--inFlight === 0) sink.flushed();
          },
          () => end(true),
        );
        if ((writer.desiredSize ?? 1) > 0) return true;
        void writer.ready.then(() => sink.drained(), () => {});
        return false;
      } catch {
        // workerd throws at once for a connection its request has taken
        // with it: a reset to libzmq, which reconnects.
        end(true);
        return true;
      }
    },
    pause() {
      paused = true;
    },
    resume() {
      paused = false;
      void pump();
    },
    end() {
      ended = true;
      try {
        connection.close();
      } catch {
        // Already gone (see write).
      }
    },
  };
}
