/**
 * `GET /`: one server-rendered page: models and their versions (approval, aliases, tags), each
 * recent version in detail (approval, lineage, metrics, model card rendered and as its escaped
 * source), registrations, and the newest audit entries. Every value from a record goes through
 * `escapeHtml`; the card through `renderMarkdown`, which escapes first. No script, ever.
 */
import type { AuditEntry, Model, ModelVersion, Registration } from '../model/records.js';
import type { RecordStore } from '../records/record-store.js';
import { escapeHtml as e } from './html.js';
import { renderMarkdown } from './markdown.js';
import { PAGE_STYLE } from './page-style.js';

/** Versions shown in full (newest first); the API has the rest. */
const DETAILED_VERSIONS = 50;
const AUDIT_ENTRIES = 100;

function statusBadge(status: string): string {
  return `<span class="status status-${e(status)}">${e(status)}</span>`;
}

function tagList(tags: Record<string, string>): string {
  const entries = Object.entries(tags);
  if (entries.length === 0) return '';
  return `<ul class="tags">${entries.map(([k, v]) => `<li class="tag" data-key="${e(k)}"><span class="tag-key">${e(k)}</span>=<span class="tag-value">${e(v)}</span></li>`).join('')}</ul>`;
}

function aliasList(aliases: string[]): string {
  return aliases.map((a) => `<span class="alias">@${e(a)}</span>`).join(' ');
}

function versionRows(model: Model, versions: ModelVersion[]): string {
  return versions
    .map(
      (v) => `<tr data-model-id="${e(model.modelId)}" data-version="${v.version}">
  <td><code>${e(model.modelId)}</code></td><td>${e(model.domain)}</td><td>${e(model.objective)}</td>
  <td>v${v.version}</td><td>${e(v.request.model_owner)}</td>
  <td><code title="${e(v.artifactSha256)}">${e(v.artifactSha256.slice(0, 12))}</code></td>
  <td>${v.payloadUri ? 'yes' : 'no'}</td><td>${e(v.createdAt)}</td>
  <td class="approval">${statusBadge(v.approval.status)}</td><td class="aliases">${aliasList(v.aliases)}</td><td>${tagList(v.tags)}</td></tr>`,
    )
    .join('\n');
}

function lineageList(v: ModelVersion): string {
  const entries = Object.entries(v.request.lineage ?? {});
  if (entries.length === 0) return '<p class="empty">No lineage recorded.</p>';
  const value = (x: unknown) => (Array.isArray(x) ? x.map((u) => `<code>${e(u)}</code>`).join('<br>') : `<code>${e(x)}</code>`);
  return `<dl class="lineage">${entries.map(([k, x]) => `<dt>${e(k)}</dt><dd data-field="${e(k)}">${value(x)}</dd>`).join('')}</dl>`;
}

function versionDetail(model: Model, v: ModelVersion): string {
  const a = v.approval;
  const metrics = v.request.performance_metadata;
  return `<article class="version" id="version-${e(model.modelId)}-${v.version}" data-model-id="${e(model.modelId)}" data-version="${v.version}">
<h3><code>${e(model.modelId)}</code> v${v.version} <span class="sub">${e(model.domain)} / ${e(model.objective)}</span> ${aliasList(v.aliases)}</h3>
<p class="approval">${statusBadge(a.status)}${a.by ? ` by <span class="approval-by">${e(a.by)}</span> at ${e(a.at)}` : ''}${a.reason ? `<span class="approval-reason">${e(a.reason)}</span>` : ''}</p>
<h4>Tags</h4>${tagList(v.tags) || '<p class="empty">No tags.</p>'}
<h4>Lineage</h4>${lineageList(v)}
<h4>Performance metrics</h4>${metrics ? `<pre class="metrics">${e(JSON.stringify(metrics, null, 2))}</pre>` : '<p class="empty">None.</p>'}
<h4>Model card</h4>${
    v.modelCard
      ? `<div class="card">${renderMarkdown(v.modelCard)}</div><details><summary>Markdown source</summary><pre class="card-source">${e(v.modelCard)}</pre></details>`
      : '<p class="empty">No model card.</p>'
  }
</article>`;
}

