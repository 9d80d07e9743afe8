// HTTP authentication for SPARQL stores: Basic, and the Digest handshake (RFC 7616, MD5, qop=auth) that
// Virtuoso's /sparql-auth asks for. A client answers the first 401's challenge and reuses it for later requests
// (nothing is sent before a challenge: Virtuoso answers an unasked-for Basic header with a 401 that offers nothing).
import { createHash, randomBytes } from 'node:crypto';

export interface Credentials {
  user: string;
  password: string;
}

interface DigestChallenge {
  realm: string;
  nonce: string;
  opaque?: string;
  qop?: string;
  algorithm?: string;
}

const md5 = (text: string): string => createHash('md5').update(text).digest('hex');

/** The parameters of a `WWW-Authenticate: Digest …` header, or null when it offers no Digest. */
export function parseDigestChallenge(header: string | null): DigestChallenge | null {
  if (!header || !/^\s*digest\s/i.test(header)) return null;
  const params: Record<string, string> = {};
  for (const m of header.replace(/^\s*digest\s+/i, '').matchAll(/(\w+)\s*=\s*(?:"((?:[^"\\]|\\.)*)"|([^,\s]+))/g)) {
    params[m[1].toLowerCase()] = m[2] ?? m[3];
  }
  if (params.realm === undefined || params.nonce === undefined) return null;
  return { realm: params.realm, nonce: params.nonce, opaque: params.opaque, qop: params.qop, algorithm: params.algorithm };
}

/** Authorization headers for one endpoint: whichever scheme its 401 asked for, Digest with a counted nonce. */
export class HttpAuth {
  private digest: DigestChallenge | null = null;
  private basic = false;
  private count = 0;

  constructor(private readonly credentials: Credentials) {}

  /** The Authorization header for a request, or null before the server has asked for one. */
  header(method: string, url: URL): string | null {
    const { user, password } = this.credentials;
    if (this.basic) return `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;
    if (!this.digest) return null;
    const { realm, nonce, opaque, qop, algorithm } = this.digest;
    const uri = `${url.pathname}${url.search}`;
    const ha1 = md5(`${user}:${realm}:${password}`);
    const ha2 = md5(`${method}:${uri}`);
    const parts = [`username="${user}"`, `realm="${realm}"`, `nonce="${nonce}"`, `uri="${uri}"`];
    if (qop && qop.split(',').map((q) => q.trim()).includes('auth')) {
      const nc = (++this.count).toString(16).padStart(8, '0');
      const cnonce = randomBytes(8).toString('hex');
      parts.push(`qop=auth`, `nc=${nc}`, `cnonce="${cnonce}"`, `response="${md5(`${ha1}:${nonce}:${nc}:${cnonce}:auth:${ha2}`)}"`);
    } else {
      parts.push(`response="${md5(`${ha1}:${nonce}:${ha2}`)}"`);
    }
    if (opaque !== undefined) parts.push(`opaque="${opaque}"`);
    if (algorithm) parts.push(`algorithm=${algorithm}`);
    return `Digest ${parts.join(', ')}`;
  }

  /** Takes a 401's challenge; true when the request is worth sending again (first Basic, a new Digest nonce). */
  challenge(header: string | null): boolean {
    if (header && /^\s*basic\b/i.test(header)) {
      const first = !this.basic;
      this.basic = true;
      return first;
    }
    const next = parseDigestChallenge(header);
    if (!next) return false;
    if (next.algorithm && !/^md5$/i.test(next.algorithm)) return false;
    const fresh = this.digest?.nonce !== next.nonce;
    this.digest = next;
    this.count = 0;
    return fresh;
  }
}
