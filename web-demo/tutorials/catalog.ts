/**
 * The in-browser ZeroMQ Guide tutorials, in the order the page lists them.
 * Each is a folder <id>/ with its programs and an about.ts describing it
 * (see tutorial.ts). Plain data, so the tests read it too.
 */
import helloWorld from "./hello-world/about.ts";
import weatherUpdates from "./weather-updates/about.ts";
import divideAndConquer from "./divide-and-conquer/about.ts";
import multipleSockets from "./multiple-sockets/about.ts";
import killSignalling from "./kill-signalling/about.ts";
import nodeCoordination from "./node-coordination/about.ts";
import pubsubEnvelopes from "./pubsub-envelopes/about.ts";
import multipartMessages from "./multipart-messages/about.ts";
import routerDealerIdentities from "./router-dealer-identities/about.ts";
import loadBalancingBroker from "./load-balancing-broker/about.ts";
import requestReplyBroker from "./request-reply-broker/about.ts";
import lazyPirate from "./lazy-pirate/about.ts";
import simplePirate from "./simple-pirate/about.ts";
import paranoidPirate from "./paranoid-pirate/about.ts";
import majordomo from "./majordomo/about.ts";
import titanic from "./titanic/about.ts";
import binaryStar from "./binary-star/about.ts";
import freelance from "./freelance/about.ts";
import suicidalSnail from "./suicidal-snail/about.ts";
import blackBox from "./black-box/about.ts";
import clonePattern from "./clone-pattern/about.ts";
import type { Tutorial } from "./tutorial.ts";

export const tutorials: Tutorial[] = [
  helloWorld,
  weatherUpdates,
  divideAndConquer,
  multipleSockets,
  killSignalling,
  nodeCoordination,
  pubsubEnvelopes,
  multipartMessages,
  requestReplyBroker,
  routerDealerIdentities,
  loadBalancingBroker,
  lazyPirate,
  simplePirate,
  paranoidPirate,
  majordomo,
  titanic,
  binaryStar,
  freelance,
  suicidalSnail,
  blackBox,
  clonePattern,
];
