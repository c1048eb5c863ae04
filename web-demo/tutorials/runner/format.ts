// console.log's arguments as one line of output, close to what a browser
// console or Node prints for the values tutorials log.
export function formatParts(parts: unknown[]): string {
  return parts.map(formatPart).join(" ");
}

function formatPart(part: unknown): string {
  if (typeof part === "string") return part;
  if (part instanceof Error) return `${part.name}: ${part.message}`;
  if (part instanceof Uint8Array) return `<${part.length} bytes: ${new TextDecoder().decode(part.subarray(0, 64))}${part.length > 64 ? "…" : ""}>`;
  if (typeof part === "object" && part !== null) {
    try {
      return JSON.stringify(part, (_key, value: unknown) => (typeof value === "bigint" ? `${value}n` : value));
    } catch {
      return String(part);
    }
  }
  return String(part);
}