function registrationRows(registrations: Registration[]): string {
  return registrations
    .map(
      (r) => `<tr data-registration-id="${e(r.registrationId)}">
  <td><code>${e(r.registrationId)}</code></td><td><code>${e(r.modelId)}</code></td>
  <td>${e(r.request.model_domain)} / ${e(r.request.model_objective)}</td>
  <td>${statusBadge(r.status)}${r.reason ? `<div class="reason">${e(r.reason)}</div>` : ''}</td>
  <td>${r.modelVersion === null ? '' : `v${r.modelVersion}`}</td><td>${e(r.updatedAt)}</td></tr>`,
    )
    .join('\n');
}

function change(value: unknown): string {
  return value === null || value === undefined ? '' : `<code>${e(typeof value === 'string' ? value : JSON.stringify(value))}</code>`;
}

function auditRows(entries: AuditEntry[]): string {
  return entries
    .map(
      (a) => `<tr data-seq="${a.seq}" data-action="${e(a.action)}">
  <td>${a.seq}</td><td>${e(a.at)}</td><td>${e(a.actor)}</td><td>${e(a.action)}${a.subject ? ` <span class="alias">@${e(a.subject)}</span>` : ''}</td>
  <td><code>${e(a.modelId)}</code>${a.version === null ? '' : ` v${a.version}`}</td><td class="before">${change(a.before)}</td><td class="after">${change(a.after)}</td></tr>`,
    )
    .join('\n');
}

export function renderInventoryPage(records: RecordStore): string {
  const models = records.listModels();
  const withVersions = models.map((m) => ({ model: m, versions: records.getModel(m.modelId).versions }));
  const registrations = records.listRegistrations({ limit: 200 });
  const counts = records.countByStatus();
  const audit = records.registry.recentAudit(AUDIT_ENTRIES);
  const recent = withVersions
    .flatMap(({ model, versions }) => versions.map((v) => ({ model, v })))
    .sort((x, y) => y.v.createdAt.localeCompare(x.v.createdAt))
    .slice(0, DETAILED_VERSIONS);
  const modelTable =
    models.length === 0
      ? '<p class="empty">No models registered yet.</p>'
      : `<table id="models"><thead><tr><th>Model id</th><th>Domain</th><th>Objective</th><th>Version</th><th>Owner</th><th>sha256</th><th>Payload</th><th>Registered at</th><th>Approval</th><th>Aliases</th><th>Tags</th></tr></thead>
<tbody>${withVersions.map(({ model, versions }) => versionRows(model, versions)).join('\n')}</tbody></table>`;
  const registrationTable =
    registrations.length === 0
      ? '<p class="empty">No registrations yet.</p>'
      : `<table id="registrations"><thead><tr><th>Registration</th><th>Model id</th><th>Domain / objective</th><th>Status</th><th>Version</th><th>Updated</th></tr></thead>
<tbody>${registrationRows(registrations)}</tbody></table>`;
  const auditTable =
    audit.length === 0
      ? '<p class="empty">No changes yet.</p>'
      : `<table id="audit"><thead><tr><th>#</th><th>When</th><th>Who</th><th>What</th><th>Model</th><th>Before</th><th>After</th></tr></thead>
<tbody>${auditRows(audit)}</tbody></table>`;
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>sagewire model inventory</title><style>${PAGE_STYLE}</style></head>
<body>
<h1>sagewire model inventory</h1>
<p class="sub">${models.length} model(s) · ${counts.REGISTERED} registered · ${counts.PENDING + counts.VALIDATING} in progress · ${counts.FAILED} failed</p>
<h2>Models and versions</h2>
${modelTable}
<h2>Versions in detail (newest ${recent.length})</h2>
<section id="versions">${recent.map(({ model, v }) => versionDetail(model, v)).join('\n') || '<p class="empty">No versions yet.</p>'}</section>
<h2>Registrations (newest first)</h2>
${registrationTable}
<h2>Audit log (newest ${audit.length} first; all of it: GET /v1/audit)</h2>
${auditTable}
</body></html>
`;
}
