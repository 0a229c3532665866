/**
 * IAM identity against STS on a real moto_server: a role assumed through STS signs a
 * GetCallerIdentity for this inventory; mapped roles get their role, unmapped ones are
 * refused, and so is the same signature after its window or sent to another server name.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { InventoryClient } from '../client/inventory-client.js';
import { isTerminal } from '../model/records.js';
import { pollUntil } from '../registrars/poll-until.js';
import { iamAuthorization } from '../client/iam-identity.js';
import { writeModelPackage } from '../../../test/inventory-fixtures.js';
import { sampleRequest } from '../../../test/inventory-sample-request.js';
import { startMoto, type Moto } from '../../../test/helpers/moto.js';
import { startInventoryServer, type InventoryServer } from './start-server.js';
import { IamVerifier, canonicalArn } from './iam-verify.js';
import { parseTokenFile } from './tokens.js';

let moto: Moto;
let dir: string;
let server: InventoryServer;
let pipeline: { accessKeyId: string; secretAccessKey: string; sessionToken: string };
let other: { accessKeyId: string; secretAccessKey: string; sessionToken: string };

/** sts:AssumeRole on moto (it answers with fresh credentials whose identity is the assumed role). */
async function assumeRole(roleArn: string): Promise<{ accessKeyId: string; secretAccessKey: string; sessionToken: string }> {
  const body = new URLSearchParams({ Action: 'AssumeRole', Version: '2011-06-15', RoleArn: roleArn, RoleSessionName: 'job-1' });
  const res = await fetch(moto.endpoint, {
    method: 'POST',
    headers: {
      'content-type': 'application/x-www-form-urlencoded',
      authorization: `AWS4-HMAC-SHA256 Credential=${moto.credentials.accessKeyId}/20260101/us-east-1/sts/aws4_request, SignedHeaders=host, Signature=0`,
    },
    body,
  });
  const xml = await res.text();
  const field = (name: string) => new RegExp(`<${name}>([^<]+)</${name}>`).exec(xml)?.[1] ?? '';
  if (!res.ok || !field('AccessKeyId')) throw new Error(`AssumeRole on moto failed: ${xml.slice(0, 300)}`);
  return { accessKeyId: field('AccessKeyId'), secretAccessKey: field('SecretAccessKey'), sessionToken: field('SessionToken') };
}

beforeAll(async () => {
  moto = await startMoto();
  dir = mkdtempSync(join(tmpdir(), 'sagewire-iam-'));
  pipeline = await assumeRole('arn:aws:iam::123456789012:role/Pipeline');
  other = await assumeRole('arn:aws:iam::123456789012:role/Other');
  server = await startInventoryServer({
    dataDir: join(dir, 'inventory'),
    tokens: parseTokenFile('writer arn:aws:iam::123456789012:role/Pipeline\nreader reader-token-iam-000000001\n'),
    iam: { stsEndpoint: moto.endpoint },
  });
}, 60_000);

afterAll(async () => {
  await server?.close();
  await moto?.stop();
  rmSync(dir, { recursive: true, force: true });
});

