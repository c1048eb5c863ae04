/**
 * Weather update server (the Guide's wuserver): a PUB socket that sends
 * "<zip> <temperature> <humidity> <sent ms>" for a few cities. Subscribers
 * filter by zip code (a prefix). Try it from Python:
 *   python3 -c "import zmq; s=zmq.Context().socket(zmq.SUB); s.connect('tcp://127.0.0.1:5556'); s.subscribe(b'10001 '); print(s.recv())"
 */
import { Publisher } from "zeromq-wasm";
import { cities } from "../../demo-config.ts";
import { temperatureWalk } from "./fake-data.ts";
import { pace } from "./pace.ts";

/** A typical December day's mean temperature (°C) per zip code. */
const meanTemperature: Record<string, number> = { "10001": 4, "60601": -1, "73301": 12, "94103": 11, "98101": 6 };

/** @param perSecond updates per second, over all cities */
export async function startWeatherServer(endpoint: string, perSecond: number): Promise<{ close(): Promise<void> }> {
  const publisher = new Publisher();
  await publisher.bind(endpoint);

  const temperatures = new Map(cities.map(({ zip }) => [zip, temperatureWalk(meanTemperature[zip] ?? 10)]));
  const stop = pace(perSecond, async (count) => {
    for (let i = 0; i < count; i++) {
      // A random city gets a new reading.
      const { zip } = cities[Math.floor(Math.random() * cities.length)];
      const temperature = temperatures.get(zip)!.next();
      const humidity = 40 + Math.floor(Math.random() * 40);
      await publisher.send(`${zip} ${temperature.toFixed(1)} ${humidity} ${Date.now()}`);
    }
  });

  return {
    close: async () => {
      await stop();
      publisher.close();
    },
  };
}
