/**
 * PytorchModelCreationConfig (seed 003): a SageMaker Model on the PyTorch inference image.
 */
import { z } from 'zod';
import { instanceType, nonEmptyString, pathOrS3Uri, positiveInt, relativeEntryPoint } from '../../config/fields.js';
import { basePipelineShape } from '../../config/base-config.js';

const tag = z.strictObject({ Key: nonEmptyString(), Value: z.string({ error: 'expected a string' }) });

export const PytorchModelCreationConfig = z
  .strictObject({
    ...basePipelineShape,
    /** Inference script inside `source_dir` (SAGEMAKER_PROGRAM). */
    inference_entry_point: relativeEntryPoint().default('inference.py'),
    inference_instance_type: instanceType().default('ml.m5.large'),
    framework_version: nonEmptyString().default('2.1.0'),
    py_version: nonEmptyString().default('py310'),
    /** The model.tar.gz when no upstream step provides it: s3:// URI or a local file. */
    model_data: pathOrS3Uri().optional(),
    model_name: nonEmptyString().optional(),
    accelerator_type: nonEmptyString().optional(),
    tags: z.array(tag, { error: 'expected a list of {Key, Value}' }).optional(),
    initial_instance_count: positiveInt().default(1),
    /** Seconds. */
    container_startup_health_check_timeout: positiveInt().default(300),
    /** MB. */
    container_memory_limit: positiveInt().default(6144),
    /** Seconds. */
    data_download_timeout: positiveInt().default(900),
    /** MB; at most `container_memory_limit`. */
    inference_memory_limit: positiveInt().default(6144),
    max_concurrent_invocations: positiveInt().default(10),
    /** MB. */
    max_payload_size: positiveInt(100).default(6),
    /** Container image overriding the PyTorch inference image. */
    inference_image_uri: nonEmptyString().optional(),
  })
  .superRefine((cfg, ctx) => {
    if (cfg.inference_memory_limit > cfg.container_memory_limit) {
      ctx.addIssue({
        code: 'custom',
        path: ['inference_memory_limit'],
        message: `must not exceed container_memory_limit (${cfg.container_memory_limit})`,
      });
    }
  });
export type PytorchModelCreationConfig = z.infer<typeof PytorchModelCreationConfig>;
