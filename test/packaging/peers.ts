/**
 * The native libzmq peers (pyzmq) and the gateway that the installed
 * package is checked against in each runtime (runtimes.test.ts,
 * workerd.test.ts): a REP, a CURVE REP, a PUB with two topics, and a REP
 * reached only through a gateway that allows just it.
 */
import { createGateway, type Gateway } from "../../dist/gateway/server.js";
import { NativePeer } from "../support/native-peer.ts";

export interface PeerConfig {
  rep: string;
  pub: string;
  curve: { endpoint: string; serverKey: string };
  gateway: string;
  gatewayRep: string;
}

export class PackagingPeers {
  private readonly peers: NativePeer[] = [];
  private gateway: Gateway | undefined;

  /** Starts a peer in role (see test/interop/peer.py), stopped by stop(). */
  start(role: string, options: Record<string, unknown> = {}): NativePeer {
    const peer = NativePeer.start(role, options);
    this.peers.push(peer);
    return peer;
  }

  /** Starts the shared set. repCount: requests each REP answers; origins:
   * the browser origins the gateway lets in (none by default). */
  async startShared({ repCount = 1, origins }: { repCount?: number; origins?: string[] } = {}): Promise<PeerConfig> {
    const keys = this.start("keypair");
    const { public: serverKey, secret } = (await keys.next("public")) as { public: string; secret: string };
    const rep = this.start("rep", { timeout_ms: 60_000, count: repCount });
    const curveRep = this.start("rep", { timeout_ms: 60_000, curve_server_secret: secret, curve_server_public: serverKey });
    const gatewayRep = this.start("rep", { timeout_ms: 60_000, count: repCount });
    const pub = this.start("pub", { topics: ["weather", "sports"], rounds: 6000, interval: 0.01 });
    const gatewayRepEndpoint = await gatewayRep.endpoint();
    this.gateway = await createGateway({ port: 0, allow: [gatewayRepEndpoint.replace("tcp://", "")], origins, log: false });
    return {
      rep: await rep.endpoint(),
      pub: await pub.endpoint(),
      curve: { endpoint: await curveRep.endpoint(), serverKey },
      gateway: this.gateway.url,
      gatewayRep: gatewayRepEndpoint,
    };
  }

  async stop(): Promise<void> {
    for (const peer of this.peers) peer.stop();
    await this.gateway?.close();
  }
}
