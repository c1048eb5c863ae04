/**
 * Hello World server (the Guide's hwserver): a REP socket that answers
 * every request with "World". Try it from Python:
 *   python3 -c "import zmq; s=zmq.Context().socket(zmq.REQ); s.connect('tcp://127.0.0.1:5555'); s.send(b'Hello'); print(s.recv())"
 */
import { Reply } from "zeromq-wasm";

export async function startHelloServer(endpoint: string): Promise<{ close(): Promise<void> }> {
  const responder = new Reply();
  await responder.bind(endpoint);

  // Receive a request, send the reply, forever (until closed).
  void (async () => {
    try {
      for await (const [request] of responder) {
        const text = request.toString();
        await responder.send(text === "Hello" ? "World" : `World (you said ${text})`);
      }
    } catch {
      // closed
    }
  })();

  return { close: async () => responder.close() };
}
