// A zeromq.js v6 program in CommonJS, as its users write it: require() the
// library (named by argv[2]: "zeromq" or "zeromq-wasm") and make sockets at
// once, with no await before them. Prints one JSON line of what it saw;
// run by test/compat/commonjs.test.ts.
const zmq = require(process.argv[2]);

const reply = new zmq.Reply({ linger: 0 });
const request = new zmq.Request({ linger: 0 });
const push = new zmq.Push({ linger: 0 });
const pull = new zmq.Pull({ linger: 0 });

async function main() {
  const seen = {
    defaultContext: zmq.context instanceof zmq.Context,
    socketClass: reply instanceof zmq.Socket,
  };

  await reply.bind("tcp://127.0.0.1:*");
  request.connect(reply.lastEndpoint);
  await request.send("Hello");
  const [question] = await reply.receive();
  await reply.send(`${question.toString()}, World`);
  seen.tcp = (await request.receive()).map(String);

  await pull.bind("inproc://commonjs");
  push.connect("inproc://commonjs");
  await push.send(["a", "b"]);
  seen.inproc = (await pull.receive()).map(String);

  // The same process importing the library gets the same module.
  const imported = await import(process.argv[2]);
  seen.importSharesClasses = imported.Socket === zmq.Socket && imported.context === zmq.context;

  for (const socket of [reply, request, push, pull]) socket.close();
  console.log(JSON.stringify(seen));
}

main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
