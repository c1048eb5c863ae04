// Binary Star server: a primary and a backup watch each other through
// PUB/SUB heartbeats that carry their state, so that exactly one of them
// answers clients, and the backup takes over only when the primary has gone
// silent AND a client has come to it (the client has given up on the
// primary too, so the primary really is gone for clients).
//
// The Guide starts it twice, `bstarsrv -p` and `bstarsrv -b`. This page runs
// two copies of this one file: a copy is the primary if the primary's
// address is free when it starts (the first copy), else the backup.
import { Publisher, Router, Subscriber, type ZmqError } from "zeromq-wasm/browser";

const HEARTBEAT = 250; // msecs between state messages (the Guide uses 1000)

// Our state, and events: the peer's state as it told us, or a client request.
const STATE_PRIMARY = 1, STATE_BACKUP = 2, STATE_ACTIVE = 3, STATE_PASSIVE = 4;
const PEER_PRIMARY = 1, PEER_BACKUP = 2, PEER_ACTIVE = 3, PEER_PASSIVE = 4, CLIENT_REQUEST = 5;

const frontend = new Router();
let state = STATE_PRIMARY;
try {
  await frontend.bind("inproc://bstar-primary");
} catch (error) {
  if ((error as ZmqError).code !== "EADDRINUSE") throw error;
  state = STATE_BACKUP;
  await frontend.bind("inproc://bstar-backup");
}
const [ours, peers] = state === STATE_PRIMARY ? ["primary", "backup"] : ["backup", "primary"];
console.log(state === STATE_PRIMARY ? "I: Primary active, waiting for backup (passive)" : "I: Backup passive, waiting for primary (active)");

const statepub = new Publisher();
await statepub.bind(`inproc://bstar-${ours}-state`);

// Until then, the peer counts as gone.
let peerExpiry = 0;
let finished = false;

// The finite-state machine: returns false if the event is refused (a client
// request we must not answer, or a peer state that makes no sense).
function stateMachine(event: number): boolean {
  if (state === STATE_PRIMARY) {
    // A client request is answered: nobody else serves yet.
    if (event === PEER_BACKUP) {
      console.log("I: connected to backup (passive), ready active");
      state = STATE_ACTIVE;
    } else if (event === PEER_ACTIVE) {
      console.log("I: connected to backup (active), ready passive");
      state = STATE_PASSIVE;
    }
  } else if (state === STATE_BACKUP) {
    if (event === PEER_ACTIVE) {
      console.log("I: connected to primary (active), ready passive");
      state = STATE_PASSIVE;
    } else if (event === CLIENT_REQUEST) {
      return false; // the primary serves clients, not us
    }
  } else if (state === STATE_ACTIVE) {
    if (event === PEER_ACTIVE) {
      console.log("E: fatal error - dual actives, aborting");
      return false;
    }
  } else if (state === STATE_PASSIVE) {
    if (event === PEER_PRIMARY) {
      console.log("I: primary (passive) is restarting, ready active");
      state = STATE_ACTIVE;
    } else if (event === PEER_BACKUP) {
      console.log("I: backup (passive) is restarting, ready active");
      state = STATE_ACTIVE;
    } else if (event === PEER_PASSIVE) {
      console.log("E: fatal error - dual passives, aborting");
      return false;
    } else if (event === CLIENT_REQUEST) {
      // Take over only if the peer is silent too: a client that merely
      // lost its way to the active server must not make two actives.
      if (Date.now() < peerExpiry) return false;
      console.log("I: failover successful, ready active");
      state = STATE_ACTIVE;
    }
  }
  return true;
}

// Answers clients (an echo service) in the states that may.
async function serveClients() {
  for await (const request of frontend) {
    if (stateMachine(CLIENT_REQUEST)) await frontend.send(request);
  }
}

// Tells the peer our state, every heartbeat.
async function sendState() {
  while (!finished) {
    await statepub.send(String(state));
    await new Promise((resolve) => setTimeout(resolve, HEARTBEAT));
  }
}

// Listens to the peer's state. inproc:// does not reconnect as tcp:// does:
// after two silent heartbeats we dial again, so a peer that was stopped and
// started is heard again.
async function watchPeer() {
  while (!finished) {
    const statesub = new Subscriber({ receiveTimeout: 2 * HEARTBEAT, linger: 0 });
    statesub.connect(`inproc://bstar-${peers}-state`);
    statesub.subscribe();
    try {
      for (;;) {
        const [peerState] = await statesub.receive();
        if (!stateMachine(Number(peerState.toString()))) return stop();
        peerExpiry = Date.now() + 2 * HEARTBEAT;
      }
    } catch (error) {
      // A timeout (EAGAIN) on an open socket means silence: dial again.
      // Closed under us means this program is being stopped.
      if ((error as ZmqError).code !== "EAGAIN" || statesub.closed) throw error;
    } finally {
      statesub.close();
    }
  }
}

function stop() {
  finished = true;
  frontend.close();
  statepub.close();
}

await Promise.all([serveClients(), sendState(), watchPeer()]);
