/**
 * zeromq-wasm/testing: what a team needs to test its own page that uses
 * zeromq-wasm, from Node (any test runner; zeromq-wasm/testing/playwright
 * wraps it as a Playwright fixture): its page served with a gateway
 * (site.ts), scripted native-side peers (publisher.ts, reply.ts, with a
 * crash on cue from peer.ts), and waits for what the page's sockets did,
 * seen from the peer (connections.ts) and the gateway (site.ts).
 */
export { startSite, type Site, type SiteOptions, type Target } from "./site.js";
export { servePages, packagePath, type PageServer, type PageServerOptions } from "./page-server.js";
export { CRASH, ScriptedPeer, type CrashOptions, type PeerOptions } from "./peer.js";
export { startPublisher, ScriptedPublisher, type PublisherOptions, type ScriptedMessage } from "./publisher.js";
export { startReply, ScriptedReply, type Answer, type ReplyOptions } from "./reply.js";
export type { ConnectionCounts } from "./connections.js";
export type { WaitOptions } from "./wait.js";
