/**
 * The live dashboard: a market ticker kept by the Clone pattern (snapshot +
 * sequenced updates) and the Guide's weather feed with per-city filters,
 * both from the demo's Node publishers through the gateway. Messages are
 * handled as they arrive; the DOM is touched ten times a second (in an
 * animation frame, only where the text changed) and the charts twice a
 * second, so a 10k msg/s feed does not fall behind. Outages show: each
 * feed's health and age, stale values greyed, gaps in the chart. Pause
 * stops the drawing (not the receiving).
 * With ?draw=off in the URL the page receives, decodes and counts the same
 * feeds but draws only the state and the message counter (4 times a second):
 * test/bench/dashboard.bench.ts measures drawing's CPU share against it.
 */
import { cities, type PageConfig } from "../demo-config.ts";
import { gatewayUrl } from "../page-config.ts";
import { RollingChart } from "./charts.ts";
import { CloneClient, type Entry } from "./clone-client.ts";
import { ConnectionWatch } from "./connection-state.ts";
import { feedHealth, isStale } from "./feed-health.ts";
import { mountFeedControls } from "./feed-controls.ts";
import { Meter } from "./meter.ts";
import { showText } from "./show-text.ts";
import { TickerTable } from "./ticker-table.ts";
import { WeatherFeed, type Reading } from "./weather-feed.ts";

/** Fast enough to read as live, a sixth of the frames a 60 Hz screen shows. */
const DRAW_INTERVAL_MS = 100;
/** Still connecting after this long: say what the page is trying to reach. */
const UNREACHABLE_AFTER_MS = 5000;

