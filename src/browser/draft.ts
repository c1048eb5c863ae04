/**
 * zeromq-wasm/draft on a page: the draft socket types from the page entry's
 * bundle (client.js), so that they share its Socket class and Worker host.
 */
export { Server, Client, Radio, Dish, Gather, Scatter, Datagram } from "./client.js";
export type { ServerRoutingOptions, RadioGroupOptions, DishGroupOptions } from "./client.js";
