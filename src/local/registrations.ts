/**
 * What the inventory says of the models a run registered: each registration step prints the
 * seed's two lines (execution arn, model id), a RegisterModel step's record names its model
 * package; the inventory gives its status and version.
 */
import { InventoryClient } from '../registry/index.js';
import type { RunSummary } from './run-types.js';

export interface RunRegistration {
  step: string;
  modelId: string;
  executionArn: string;
  /** REGISTERED, FAILED, ...; absent when the inventory does not know the registration. */
  status?: string;
  modelVersion?: number;
}

export async function registrationsOf(summary: RunSummary, inventoryUrl: string, token?: string): Promise<RunRegistration[]> {
  const found: RunRegistration[] = [];
  for (const step of summary.steps) {
    const modelId = /Model id for model being registered: (\S+)/.exec(step.result ?? '')?.[1];
    const executionArn = /registration process: (\S+)/.exec(step.result ?? '')?.[1];
    if (modelId && executionArn) found.push({ step: step.name, modelId, executionArn });
    const pkg = step.type === 'RegisterModel' && step.status === 'done' ? step.record : undefined;
    if (pkg && typeof pkg.ModelPackageName === 'string' && typeof pkg.ModelPackageArn === 'string') {
      found.push({ step: step.name, modelId: pkg.ModelPackageName, executionArn: pkg.ModelPackageArn });
    }
  }
  if (found.length === 0) return found;
  const known = await new InventoryClient(inventoryUrl, token ? { token } : {}).listRegistrations({ limit: 1000 });
  for (const r of found) {
    const record = known.find((k) => k.executionArn === r.executionArn);
    if (record) {
      r.status = record.status;
      if (record.modelVersion !== null) r.modelVersion = record.modelVersion;
    }
  }
  return found;
}

/** `registered: Register -> model-… (REGISTERED, version 1)`, one line per registration. */
export function formatRegistrations(registrations: RunRegistration[]): string[] {
  return registrations.map(
    (r) => `registered: ${r.step} -> ${r.modelId} (${r.status ?? 'unknown to the inventory'}${r.modelVersion !== undefined ? `, version ${r.modelVersion}` : ''})`,
  );
}
