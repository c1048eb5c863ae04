// Weather updates: a Subscriber on this page connects to the demo's weather
// Publisher (through the gateway), keeps only one zip code, and averages the
// temperatures it sees.
import { Subscriber } from "zeromq-wasm/browser";
import type { TutorialContext } from "./context.ts";

export default async function run({ log, endpoints, signal }: TutorialContext) {
  const zip = "10001";
  const wanted = 20;
  const subscriber = new Subscriber({ receiveTimeout: 5000 });
  subscriber.connect(endpoints.weather);
  // The filter is a prefix of the message. The trailing space stops "10001"
  // from also matching a zip such as "100012".
  subscriber.subscribe(`${zip} `);
  try {
    let total = 0;
    let count = 0;
    while (count < wanted && !signal.aborted) {
      const [update] = await subscriber.receive();
      const [code, temperature, humidity] = update.toString().split(" ");
      total += Number(temperature);
      count++;
      log(`update ${count}: zip ${code}, ${temperature} °C, humidity ${humidity}%`);
    }
    if (count > 0) log(`average temperature for zip ${zip} over ${count} updates: ${(total / count).toFixed(1)} °C`);
  } finally {
    subscriber.close();
  }
}
