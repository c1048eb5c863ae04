/**
 * What a Guide tutorial is: the Guide's example programs, rewritten in
 * TypeScript as a reader would write them, kept in web-demo/tutorials/<id>/
 * and run together in the page (runner/). Plain data, so tests read it too.
 */
import type { DemoEndpoints } from "../demo-config.ts";

export interface TutorialProgram {
  /** The file in web-demo/tutorials/<id>/, named after the Guide's example
   * (hwclient.ts, taskwork.ts, ...): a tab in the editor. */
  file: string;
  /** client: the run is over when every client has ended; server: runs
   * until then (and can be stopped and started again meanwhile); library:
   * not run, but imported by the programs with a relative path, as the
   * Guide's mdclient uses mdcliapi (each importing program gets its own
   * copy). */
  role: "client" | "server" | "library";
  /** Copies to run at once (the Guide starts workers in several terminals). */
  instances?: number;
  /** false: not one of the Guide's examples (mdp.ts holds what the Guide
   * keeps in its mdp.h header), so the page does not list it as one. */
  guideExample?: false;
}

/** A demo service (npm start's services process) a tutorial talks to through
 * the gateway: its source is shown read-only beside the programs. */
export interface TutorialService {
  /** Which endpoint (see demo-config.ts). */
  endpoint: keyof DemoEndpoints;
  /** Its source file, relative to web-demo/server/. */
  file: string;
  /** The Guide example it follows (hwserver, wuserver, ...). */
  example: string;
}

export interface Tutorial {
  id: string;
  title: string;
  /** Where in the Guide: "Chapter 1 - Basics". */
  chapter: string;
  /** inproc: every program runs in this page's worker; gateway: the page
   * reaches demo services through the gateway. */
  where: "inproc" | "gateway";
  programs: TutorialProgram[];
  services?: TutorialService[];
  /** "browser": the programs use an API only a page has (IndexedDB), so
   * they run in the page and in browser tests, not in Node's. */
  needs?: "browser";
  /** Short explanation (HTML, our own words). */
  explanation: string;
  /** Text the output ends up containing when the run went right (the tests
   * check it). */
  expect: string;
}
