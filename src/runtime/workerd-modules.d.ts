// Modules that exist only in workerd's bundle (see load-workerd.ts).
declare module "cloudflare:sockets" {
  export function connect(address: { hostname: string; port: number }, options?: object): unknown;
}
