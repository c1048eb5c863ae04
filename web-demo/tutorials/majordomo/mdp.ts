// The Majordomo Protocol's constants (MDP/0.1; the Guide's mdp.h): the
// header every client and worker message starts with, and the worker's
// one-byte commands.
export const MDPC = "MDPC01";
export const MDPW = "MDPW01";
export const READY = "\x01";
export const REQUEST = "\x02";
export const REPLY = "\x03";
export const HEARTBEAT = "\x04";
export const DISCONNECT = "\x05";
