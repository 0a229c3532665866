/** Plain-text renderings of registry records for the `sagewire inventory …` commands. */
import { printable } from '../printable.js';
import type { Approval, AuditEntry, ModelVersion, ModelWithVersions, VersionMatch } from '../../registry/model/records.js';

const p = (v: unknown) => printable(String(v ?? ''));

export function approvalLine(a: Approval): string {
  return `${a.status}${a.by ? ` by ${p(a.by)} at ${p(a.at)}` : ''}${a.reason ? ` (${p(a.reason)})` : ''}`;
}

function tagsText(tags: Record<string, string>): string {
  const entries = Object.entries(tags);
  return entries.length === 0 ? '-' : entries.map(([k, v]) => `${p(k)}=${p(v)}`).join(' ');
}

export function versionLine(v: ModelVersion | VersionMatch): string {
  const where = 'domain' in v ? ` ${p(v.domain)}/${p(v.objective)}` : '';
  const aliases = v.aliases.length > 0 ? ` @${v.aliases.map(p).join(' @')}` : '';
  return `${p(v.modelId)} v${v.version}${where}${aliases}  ${v.approval.status}  tags: ${tagsText(v.tags)}`;
}

export function modelText(m: ModelWithVersions): string {
  const aliases = Object.entries(m.aliases);
  return [
    `${p(m.modelId)}  ${p(m.domain)} / ${p(m.objective)}  (${m.versions.length} version(s))`,
    `aliases: ${aliases.length === 0 ? '-' : aliases.map(([a, v]) => `${p(a)} -> v${v}`).join(', ')}`,
    ...m.versions.map((v) => `  ${versionLine(v)}`),
  ].join('\n');
}

export function versionText(v: ModelVersion): string {
  const lineage = Object.entries(v.request.lineage ?? {});
  const metrics = v.request.performance_metadata;
  return [
    versionLine(v),
    `approval: ${approvalLine(v.approval)}`,
    `owner: ${p(v.request.model_owner)}  registered: ${p(v.createdAt)}  sha256: ${p(v.artifactSha256)}`,
    `lineage: ${lineage.length === 0 ? '-' : ''}`,
    ...lineage.map(([k, val]) => `  ${p(k)}: ${Array.isArray(val) ? val.map(p).join(', ') : p(val)}`),
    `metrics: ${metrics ? p(JSON.stringify(metrics)) : '-'}`,
    `card:${v.modelCard ? `\n${v.modelCard.split('\n').map((l) => `  ${p(l)}`).join('\n')}` : ' -'}`,
  ].join('\n');
}

export function auditLine(e: AuditEntry): string {
  const what = e.subject ? ` ${p(e.subject)}` : '';
  const change = `${e.before === null ? '' : `${p(JSON.stringify(e.before))} -> `}${e.after === null ? '(removed)' : p(JSON.stringify(e.after))}`;
  return `#${e.seq} ${p(e.at)} ${p(e.actor)} ${e.action}${what} ${p(e.modelId)}${e.version === null ? '' : ` v${e.version}`}: ${change}`;
}
