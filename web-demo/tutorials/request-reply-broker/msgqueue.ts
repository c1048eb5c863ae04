// Message queue broker: the Guide's rrbroker, with libzmq's built-in proxy
// doing its forwarding loop (the Guide's msgqueue). A ROUTER faces the
// clients, a DEALER faces the workers; neither side knows the other.
import { Dealer, Proxy, Router } from "zeromq-wasm/browser";

// Socket facing clients
const frontend = new Router();
await frontend.bind("inproc://frontend");

// Socket facing services
const backend = new Dealer();
await backend.bind("inproc://backend");

// Start the proxy: it moves messages both ways until it is terminated or
// its sockets close (here, when the run ends).
await new Proxy(frontend, backend).run();
