/**
 * Checks the payload samples (the payload script's `payload_<type with / as _>_<n>.<csv|json>`
 * members) against the registration's input variable list and content types. Every problem is
 * collected; the error names the member, the rule and the value.
 */
import { InventoryError, type Issue } from '../../errors.js';
import { payloadFormat, sampleContentType } from '../../payload-format/content-types.js';

export interface PayloadSample {
  name: string;
  content: Buffer;
}

type Variables = ReadonlyArray<readonly [string, 'NUMERIC' | 'TEXT']>;

/** Throws an InventoryError listing every sample that does not match. */
export function validatePayloadSamples(samples: PayloadSample[], variables: Variables, contentTypes: readonly string[]): void {
  const issues: Issue[] = [];
  const seen = new Set<string>();
  for (const sample of samples) {
    const sampleType = sampleContentType(sample.name, contentTypes);
    if (sampleType === undefined) continue; // not a sample (a README, a folder entry)
    const type = sampleType.contentType;
    if (!contentTypes.includes(type)) {
      issues.push({ path: sample.name, message: `content type ${type} is not one of the model's (${contentTypes.join(', ')})` });
      continue;
    }
    seen.add(type);
    const text = sample.content.toString('utf8');
    issues.push(...sampleType.format.checkMember(sample.name, text, variables.map(([name, type]) => ({ name, type }))));
  }
  const withoutSample = contentTypes.filter((t) => !seen.has(t) && payloadFormat(t) !== undefined);
  for (const type of withoutSample) issues.push({ path: '(payload)', message: `no sample for content type ${type}` });
  if (issues.length > 0) {
    throw new InventoryError(`payload does not match the input variables or content types (${issues.length} problem(s))`, issues, { status: 422 });
  }
}