const escape = (text: string) => text.replace(/[&<>"]/g, (c) => `&#${c.charCodeAt(0)};`);

/** Where the page looks for its data, and how to point it elsewhere. */
function unreachableHelp(config: PageConfig): string {
  return `<b>Nothing has answered yet.</b> The page is trying to reach the demo's services
    (${escape(config.endpoints.tickerSnapshot)}, ${escape(config.endpoints.weather)}, …) through the gateway at
    <code>${escape(gatewayUrl(config))}</code>, as ${escape(config.source ?? "its config")} says.
    Run <code>npm start</code> for the gateway and the services, or point this page at yours: serve
    <code>/demo-config.json</code> next to <code>index.html</code>, e.g.
    <code>{"gatewayPort": 8089, "endpoints": {"weather": "tcp://127.0.0.1:5556", …}}</code> (README, "Web demo").`;
}

export function mountDashboard(root: HTMLElement, config: PageConfig): () => void {
  const drawing = new URLSearchParams(location.search).get("draw") !== "off";
  root.innerHTML = `
    <div class="card notice" data-testid="unreachable" hidden></div>
    <div class="card readouts">
      <span>State <b class="state connecting" data-testid="connection-state">connecting</b></span>
      <span>Messages received <b data-testid="messages-received">0</b></span>
      <span>Rate <b data-testid="message-rate">0</b> msg/s</span>
      <span>Latency p50 <b data-testid="latency-p50">–</b> ms, max <b data-testid="latency-max">–</b> ms</span>
      <button type="button" class="pause" data-testid="pause" aria-pressed="false">Pause</button>
      <div class="feed-controls" data-testid="feed-controls" hidden></div>
    </div>
    <div class="grid">
      <div class="card">
        <h3>Market ticker <small>(Clone pattern: ROUTER snapshot + PUB updates)</small></h3>
        <p class="feed-health" data-testid="feed-ticker" data-health="down">connecting</p>
        <p class="snapshot" data-testid="snapshot-info">waiting for a snapshot…</p>
        <table><thead><tr><th>Symbol</th><th>Price</th><th>Change</th><th>Sequence</th></tr></thead><tbody class="ticker"></tbody></table>
      </div>
      <div class="card">
        <h3>Weather <small>(PUB/SUB, one prefix filter per city)</small></h3>
        <p class="feed-health" data-testid="feed-weather" data-health="down">connecting</p>
        <div class="toggles">${cities
          .map((c) => `<label><input type="checkbox" data-testid="toggle-${c.zip}" data-zip="${c.zip}" checked> ${c.name}</label>`)
          .join("")}</div>
        <table><thead><tr><th>City</th><th>Zip</th><th>°C</th><th>Humidity</th><th>Received</th></tr></thead><tbody class="weather">${cities
          .map((c) => `<tr data-testid="weather-row-${c.zip}"><td>${c.name}</td><td>${c.zip}</td><td class="t">–</td><td class="h">–</td><td data-testid="weather-count-${c.zip}">0</td></tr>`)
          .join("")}</tbody></table>
      </div>
      <div class="card"><div class="chart-temperature" data-testid="chart-temperature"></div></div>
      <div class="card"><div class="chart-rate"></div></div>
    </div>`;
  const $ = <T extends HTMLElement>(selector: string) => root.querySelector<T>(selector)!;

  const meter = new Meter();
  let tickerDirty = true;
  let snapshotInfo = "waiting for a snapshot…";
  const opening = new Map<string, number>();
  /** When each feed last delivered something (performance.now()). */
  let tickerAt: number | undefined;
  let weatherAt: number | undefined;
  const ticker = new CloneClient(config.endpoints.tickerSnapshot, config.endpoints.tickerUpdates, {
    change(key: string, entry: Entry, fromSnapshot: boolean) {
      if (!opening.has(key)) opening.set(key, entry.price);
      if (!fromSnapshot) meter.record(entry.ts);
      tickerAt = performance.now();
      tickerDirty = true;
    },
    snapshot(state, sequence) {
      opening.clear();
      for (const [key, entry] of state) opening.set(key, entry.price);
      snapshotInfo = `snapshot: ${state.size} symbols at sequence ${sequence}, then live updates`;
      tickerAt = performance.now();
      tickerDirty = true;
    },
    syncing() {
      snapshotInfo = "asking for a snapshot…";
    },
  });

  const latest = new Map<string, Reading>();
  /** When each city's latest reading arrived (performance.now()). */
  const arrivedAt = new Map<string, number>();
  const counts = new Map<string, number>(cities.map((c) => [c.zip, 0]));
  const weather = new WeatherFeed(
    config.endpoints.weather,
    cities.map((c) => c.zip),
    (reading) => {
      meter.record(reading.sentAt);
      latest.set(reading.zip, reading);
      weatherAt = performance.now();
      arrivedAt.set(reading.zip, weatherAt);
      counts.set(reading.zip, (counts.get(reading.zip) ?? 0) + 1);
    },
  );
  const connection = new ConnectionWatch([ticker.updates, weather.socket]);
  for (const box of root.querySelectorAll<HTMLInputElement>("[data-zip]")) {
    box.onchange = () => weather.setCity(box.dataset.zip!, box.checked);
  }

  const temperatureChart = new RollingChart($(".chart-temperature"), "Temperature by city", cities.map((c) => c.name), "°C", 240);
  const rateChart = new RollingChart($(".chart-rate"), "Messages per second", ["all feeds"], "msg/s", 120);

  // Drawing: in an animation frame at most every DRAW_INTERVAL_MS, and only
  // the text that changed. At 10k msg/s every readout changes every frame:
  // drawn 60 times a second, the page cost more than receiving the messages.
  const stateEl = $("[data-testid=connection-state]");
  const receivedEl = $("[data-testid=messages-received]");
  const rateEl = $("[data-testid=message-rate]");
  const latencyP50El = $("[data-testid=latency-p50]");
  const latencyMaxEl = $("[data-testid=latency-max]");
  const snapshotEl = $("[data-testid=snapshot-info]");
  const tickerTable = new TickerTable($<HTMLTableSectionElement>(".ticker"));
  const weatherCells = cities.map(({ zip }) => {
    const count = $(`[data-testid=weather-count-${zip}]`);
    const row = count.parentElement!;
    return { zip, row, count, temperature: row.querySelector<HTMLElement>(".t")!, humidity: row.querySelector<HTMLElement>(".h")! };
  });
  const feeds = [
    { el: $("[data-testid=feed-ticker]"), socket: ticker.updates, at: () => tickerAt, markStale: (stale: boolean) => tickerTable.markStale(stale) },
    // (the weather table marks each city by its own age, below)
    { el: $("[data-testid=feed-weather]"), socket: weather.socket, at: () => weatherAt, markStale: () => {} },
  ];
  const unreachableEl = $("[data-testid=unreachable]");
  const mountedAt = performance.now();
  let paused = false;
  // The state, each feed's health and stale marks: drawn even while paused.
  const drawCounters = () => {
    const now = performance.now();
    const state = connection.state;
    if (stateEl.textContent !== state) {
      stateEl.textContent = state;
      stateEl.className = `state ${state}`;
    }
    const unreachable = state === "connecting" && now - mountedAt > UNREACHABLE_AFTER_MS;
    if (unreachable && unreachableEl.hidden) unreachableEl.innerHTML = unreachableHelp(config);
    unreachableEl.hidden = !unreachable;
    for (const { el, socket, at, markStale } of feeds) {
      const { health, text } = feedHealth(connection.feedState(socket), at(), now);
      showText(el, text);
      if (el.dataset.health !== health) el.dataset.health = health;
      markStale(health !== "ok");
    }
    for (const { zip, row } of weatherCells) row.classList.toggle("stale", latest.has(zip) && isStale(arrivedAt.get(zip), now));
    if (!paused) showText(receivedEl, meter.total.toLocaleString("en-US"));
  };
  let frame = 0;
  const draw = () => {
    frame = 0;
    drawCounters();
    if (paused) return;
    showText(snapshotEl, snapshotInfo);
    for (const { zip, temperature, humidity, count } of weatherCells) {
      const reading = latest.get(zip);
      showText(temperature, reading ? reading.temperature.toFixed(1) : "–");
      showText(humidity, reading ? `${reading.humidity}%` : "–");
      showText(count, String(counts.get(zip)));
    }
    if (tickerDirty) {
      tickerDirty = false;
      tickerTable.draw(ticker.state, opening);
    }
  };
  // Pause: the feeds keep arriving and counting; only drawing stops. On
  // resume the page shows the current data, and the charts a gap for the
  // paused time rather than a line drawn across it.
  const pauseButton = $<HTMLButtonElement>("[data-testid=pause]");
  pauseButton.onclick = () => {
    paused = !paused;
    pauseButton.textContent = paused ? "Resume" : "Pause";
    pauseButton.setAttribute("aria-pressed", String(paused));
    if (!paused) {
      tickerDirty = true;
      temperatureChart.push(cities.map(() => null));
      rateChart.push([null]);
    }
  };
  void mountFeedControls($("[data-testid=feed-controls]"));
  const drawTimer = drawing
    ? setInterval(() => (frame ||= requestAnimationFrame(draw)), DRAW_INTERVAL_MS)
    : setInterval(drawCounters, 250);

  // Rates and charts: once a second / twice a second.
  const perSecond = setInterval(() => {
    meter.roll();
    if (!drawing || paused) return;
    showText(rateEl, meter.rate.toLocaleString("en-US"));
    showText(latencyP50El, Number.isNaN(meter.latencyP50) ? "–" : String(meter.latencyP50));
    showText(latencyMaxEl, Number.isNaN(meter.latencyMax) ? "–" : String(meter.latencyMax));
    rateChart.push([meter.rate]);
  }, 1000);
  // A city with no fresh reading is a gap in its line, not its last value
  // repeated: an outage shows as one.
  const twicePerSecond = setInterval(() => {
    if (!drawing || paused) return;
    const now = performance.now();
    temperatureChart.push(cities.map(({ zip }) => (isStale(arrivedAt.get(zip), now) ? null : latest.get(zip)!.temperature)));
  }, 500);

  return () => {
    clearInterval(drawTimer);
    cancelAnimationFrame(frame);
    clearInterval(perSecond);
    clearInterval(twicePerSecond);
    ticker.close();
    weather.close();
    temperatureChart.destroy();
    rateChart.destroy();
  };
}
