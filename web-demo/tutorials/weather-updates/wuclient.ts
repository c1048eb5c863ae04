// Weather update client: connects a SUB socket to the weather server on
// port 5556, keeps only one zip code's updates, and averages the
// temperature over a number of them.
import { Subscriber } from "zeromq-wasm/browser";

// The Guide averages 100 updates; the demo's server sends about 20 a second
// per city, so 50 keep the run short.
const UPDATES = 50;

console.log("Collecting updates from weather server…");
const subscriber = new Subscriber();
subscriber.connect("tcp://localhost:5556");

// A subscription is a prefix of the message. The trailing space keeps
// "10001" from also matching a longer zip such as "100012".
const filter = "10001 ";
subscriber.subscribe(filter);

let totalTemp = 0;
for (let updateNbr = 0; updateNbr < UPDATES; updateNbr++) {
  const [update] = await subscriber.receive();
  const [zipcode, temperature, relhumidity] = update.toString().split(" ");
  console.log(`${zipcode}: ${temperature} °C, humidity ${relhumidity}%`);
  totalTemp += Number(temperature);
}
console.log(`Average temperature for zipcode '${filter.trim()}' was ${(totalTemp / UPDATES).toFixed(1)} °C`);
subscriber.close();