describe('IAM identity (moto STS)', () => {
  it('maps assumed-role ARNs to their role', () => {
    expect(canonicalArn('arn:aws:sts::123456789012:assumed-role/Pipeline/job-1')).toBe('arn:aws:iam::123456789012:role/Pipeline');
    expect(canonicalArn('arn:aws:iam::123456789012:user/alice')).toBe('arn:aws:iam::123456789012:user/alice');
  });

  it('accepts a mapped role as writer: uploads and registers with no token', async () => {
    const client = new InventoryClient(server.url, { auth: { kind: 'iam', stsEndpoint: moto.endpoint, region: 'us-east-1', credentials: pipeline } });
    const uploaded = await client.uploadArtifact(await writeModelPackage(join(dir, 'm')));
    const accepted = await client.register(sampleRequest({ model_artifact_uri: uploaded.uri }));
    expect(accepted.status).toBe('PENDING');
    // the role is who the registry records: for the version's registration and for an approval
    const done = await pollUntil(() => client.getRegistration(accepted.registrationId), (r) => isTerminal(r.status), (r) => r.status, { timeout: 30_000, pollInterval: 100, what: 'the registration' });
    expect(done.status).toBe('REGISTERED');
    const { approval } = await client.setApproval(accepted.modelId, done.modelVersion!, 'Approved', 'signed off by the pipeline role');
    expect(approval.by).toBe('arn:aws:iam::123456789012:role/Pipeline');
    const audit = await client.listAudit({ modelId: accepted.modelId });
    expect(audit.entries.map((e) => [e.action, e.actor])).toEqual([
      ['registration', 'arn:aws:iam::123456789012:role/Pipeline'],
      ['approval', 'arn:aws:iam::123456789012:role/Pipeline'],
    ]);
  });

  it('refuses a role the token file does not name (403, naming the ARN)', async () => {
    const res = await fetch(`${server.url}/v1/models`, {
      headers: { authorization: await iamAuthorization(server.url, { stsEndpoint: moto.endpoint, credentials: other }) },
    });
    expect(res.status).toBe(403);
    expect(((await res.json()) as { error: { message: string } }).error.message).toBe(
      "arn:aws:iam::123456789012:role/Other is not in this inventory's token file",
    );
  });

  it('refuses the same signature sent to a server of another name', async () => {
    const captured = await iamAuthorization('http://inventory-a.example:8479', { stsEndpoint: moto.endpoint, credentials: pipeline });
    const res = await fetch(`${server.url}/v1/models`, { headers: { authorization: captured } });
    expect(res.status).toBe(401);
    expect(((await res.json()) as { error: { message: string } }).error.message).toMatch(
      /signed for server "inventory-a\.example:8479", not "127\.0\.0\.1:\d+"/,
    );
  });

  it('refuses a replay after its window, and a request for anything but GetCallerIdentity on the STS endpoint', async () => {
    const header = await iamAuthorization('http://inv:1', { stsEndpoint: moto.endpoint, credentials: pipeline });
    const token = header.split(' ')[1]!;
    const fresh = new IamVerifier({ serverId: () => 'inv:1', stsEndpoint: moto.endpoint });
    expect(await fresh.verify(token)).toBe('arn:aws:iam::123456789012:role/Pipeline');
    const later = new IamVerifier({ serverId: () => 'inv:1', stsEndpoint: moto.endpoint, now: () => Date.now() + 121_000 }) // 60 s window + 60 s clock skew;
    await expect(later.verify(token)).rejects.toThrow(/expired \d+ s ago/);
    const decoded = JSON.parse(Buffer.from(token, 'base64url').toString()) as { url: string; body: string; headers: Record<string, string> };
    const reencode = (t: unknown) => Buffer.from(JSON.stringify(t)).toString('base64url');
    await expect(fresh.verify(reencode({ ...decoded, body: 'Action=AssumeRole&Version=2011-06-15' }))).rejects.toThrow(/must be sts:GetCallerIdentity/);
    await expect(fresh.verify(reencode({ ...decoded, url: 'http://attacker.example/' }))).rejects.toThrow(
      /signed for http:\/\/attacker\.example, not this inventory's STS endpoint/,
    );
    const unbound = { ...decoded, headers: { ...decoded.headers, authorization: decoded.headers.authorization!.replace(/SignedHeaders=[^,]+/, 'SignedHeaders=host;x-amz-date') } };
    await expect(fresh.verify(reencode(unbound))).rejects.toThrow(/signed over host, x-amz-date and x-sagewire-server-id/);
  });

  it('keeps bearer tokens working beside IAM, and never takes an ARN as a bearer token', async () => {
    expect((await fetch(`${server.url}/v1/models`, { headers: { authorization: 'Bearer reader-token-iam-000000001' } })).status).toBe(200);
    expect((await fetch(`${server.url}/v1/models`, { headers: { authorization: 'Bearer arn:aws:iam::123456789012:role/Pipeline' } })).status).toBe(401);
  });
});
