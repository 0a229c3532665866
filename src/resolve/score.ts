/**
 * Scores one (consumer input, producer output) pair. Hard gates first (dependency type and
 * data type must be compatible), then a weighted sum of name/alias similarity, compatible
 * source and keywords. Every score comes with the reasons that produced it.
 */
import type { DependencySpec, DependencyType, OutputSpec } from '../spec/specification.js';
import { jaccard, meaningfulTokens } from './tokens.js';

export const WEIGHTS = { type: 0.25, name: 0.35, source: 0.25, keywords: 0.15 } as const;

/** Consumer dependency type -> producer output types it also accepts (at half the type score). */
const COMPATIBLE_TYPES: Partial<Record<DependencyType, DependencyType[]>> = {
  training_data: ['processing_output'],
  processing_output: ['training_data'],
  model_artifacts: [],
  custom_property: ['processing_output'],
};

export interface PairScore {
  score: number;
  /** False when a hard gate failed (then `score` is 0). */
  viable: boolean;
  /** Name or alias similarity was exact (same meaningful tokens). */
  nameHit: boolean;
  /** The producer's step type is one of the input's compatible sources. */
  sourceHit: boolean;
  why: string;
}

function round(n: number): number {
  return Math.round(n * 1000) / 1000;
}

export function scorePair(dep: DependencySpec, producerStepType: string, output: OutputSpec): PairScore {
  const reasons: string[] = [];
  let typeScore: number;
  if (output.outputType === dep.dependencyType) {
    typeScore = 1;
    reasons.push(`type ${dep.dependencyType} matches`);
  } else if (COMPATIBLE_TYPES[dep.dependencyType]?.includes(output.outputType)) {
    typeScore = 0.5;
    reasons.push(`type ${output.outputType} is compatible with ${dep.dependencyType}`);
  } else {
    return { score: 0, viable: false, nameHit: false, sourceHit: false, why: `type ${output.outputType} cannot feed ${dep.dependencyType}` };
  }
  if (output.dataType !== dep.dataType) {
    return { score: 0, viable: false, nameHit: false, sourceHit: false, why: `data type ${output.dataType} is not ${dep.dataType}` };
  }

  const wanted = meaningfulTokens(dep.logicalName);
  let nameScore = 0;
  let nameVia = output.logicalName;
  for (const candidate of [output.logicalName, ...output.aliases]) {
    const s = jaccard(wanted, meaningfulTokens(candidate));
    if (s > nameScore) {
      nameScore = s;
      nameVia = candidate;
    }
  }
  const nameHit = nameScore === 1;
  const via = nameVia === output.logicalName ? nameVia : `${nameVia} (an alias of ${output.logicalName})`;
  reasons.push(nameScore > 0 ? `name ${dep.logicalName} ~ ${via} (${round(nameScore)})` : 'no name/alias similarity');

  const sourceHit = dep.compatibleSources.includes(producerStepType);
  reasons.push(sourceHit ? `${producerStepType} is a compatible source` : `${producerStepType} is not a listed source`);

  const outTokens = new Set<string>();
  for (const n of [output.logicalName, ...output.aliases]) for (const t of meaningfulTokens(n)) outTokens.add(t);
  const hits = dep.semanticKeywords.filter((k) => [...meaningfulTokens(k)].some((t) => outTokens.has(t)));
  const keywordScore = Math.min(1, hits.length / 2);
  if (hits.length > 0) reasons.push(`keywords ${hits.join(', ')}`);

  const score = round(
    WEIGHTS.type * typeScore + WEIGHTS.name * nameScore + WEIGHTS.source * (sourceHit ? 1 : 0) + WEIGHTS.keywords * keywordScore,
  );
  return { score, viable: true, nameHit, sourceHit, why: reasons.join('; ') };
}
