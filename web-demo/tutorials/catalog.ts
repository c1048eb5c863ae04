/**
 * The in-browser ZeroMQ Guide tutorials, in reading order: each is a folder
 * <id>/ with its about.ts (see tutorial.ts) and its programs.
 */
import type { Tutorial } from "./tutorial.ts";
import helloWorld from "./hello-world/about.ts";
import divideAndConquer from "./divide-and-conquer/about.ts";

export const tutorials: Tutorial[] = [helloWorld, divideAndConquer];
