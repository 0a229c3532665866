/** `GET /`: one server-rendered page listing models, their versions and registrations. */
import type { Model, ModelVersion, Registration } from '../model/records.js';
import type { RecordStore } from '../records/record-store.js';
import { escapeHtml as e } from './html.js';
import { PAGE_STYLE } from './page-style.js';

function statusBadge(status: string): string {
  return `<span class="status status-${e(status)}">${e(status)}</span>`;
}

function versionRows(model: Model, versions: ModelVersion[]): string {
  return versions
    .map(
      (v) => `<tr data-model-id="${e(model.modelId)}" data-version="${v.version}">
  <td><code>${e(model.modelId)}</code></td><td>${e(model.domain)}</td><td>${e(model.objective)}</td>
  <td>v${v.version}</td><td>${e(v.request.model_owner)}</td>
  <td><code title="${e(v.artifactSha256)}">${e(v.artifactSha256.slice(0, 12))}</code></td>
  <td>${v.payloadUri ? 'yes' : 'no'}</td><td>${e(v.createdAt)}</td></tr>`,
    )
    .join('\n');
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

export function renderInventoryPage(records: RecordStore): string {
  const models = records.listModels();
  const withVersions = models.map((m) => ({ model: m, versions: records.getModel(m.modelId).versions }));
  const registrations = records.listRegistrations({ limit: 200 });
  const counts = records.countByStatus();
  const modelTable =
    models.length === 0
      ? '<p class="empty">No models registered yet.</p>'
      : `<table id="models"><thead><tr><th>Model id</th><th>Domain</th><th>Objective</th><th>Version</th><th>Owner</th><th>sha256</th><th>Payload</th><th>Registered at</th></tr></thead>
<tbody>${withVersions.map(({ model, versions }) => versionRows(model, versions)).join('\n')}</tbody></table>`;
  const registrationTable =
    registrations.length === 0
      ? '<p class="empty">No registrations yet.</p>'
      : `<table id="registrations"><thead><tr><th>Registration</th><th>Model id</th><th>Domain / objective</th><th>Status</th><th>Version</th><th>Updated</th></tr></thead>
<tbody>${registrationRows(registrations)}</tbody></table>`;
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>sagewire model inventory</title><style>${PAGE_STYLE}</style></head>
<body>
<h1>sagewire model inventory</h1>
<p class="sub">${models.length} model(s) · ${counts.REGISTERED} registered · ${counts.PENDING + counts.VALIDATING} in progress · ${counts.FAILED} failed</p>
<h2>Models and versions</h2>
${modelTable}
<h2>Registrations (newest first)</h2>
${registrationTable}
</body></html>
`;
}
