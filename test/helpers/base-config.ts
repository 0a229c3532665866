/** The shared (base) config fields a test's one-file config needs, with example values. */
export const BASE_FIELDS = {
  author: 'ann',
  bucket: 'example-bucket',
  pipeline_version: '1.0.0',
  region: 'NA',
  role: 'arn:aws:iam::111122223333:role/SageMakerPipelineRole',
  service_name: 'Risk',
} as const;
