/** Checks every face runs on raw input before anything parses or reads it further. None of them throws. */

/** Deepest JSON nesting a call input may have (real inputs stay under 10; deep ones only blow stacks later). */
export const MAX_INPUT_DEPTH = 64;

/** Why `value` is nested too deeply, or null. Iterative, so a hostile value cannot overflow the stack here. */
export function checkNesting(value: unknown, maxDepth = MAX_INPUT_DEPTH): string | null {
  const stack: Array<[unknown, number]> = [[value, 0]];
  while (stack.length > 0) {
    const [v, depth] = stack.pop()!;
    if (v === null || typeof v !== 'object') continue;
    if (depth >= maxDepth) return `input is nested more than ${maxDepth} levels deep`;
    for (const child of Array.isArray(v) ? v : Object.values(v)) {
      if (child !== null && typeof child === 'object') stack.push([child, depth + 1]);
    }
  }
  return null;
}

/** A request target as a URL, or null where it is not an origin-form path (`/…`) or does not parse. */
export function parseRequestTarget(target: string | undefined): URL | null {
  if (!target || target[0] !== '/' || target.startsWith('//')) return null;
  try {
    return new URL(target, 'http://127.0.0.1');
  } catch {
    return null;
  }
}

/** The percent-decoded path, or null where its escapes are malformed (`%E0%A4%A`) or it holds a NUL. */
export function decodePath(pathname: string): string | null {
  let decoded: string;
  try {
    decoded = decodeURIComponent(pathname);
  } catch {
    return null;
  }
  return decoded.includes('\0') ? null : decoded;
}

/** Only loopback names may address the server: a DNS-rebinding page cannot reach it by another host name. */
export function isLoopbackHost(host: string | undefined): boolean {
  if (!host) return false;
  const name = host.replace(/:\d+$/, '').replace(/^\[|\]$/g, '');
  return name === '127.0.0.1' || name === 'localhost' || name === '::1';
}

/**
 * Whether an `Origin` header is acceptable: none at all (curl, the CLI, scripts) or exactly this server's own origin
 * (its UI, on a loopback name and this port). `null` (sandboxed frames, file: pages) and every other site are refused.
 */
export function isOwnOrigin(origin: string | string[] | undefined, port: number): boolean {
  if (origin === undefined) return true;
  if (Array.isArray(origin) || origin === 'null' || origin.length > 300) return false;
  let url: URL;
  try {
    url = new URL(origin);
  } catch {
    return false;
  }
  const urlPort = url.port === '' ? (url.protocol === 'https:' ? 443 : 80) : Number(url.port);
  return url.protocol === 'http:' && url.origin === origin && isLoopbackHost(url.host) && urlPort === port;
}

/** A size as people read it: "64 MiB", "1.5 KiB", "12 bytes". */
export function formatBytes(n: number): string {
  return n >= 1048576 ? `${+(n / 1048576).toFixed(1)} MiB` : n >= 1024 ? `${+(n / 1024).toFixed(1)} KiB` : `${n} bytes`;
}
