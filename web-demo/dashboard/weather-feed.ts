/**
 * The weather feed with per-city subscriptions: each enabled city is one
 * prefix filter (its zip code) on the SUB socket, so libzmq drops the other
 * cities' updates at the publisher, not in the page.
 */
import { Subscriber } from "zeromq-wasm/browser";

export interface Reading {
  zip: string;
  temperature: number;
  humidity: number;
  sentAt: number;
}

export class WeatherFeed {
  readonly #socket = new Subscriber();
  #closed = false;

  constructor(endpoint: string, zips: readonly string[], onReading: (reading: Reading) => void) {
    this.#socket.connect(endpoint);
    for (const zip of zips) this.#socket.subscribe(`${zip} `);
    void (async () => {
      try {
        for await (const [message] of this.#socket) {
          const [zip, temperature, humidity, sentAt] = message.toString().split(" ");
          onReading({ zip, temperature: Number(temperature), humidity: Number(humidity), sentAt: Number(sentAt) });
        }
      } catch (error) {
        if (!this.#closed) console.warn("weather feed stopped", error);
      }
    })();
  }

  /** The SUB socket (the dashboard watches its events). */
  get socket(): Subscriber {
    return this.#socket;
  }

  setCity(zip: string, on: boolean): void {
    if (on) this.#socket.subscribe(`${zip} `);
    else this.#socket.unsubscribe(`${zip} `);
  }

  close(): void {
    this.#closed = true;
    this.#socket.close();
  }
}
