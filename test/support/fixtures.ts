/** Per-test cleanup for sockets and native peers: registers an afterEach. */
import { afterEach } from "node:test";
import { NativePeer } from "./native-peer.ts";
import { Sockets } from "./util.ts";

export function fixtures() {
  const sockets = new Sockets();
  const peers: NativePeer[] = [];
  afterEach(() => {
    sockets.closeAll();
    for (const peer of peers.splice(0)) peer.stop();
  });
  return {
    sockets,
    /** Starts a native libzmq peer (see test/interop/peer.py, or script), stopped after the test. */
    peer(role: string, options: Record<string, unknown> = {}, script?: string): NativePeer {
      const peer = NativePeer.start(role, options, script);
      peers.push(peer);
      return peer;
    },
  };
}
