/**
 * Says, in words a reader can act on, when a gateway tutorial cannot reach
 * a demo service: which tcp:// endpoint, through which gateway, and how to
 * start it. It listens to the events of the sockets the programs make
 * (connect retries, failed handshakes, disconnects) and, as a fallback for a
 * socket that stays silent, notices when nothing has connected after a few
 * seconds.
 */
import type { SocketLike } from "../runner/tracked-module.ts";

export interface WatchedService {
  /** The tcp:// endpoint, as the running config has it. */
  endpoint: string;
  /** How the reader knows it: "the hello service (hwserver)". */
  label: string;
}

interface Events {
  on(type: string, listener: (event: { type: string; address?: string }) => void): unknown;
}

export interface Reachability {
  socketMade(program: string, socket: SocketLike): void;
  stop(): void;
}

/** How long a run may go without any of its services connected. */
const silentMs = 3000;

export function watchReachability(services: WatchedService[], gateway: string, say: (text: string) => void): Reachability {
  const connected = new Set<string>();
  const told = new Set<string>();
  let stopped = false;

  const tell = async (endpoint: string, what: string) => {
    if (stopped || told.has(endpoint)) return;
    told.add(endpoint);
    const service = services.find((s) => s.endpoint === endpoint);
    const name = service ? `${endpoint} (${service.label})` : endpoint;
    if (!(await gatewayAnswers(gateway))) {
      if (stopped) return;
      say(`Cannot reach ${name}: the gateway at ${gateway} does not answer. Start the demo with "npm start" (it runs the gateway and the demo services together), then Run again.`);
    } else {
      if (stopped) return;
      say(`Cannot reach ${name} through the gateway at ${gateway} (${what}): the demo service is not running. Start it with "npm start", or press its Start button above if it was stopped, then Run again.`);
    }
  };

  const timer = setTimeout(() => {
    for (const service of services) if (!connected.has(service.endpoint)) void tell(service.endpoint, "nothing connected");
  }, silentMs);

  return {
    socketMade(_program, socket) {
      const events = (socket as SocketLike & { events?: Events }).events;
      if (!events?.on) return;
      try {
        events.on("connect", (event) => event.address && connected.add(event.address));
        events.on("connect:retry", (event) => event.address && !connected.has(event.address) && void tell(event.address, "connection refused, retrying"));
        for (const type of ["handshake:error:protocol", "handshake:error:other"]) {
          events.on(type, (event) => event.address && void tell(event.address, "the handshake failed"));
        }
      } catch {
        // The program reads its events itself (receive mode): leave them to it.
      }
    },
    stop() {
      stopped = true;
      clearTimeout(timer);
    },
  };
}

/** Whether anything answers HTTP at the gateway's address (its /healthz). */
async function gatewayAnswers(gateway: string): Promise<boolean> {
  try {
    await fetch(`${gateway.replace(/^ws/, "http")}/healthz`, { mode: "no-cors", cache: "no-store" });
    return true;
  } catch {
    return false;
  }
}
