/** `sagewire steps`: the step catalog, each step type with its inputs and outputs. */
import { STEP_CATALOG } from '../../steps/catalog.js';
import type { StepDefinition } from '../../steps/kit/define-step.js';
import type { CommandContext, CommandResult } from '../context.js';

export interface CatalogRow {
  stepType: string;
  sagemakerStepType: string;
  nodeType: string;
  description: string;
  inputs: Array<{ name: string; type: string; required: boolean; from: 'dependency' | 'config'; compatibleSources: string[]; noCatalogSource?: boolean }>;
  outputs: Array<{ name: string; type: string; property: string; aliases: string[] }>;
}

/** The catalog (or another list of step definitions) as data. */
export function catalogRows(steps: readonly StepDefinition[] = STEP_CATALOG): CatalogRow[] {
  // A spec may name producers the catalog does not have (yet): list only steps one can add.
  const known = new Set<string>(STEP_CATALOG.map((b) => b.stepType));
  return steps.map((b) => ({
    stepType: b.stepType,
    sagemakerStepType: b.spec.sagemakerStepType,
    nodeType: b.spec.nodeType,
    description: b.description,
    inputs: b.spec.dependencies.map((d) => ({
      name: d.logicalName,
      type: d.dependencyType,
      required: d.required,
      from: d.providedBy === 'builder' ? 'config' : 'dependency',
      compatibleSources: d.compatibleSources.filter((source) => known.has(source)),
      ...(d.compatibleSources.length > 0 && !d.compatibleSources.some((source) => known.has(source)) ? { noCatalogSource: true } : {}),
    })),
    outputs: b.spec.outputs.map((o) => ({ name: o.logicalName, type: o.outputType, property: o.propertyPath, aliases: o.aliases })),
  }));
}

export async function run(_opts: Record<string, unknown>, _ctx: CommandContext): Promise<CommandResult> {
  const rows = catalogRows();
  const lines: string[] = [];
  for (const r of rows) {
    lines.push(`${r.stepType} (${r.sagemakerStepType}, ${r.nodeType}): ${r.description}`);
    for (const i of r.inputs) {
      const src =
        i.from === 'config' ? 'from config' : i.noCatalogSource ? 'from no step of this catalog' : `from ${i.compatibleSources.join('|') || 'any'}`;
      lines.push(`  in  ${i.name} [${i.type}, ${i.required ? 'required' : 'optional'}, ${src}]`);
    }
    for (const o of r.outputs) lines.push(`  out ${o.name} [${o.type}] ${o.property}`);
  }
  return { data: { steps: rows }, text: lines.join('\n') };
}
