// Program file paths as about.ts writes them ("hwclient.ts",
// "../majordomo/mdbroker.ts"): plain functions, so Node tests share them.

/** "a/./b/../c.ts" -> "a/c.ts". */
export function normalisePath(path: string): string {
  const parts: string[] = [];
  for (const part of path.split("/")) {
    if (part === "..") parts.pop();
    else if (part !== "." && part !== "") parts.push(part);
  }
  return parts.join("/");
}

/** The file's own name: a tab's name and a running program's. */
export function baseName(path: string): string {
  return path.slice(path.lastIndexOf("/") + 1);
}
