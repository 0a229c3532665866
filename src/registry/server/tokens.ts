/** Bearer tokens with reader/writer roles, from a token file of `<role> <token> [name]` lines. */
import { readFileSync } from 'node:fs';
import { ConfigError, type Issue } from '../../errors.js';

export type TokenRole = 'reader' | 'writer';

/**
 * A bearer token, or an IAM principal (`arn:aws:iam::<acct>:role/<name>` or `:user/<name>`)
 * that callers prove with a presigned sts:GetCallerIdentity.
 */
export type InventoryToken = { role: TokenRole; token: string; name?: string } | { role: TokenRole; arn: string };

/** A token's name: what the audit log records as who (never the token itself). */
const TOKEN_NAME = /^[A-Za-z0-9_.@-]{1,64}$/;

const IAM_ARN = /^arn:[\w-]+:iam::\d{12}:(role|user)\/\S+$/;

/**
 * Parses a token file: one `<reader|writer> <token> [name]` or `<reader|writer> <IAM ARN>` per
 * line; `#` comments and blank lines ignored. The name is who the audit log says made a change.
 */
export function parseTokenFile(text: string, fileName = 'token file'): InventoryToken[] {
  const tokens: InventoryToken[] = [];
  const issues: Issue[] = [];
  text.split(/\r?\n/).forEach((raw, i) => {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) return;
    const parts = line.split(/\s+/);
    const [role, token, name] = parts;
    if (parts.length < 2 || parts.length > 3 || (role !== 'reader' && role !== 'writer')) {
      issues.push({ path: `${fileName}:${i + 1}`, message: `expected "<reader|writer> <token> [name]", got "${role ?? ''} ..."` });
    } else if (token!.startsWith('arn:')) {
      if (name !== undefined) issues.push({ path: `${fileName}:${i + 1}`, message: 'an IAM ARN line takes no name (the ARN is the name)' });
      else if (IAM_ARN.test(token!)) tokens.push({ role, arn: token! });
      else issues.push({ path: `${fileName}:${i + 1}`, message: `"${token}" is not an IAM role or user ARN (arn:aws:iam::<account>:role/<name>)` });
    } else if (token!.length < 16) {
      issues.push({ path: `${fileName}:${i + 1}`, message: `token is ${token!.length} characters; use at least 16` });
    } else if (name !== undefined && !TOKEN_NAME.test(name)) {
      issues.push({ path: `${fileName}:${i + 1}`, message: `token name "${name}": use 1-64 of A-Z a-z 0-9 _ . @ -` });
    } else {
      tokens.push({ role, token: token!, ...(name ? { name } : {}) });
    }
  });
  if (issues.length > 0) throw new ConfigError(`${fileName}: ${issues.length} bad line(s)`, issues);
  if (tokens.length === 0) throw new ConfigError(`${fileName}: no tokens (expected "<reader|writer> <token>" lines)`);
  return tokens;
}

export function readTokenFile(path: string): InventoryToken[] {
  return parseTokenFile(readFileSync(path, 'utf8'), path);
}
