/**
 * `--param K=V` overrides for StartPipelineExecution, checked against the definition's
 * `Parameters` so that a typo fails here instead of at execution time.
 */
import { UsageError } from '../errors.js';

export interface DefinitionParameter {
  Name: string;
  Type?: string;
  DefaultValue?: unknown;
}

export interface ParameterOverride {
  Name: string;
  Value: string;
}

const TYPE_CHECKS: Record<string, { test: (v: string) => boolean; rule: string }> = {
  Integer: { test: (v) => /^[+-]?\d+$/.test(v), rule: 'an integer' },
  Float: { test: (v) => v.trim() !== '' && Number.isFinite(Number(v)), rule: 'a number' },
  Boolean: { test: (v) => v === 'true' || v === 'false', rule: 'true or false' },
};

/** The declared parameters of a definition (`[]` when it declares none). */
export function definitionParameters(definition: unknown): DefinitionParameter[] {
  const params = (definition as { Parameters?: unknown })?.Parameters;
  if (!Array.isArray(params)) return [];
  return params.filter((p): p is DefinitionParameter => typeof (p as DefinitionParameter)?.Name === 'string');
}

/**
 * Parses `K=V` pairs (the value may contain `=`) and checks each name and value against the
 * declared parameters. Every problem is reported at once, as a UsageError.
 */
export function parseParameterOverrides(pairs: string[], declared: DefinitionParameter[]): ParameterOverride[] {
  const byName = new Map(declared.map((p) => [p.Name, p]));
  const problems: string[] = [];
  const seen = new Map<string, ParameterOverride>();
  for (const pair of pairs) {
    const eq = pair.indexOf('=');
    if (eq <= 0) {
      problems.push(`--param "${pair}": expected NAME=VALUE`);
      continue;
    }
    const name = pair.slice(0, eq);
    const value = pair.slice(eq + 1);
    const param = byName.get(name);
    if (!param) {
      const known = declared.map((p) => p.Name).join(', ');
      problems.push(`--param ${name}: the definition has no such parameter (it declares: ${known || 'none'})`);
      continue;
    }
    const check = param.Type ? TYPE_CHECKS[param.Type] : undefined;
    if (check && !check.test(value)) {
      problems.push(`--param ${name}: ${param.Type} parameter needs ${check.rule}, got "${value}"`);
      continue;
    }
    seen.set(name, { Name: name, Value: value });
  }
  if (problems.length > 0) throw new UsageError(problems.join('\n'));
  return [...seen.values()];
}

/**
 * SageMaker refuses a job whose VpcConfig names an empty subnet or security group, but only
 * once the execution runs. Before starting one, every parameter that feeds `Subnets` or
 * `SecurityGroupIds` must have a value, from `--param` or its default.
 */
export function checkNetworkParameters(definition: unknown, overrides: ParameterOverride[]): void {
  const declared = new Map(definitionParameters(definition).map((p) => [p.Name, p]));
  const given = new Map(overrides.map((o) => [o.Name, o.Value]));
  const empty = new Set<string>();
  const visit = (node: unknown, key?: string): void => {
    if (Array.isArray(node)) {
      if (key === 'Subnets' || key === 'SecurityGroupIds') {
        for (const item of node) {
          const ref = (item as { Get?: unknown })?.Get;
          if (typeof ref === 'string' && ref.startsWith('Parameters.')) {
            const name = ref.slice('Parameters.'.length);
            const value = given.get(name) ?? declared.get(name)?.DefaultValue;
            if (value === undefined || value === '') empty.add(name);
          }
        }
      }
      node.forEach((n) => visit(n));
    } else if (node && typeof node === 'object') {
      for (const [k, v] of Object.entries(node)) visit(v, k);
    }
  };
  visit((definition as { Steps?: unknown })?.Steps);
  if (empty.size > 0) {
    const names = [...empty].sort();
    throw new UsageError(
      `cannot start: the jobs' VpcConfig would get an empty ${names.join(' and ')}. ` +
        `Pass ${names.map((n) => `--param ${n}=<id>`).join(' ')}, or set vpc_subnet / security_group_id in the base config and compile again (or, for an account without a VPC, compile with --no-vpc)`,
    );
  }
}
