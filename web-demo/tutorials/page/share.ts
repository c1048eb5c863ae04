/**
 * A share link carries a reader's edited programs: the edited files as
 * JSON, deflated (CompressionStream) and base64url-encoded into the URL's
 * query (?code=...#/tutorials/<id>), which any router leaves alone.
 */
interface Shared {
  /** The tutorial the edits belong to. */
  id: string;
  /** Edited text by tab name (unedited tabs are left out). */
  files: Record<string, string>;
}

export const shareParameter = "code";

async function through(bytes: Uint8Array, stream: CompressionStream | DecompressionStream): Promise<Uint8Array> {
  const piped = new Blob([bytes as BlobPart]).stream().pipeThrough(stream);
  return new Uint8Array(await new Response(piped).arrayBuffer());
}

function toBase64Url(bytes: Uint8Array): string {
  let binary = "";
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}

function fromBase64Url(text: string): Uint8Array {
  const binary = atob(text.replace(/-/g, "+").replace(/_/g, "/"));
  return Uint8Array.from(binary, (char) => char.charCodeAt(0));
}

/** The page's URL with the edits in it. */
export async function shareLink(id: string, files: Map<string, string>): Promise<string> {
  const json = JSON.stringify({ id, files: Object.fromEntries(files) } satisfies Shared);
  const packed = toBase64Url(await through(new TextEncoder().encode(json), new CompressionStream("deflate-raw")));
  const url = new URL(location.href);
  url.search = `?${shareParameter}=${packed}`;
  url.hash = `#/tutorials/${id}`;
  return url.href;
}

/** The edits a share link carries for this tutorial, if any; then the
 * query is dropped from the address, so moving on does not carry them. */
export async function sharedEdits(id: string): Promise<Map<string, string> | undefined> {
  // In the query (the links made here), or after the route in the hash.
  const hashQuery = location.hash.includes("?") ? location.hash.slice(location.hash.indexOf("?")) : "";
  const packed = new URLSearchParams(location.search).get(shareParameter) ?? new URLSearchParams(hashQuery).get(shareParameter);
  if (!packed) return undefined;
  try {
    const json = new TextDecoder().decode(await through(fromBase64Url(packed), new DecompressionStream("deflate-raw")));
    const shared = JSON.parse(json) as Shared;
    if (shared.id !== id) return undefined;
    history.replaceState(history.state, "", `${location.pathname}#/tutorials/${id}`);
    return new Map(Object.entries(shared.files).filter(([, text]) => typeof text === "string"));
  } catch {
    return undefined;
  }
}
