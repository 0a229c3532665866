/**
 * Which property paths each SageMaker step type exposes (in the specs' `properties.`
 * notation). A spec output must name one of these; for Processing steps the output name in
 * the path must be the output's logical name, since the builder uses it as `OutputName`.
 */
export type SageMakerStepType = 'Processing' | 'Training' | 'Model' | 'RegisterModel';

const PATTERNS: Record<SageMakerStepType, RegExp[]> = {
  Processing: [/^properties\.ProcessingOutputConfig\.Outputs\['([^']+)'\]\.S3Output\.S3Uri$/, /^properties\.ProcessingJobName$/],
  Training: [
    /^properties\.ModelArtifacts\.S3ModelArtifacts$/,
    /^properties\.OutputDataConfig\.S3OutputPath$/,
    /^properties\.TrainingJobName$/,
  ],
  Model: [/^properties\.ModelName$/, /^properties\.PrimaryContainer\.ModelDataUrl$/],
  RegisterModel: [/^properties\.ModelPackageArn$/],
};

/** Why `path` is not valid for `stepType` (undefined when it is). */
export function propertyPathProblem(stepType: SageMakerStepType, path: string, logicalName: string): string | undefined {
  const patterns = PATTERNS[stepType];
  if (!patterns) return `unknown SageMaker step type ${JSON.stringify(stepType)}`;
  for (const re of patterns) {
    const m = re.exec(path);
    if (!m) continue;
    if (m[1] !== undefined && m[1] !== logicalName) {
      return `property path names output ${JSON.stringify(m[1])} but the output is ${JSON.stringify(logicalName)}`;
    }
    return undefined;
  }
  return `${JSON.stringify(path)} is not a property of a ${stepType} step (expected one of ${patterns.map((r) => r.source).join(', ')})`;
}
