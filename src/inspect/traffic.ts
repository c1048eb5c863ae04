/**
 * A socket's message and byte counts in each direction, kept by the socket
 * on its send and receive paths (two integer adds a message) and read by
 * the inspector (zeromq-wasm/inspector), which turns them into rates.
 */
export interface TrafficCounts {
  messagesIn: number;
  bytesIn: number;
  messagesOut: number;
  bytesOut: number;
}

export class Traffic implements TrafficCounts {
  messagesIn = 0;
  bytesIn = 0;
  messagesOut = 0;
  bytesOut = 0;

  /** Counts a received message. */
  received(frames: readonly Uint8Array[]): void {
    this.messagesIn++;
    this.bytesIn += size(frames);
  }

  /** Counts a message libzmq took to send. */
  sent(frames: readonly Uint8Array[]): void {
    this.messagesOut++;
    this.bytesOut += size(frames);
  }
}

function size(frames: readonly Uint8Array[]): number {
  // Most messages have one frame.
  if (frames.length === 1) return frames[0].byteLength;
  let bytes = 0;
  for (const frame of frames) bytes += frame.byteLength;
  return bytes;
}
