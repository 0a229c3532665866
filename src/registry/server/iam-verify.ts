/**
 * The server half of IAM identity (see client/iam-identity.ts): checks a signed
 * sts:GetCallerIdentity before it goes anywhere (only to the configured STS endpoint, only
 * that action, the server-id header signed and naming this server, signed within the last
 * minute), forwards it to STS, which checks the signature, and takes the ARN STS answers.
 * Answers are cached until the window closes, so a client may reuse one for a few requests
 * to this server.
 */
import { IAM_EXPIRES_SECONDS, SERVER_ID_HEADER, type IamIdentityToken } from '../client/iam-identity.js';

export interface IamVerifierOptions {
  /** This server's name, as clients sign it (default: the host:port it listens on). */
  serverId: () => string;
  /** The one STS endpoint requests are forwarded to; default: AWS's global and regional STS. */
  stsEndpoint?: string;
  /** For tests. */
  now?: () => number;
}

/** A refusal, with a message safe to show the caller. */
export class IamRefused extends Error {}

const AWS_STS = /^https:\/\/sts(\.[a-z]{2}(-[a-z]+)+-\d)?\.amazonaws\.com$/;
/** Only these of the caller's headers go to STS (host comes from the checked URL). */
const FORWARDED_HEADERS = ['authorization', 'x-amz-date', 'x-amz-security-token', 'x-amz-content-sha256', 'content-type'];
/** Clocks may disagree by this much. */
const SKEW_MS = 60_000;

function parseAmzDate(text: string): number {
  const m = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(text);
  if (!m) throw new IamRefused('X-Amz-Date is not yyyyMMddTHHmmssZ');
  return Date.UTC(+m[1]!, +m[2]! - 1, +m[3]!, +m[4]!, +m[5]!, +m[6]!);
}

/** `arn:aws:sts::<acct>:assumed-role/<role>/<session>` -> `arn:aws:iam::<acct>:role/<role>`; other ARNs as they are. */
export function canonicalArn(arn: string): string {
  const m = /^arn:(aws[\w-]*):sts::(\d{12}):assumed-role\/([^/]+)\/[^/]+$/.exec(arn);
  return m ? `arn:${m[1]}:iam::${m[2]}:role/${m[3]}` : arn;
}

/** Whether a token-file ARN names the caller: role paths are not in an assumed-role ARN, so roles compare by account and name. */
export function arnMatches(configured: string, caller: string): boolean {
  if (configured === caller) return true;
  const role = /^arn:([\w-]+):iam::(\d{12}):role\/(?:.*\/)?([^/]+)$/;
  const a = role.exec(configured);
  const b = role.exec(caller);
  return a !== null && b !== null && a[1] === b[1] && a[2] === b[2] && a[3] === b[3];
}

export class IamVerifier {
  private readonly cache = new Map<string, { arn: string; until: number }>();

  constructor(private readonly opts: IamVerifierOptions) {}

  /** The caller's canonical ARN; throws IamRefused saying why not. */
  async verify(encoded: string): Promise<string> {
    const now = (this.opts.now ?? Date.now)();
    let token: IamIdentityToken;
    try {
      token = JSON.parse(Buffer.from(encoded, 'base64url').toString('utf8')) as IamIdentityToken;
    } catch {
      throw new IamRefused('the IAM identity is not base64url JSON');
    }
    if (typeof token?.url !== 'string' || typeof token.body !== 'string' || typeof token.headers !== 'object' || token.headers === null) {
      throw new IamRefused('the IAM identity needs {url, body, headers}');
    }
    let url: URL;
    try {
      url = new URL(token.url);
    } catch {
      throw new IamRefused('the IAM identity url is not a URL');
    }
    const allowed = this.opts.stsEndpoint ? new URL(this.opts.stsEndpoint).origin : undefined;
    if (allowed ? url.origin !== allowed : !AWS_STS.test(url.origin)) {
      throw new IamRefused(`the IAM identity is signed for ${url.origin}, not this inventory's STS endpoint${allowed ? ` ${allowed}` : ''}`);
    }
    if (url.pathname !== '/' || url.search || url.username || url.password) throw new IamRefused('the IAM identity url must be the STS endpoint root');
    const form = new URLSearchParams(token.body);
    if (form.get('Action') !== 'GetCallerIdentity' || form.get('Version') !== '2011-06-15' || [...form.keys()].length !== 2) {
      throw new IamRefused('the IAM identity must be sts:GetCallerIdentity (Version 2011-06-15) and nothing else');
    }
    const headers: Record<string, string> = {};
    for (const [k, v] of Object.entries(token.headers)) if (typeof v === 'string') headers[k.toLowerCase()] = v;
    const auth = headers.authorization ?? '';
    const signedHeaders = /SignedHeaders=([^,\s]+)/.exec(auth)?.[1]?.split(';') ?? [];
    if (!auth.startsWith('AWS4-HMAC-SHA256 ') || !['host', 'x-amz-date', SERVER_ID_HEADER].every((h) => signedHeaders.includes(h))) {
      throw new IamRefused(`the IAM identity must be SigV4-signed over host, x-amz-date and ${SERVER_ID_HEADER}`);
    }
    const serverId = this.opts.serverId();
    if (headers[SERVER_ID_HEADER] !== serverId) {
      throw new IamRefused(`the IAM identity is signed for server "${headers[SERVER_ID_HEADER] ?? ''}", not "${serverId}"`);
    }
    const signedAt = parseAmzDate(headers['x-amz-date'] ?? '');
    if (signedAt > now + SKEW_MS) throw new IamRefused('the IAM identity is signed in the future (check the clock)');
    const until = signedAt + IAM_EXPIRES_SECONDS * 1000 + SKEW_MS;
    if (now > until) throw new IamRefused(`the IAM identity expired ${Math.round((now - until) / 1000)} s ago; sign a new one`);

    const signature = /Signature=([0-9a-f]+)/.exec(auth)?.[1] ?? '';
    const cached = this.cache.get(signature);
    if (cached && cached.until >= now) return cached.arn;

    let res: Response;
    try {
      const forwarded: Record<string, string> = { [SERVER_ID_HEADER]: serverId };
      for (const name of FORWARDED_HEADERS) if (headers[name] !== undefined) forwarded[name] = headers[name];
      res = await fetch(url, { method: 'POST', headers: forwarded, body: token.body });
    } catch (err) {
      throw new Error(`STS at ${url.origin} unreachable: ${(err as Error).message}`, { cause: err });
    }
    const body = await res.text();
    if (!res.ok) {
      const code = /<Code>([^<]+)<\/Code>/.exec(body)?.[1] ?? `HTTP ${res.status}`;
      throw new IamRefused(`STS refused the IAM identity (${code})`);
    }
    const arn = /<Arn>([^<]+)<\/Arn>/.exec(body)?.[1];
    if (!arn) throw new IamRefused('STS answered without an Arn');
    const canonical = canonicalArn(arn);
    for (const [k, v] of this.cache) if (v.until < now) this.cache.delete(k);
    this.cache.set(signature, { arn: canonical, until });
    return canonical;
  }
}
