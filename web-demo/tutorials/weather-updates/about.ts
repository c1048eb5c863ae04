import type { Tutorial } from "../tutorial.ts";

const tutorial: Tutorial = {
  id: "weather-updates",
  title: "Weather updates (PUB/SUB with a filter)",
  chapter: "Chapter 1 - Basics",
  where: "gateway",
  programs: [{ file: "wuclient.ts", role: "client" }],
  services: [{ endpoint: "weather", file: "services/weather-server.ts", example: "wuserver" }],
  explanation: `<p>The demo server publishes a stream of weather readings, "&lt;zip&gt; &lt;temperature&gt; &lt;humidity&gt; &lt;time&gt;",
      for five cities, on port 5556. The client connects a <code>Subscriber</code> to it and subscribes to one zip code only.</p>
      <p>A subscription is a byte prefix: the subscriber tells the publisher which prefixes it wants, and messages that match
      none of them never reach the page. Without any subscription a SUB socket receives nothing at all.</p>
      <p>Publishing is one-way and fire-and-forget: the publisher does not know who listens, and a subscriber that joins late
      simply starts with whatever is sent next.</p>`,
  expect: "Average temperature for zipcode '10001' was",
};
export default tutorial;
