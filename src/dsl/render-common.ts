/**
 * Shared pieces every step renderer is built from. Each returns `{}` when there is nothing
 * to render, so callers spread the result and empty lists never appear in the output.
 */
import type { Json } from './render-value.js';
import type { CacheProps, RetryPolicyProps, Step } from './step.js';

/** `Name`, `Type`, and the optional `DisplayName`/`Description`, in that order. */
export function renderHeader(step: Step): Record<string, Json> {
  return {
    Name: step.name,
    Type: step.type,
    ...(step.displayName !== undefined ? { DisplayName: step.displayName } : {}),
    ...(step.description !== undefined ? { Description: step.description } : {}),
  };
}

export function renderDependsOn(dependsOn: readonly string[]): Record<string, Json> {
  return dependsOn.length > 0 ? { DependsOn: [...dependsOn] } : {};
}

export function renderCacheConfig(cache: CacheProps | undefined): Record<string, Json> {
  if (!cache) return {};
  return {
    CacheConfig: {
      Enabled: cache.enabled,
      ...(cache.enabled && cache.expireAfter ? { ExpireAfter: cache.expireAfter } : {}),
    },
  };
}

export function renderRetryPolicies(policies: readonly RetryPolicyProps[] | undefined): Record<string, Json> {
  if (!policies || policies.length === 0) return {};
  return {
    RetryPolicies: policies.map((p) => ({
      ExceptionType: [...p.exceptionTypes],
      ...(p.intervalSeconds !== undefined ? { IntervalSeconds: p.intervalSeconds } : {}),
      ...(p.backoffRate !== undefined ? { BackoffRate: p.backoffRate } : {}),
      ...(p.maxAttempts !== undefined ? { MaxAttempts: p.maxAttempts } : {}),
      ...(p.expireAfterMin !== undefined ? { ExpireAfterMin: p.expireAfterMin } : {}),
    })),
  };
}

/** Drops `undefined` members so optional arguments disappear instead of rendering as null. */
export function compact(obj: Record<string, Json | undefined>): Record<string, Json> {
  const out: Record<string, Json> = {};
  for (const [k, v] of Object.entries(obj)) {
    if (v === undefined) continue;
    if (Array.isArray(v) && v.length === 0) continue;
    out[k] = v;
  }
  return out;
}
