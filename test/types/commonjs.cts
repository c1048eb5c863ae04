// A CommonJS consumer: require() of the package is typed (dist/cjs/index.d.cts).
import zmq = require("zeromq-wasm");

const socket: zmq.Dealer = new zmq.Dealer({ linger: 0 });
socket.connect("tcp://127.0.0.1:5555");
const version: string = zmq.version;
void socket.send(["frame", version]);
