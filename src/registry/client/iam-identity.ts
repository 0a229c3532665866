/**
 * IAM identity for the inventory, the way Vault's AWS auth method and aws-iam-authenticator
 * do it: the caller signs an sts:GetCallerIdentity request with SigV4 (credentials from
 * the standard AWS chain) and sends it instead of a token; the server forwards it to STS and
 * trusts the ARN STS answers. The caller's secret never leaves it, and the signature covers
 * an `x-sagewire-server-id` header naming the inventory it is meant for and its X-Amz-Date
 * (the server takes it for 60 s), so a captured request cannot be replayed elsewhere or later.
 */
import { createHash, createHmac } from 'node:crypto';
import { defaultProvider } from '@aws-sdk/credential-provider-node';
import { SignatureV4 } from '@smithy/signature-v4';
import type { Checksum, SourceData } from '@smithy/types';
import { InternalError } from '../../errors.js';

export const SERVER_ID_HEADER = 'x-sagewire-server-id';
export const IAM_AUTH_SCHEME = 'SagewireIAM';
/** Seconds after its X-Amz-Date that the server still takes a signed identity. */
export const IAM_EXPIRES_SECONDS = 60;
/** The one request body signed: sts:GetCallerIdentity. */
export const GET_CALLER_IDENTITY_BODY = 'Action=GetCallerIdentity&Version=2011-06-15';

/**
 * What `Authorization: SagewireIAM <base64url JSON>` carries (Vault's iam_http_request_*):
 * a SigV4-signed `POST <sts endpoint>/` of {@link GET_CALLER_IDENTITY_BODY}, its headers
 * included (authorization, x-amz-date, x-amz-security-token, x-sagewire-server-id).
 */
export interface IamIdentityToken {
  url: string;
  body: string;
  headers: Record<string, string>;
}

export interface IamAuthOptions {
  /** The inventory's name as signed; default: the host:port of the inventory URL. */
  serverId?: string;
  /** Default: `https://sts.<region>.amazonaws.com` (AWS_REGION), else `https://sts.amazonaws.com`. */
  stsEndpoint?: string;
  /** Signing region (default AWS_REGION, else us-east-1). */
  region?: string;
  /** Default: the standard AWS credential chain. */
  credentials?: IamCredentials | (() => Promise<IamCredentials>);
}

/**
 * AWS credentials as the SDK's providers give them; written out here so that the public types
 * need no `@smithy/types` in a consumer's tree.
 */
export interface IamCredentials {
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
  readonly sessionToken?: string;
  readonly expiration?: Date;
}

/** node:crypto behind the Checksum interface SignatureV4 expects. */
class Sha256 implements Checksum {
  private readonly hash;
  constructor(secret?: SourceData) {
    this.hash = secret ? createHmac('sha256', toBuffer(secret)) : createHash('sha256');
  }
  update(data: Uint8Array): void {
    this.hash.update(data);
  }
  async digest(): Promise<Uint8Array> {
    return new Uint8Array(this.hash.digest());
  }
  reset(): void {
    throw new InternalError('Sha256.reset is not used by the request signer');
  }
}

function toBuffer(data: SourceData): Buffer {
  if (typeof data === 'string') return Buffer.from(data);
  if (ArrayBuffer.isView(data)) return Buffer.from(data.buffer, data.byteOffset, data.byteLength);
  return Buffer.from(data as ArrayBuffer);
}

export function defaultStsEndpoint(env: NodeJS.ProcessEnv = process.env): string {
  const region = env.AWS_REGION ?? env.AWS_DEFAULT_REGION;
  return region ? `https://sts.${region}.amazonaws.com` : 'https://sts.amazonaws.com';
}

/** The server id a client signs for when told nothing else: the inventory URL's host:port. */
export function serverIdFor(inventoryUrl: string): string {
  return new URL(inventoryUrl).host;
}

/** Signs a GetCallerIdentity for `serverId` and encodes it for the Authorization header. */
export async function iamAuthorization(inventoryUrl: string, opts: IamAuthOptions = {}): Promise<string> {
  const serverId = opts.serverId ?? serverIdFor(inventoryUrl);
  const endpoint = new URL(opts.stsEndpoint ?? defaultStsEndpoint());
  const region = opts.region ?? process.env.AWS_REGION ?? process.env.AWS_DEFAULT_REGION ?? 'us-east-1';
  const signer = new SignatureV4({ service: 'sts', region, credentials: opts.credentials ?? defaultProvider(), sha256: Sha256, uriEscapePath: true });
  const signed = await signer.sign({
    method: 'POST',
    protocol: endpoint.protocol,
    hostname: endpoint.hostname,
    ...(endpoint.port ? { port: Number(endpoint.port) } : {}),
    path: '/',
    headers: { host: endpoint.host, 'content-type': 'application/x-www-form-urlencoded; charset=utf-8', [SERVER_ID_HEADER]: serverId },
    body: GET_CALLER_IDENTITY_BODY,
  });
  const headers: Record<string, string> = {};
  for (const [k, v] of Object.entries(signed.headers)) headers[k.toLowerCase()] = String(v);
  const token: IamIdentityToken = { url: `${endpoint.origin}/`, body: GET_CALLER_IDENTITY_BODY, headers };
  return `${IAM_AUTH_SCHEME} ${Buffer.from(JSON.stringify(token)).toString('base64url')}`;
}
