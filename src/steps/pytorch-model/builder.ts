/**
 * PytorchModel (seed 003): a SageMaker Model on the PyTorch inference image, from the
 * resolved model data or the config's `model_data` (s3://, or a local file uploaded like code).
 */
import { defineStep } from '../kit/define-step.js';
import { configClassOnDemand } from '../kit/schema-on-demand.js';
import { networkOf } from '../kit/processing.js';
import type { Value } from '../../dsl/expressions.js';
import { ModelStep } from '../../dsl/steps/model-step.js';
import { ConfigError } from '../../errors.js';
import { pytorchImageUri } from '../../images/image-uri.js';
import { PYTORCH_MODEL_SPEC } from './spec.js';

export const pytorchModelStep = defineStep({
  stepType: 'PytorchModel',
  config: configClassOnDemand({ className: 'PytorchModelCreationConfig', cursusName: 'PyTorchModelStepConfig', cursusFieldRenames: { entry_point: 'inference_entry_point', instance_type: 'inference_instance_type' } }, async () => (await import('./config.js')).PytorchModelCreationConfig),
  spec: PYTORCH_MODEL_SPEC,
  description: 'Creates a SageMaker Model on the PyTorch inference image; exposes its model data',
  build(ctx) {
    const c = ctx.config;
    let modelData: Value | undefined = ctx.inputs.model_data;
    if (modelData === undefined && c.model_data) {
      modelData = c.model_data.startsWith('s3://') ? c.model_data : ctx.assets.addFile(c.model_data, `${ctx.stepName}.model_data`, 'model.tar.gz');
    }
    if (modelData === undefined) {
      throw new ConfigError(`${ctx.stepName}.model_data: required when no upstream step provides the model (an s3:// URI or a local model.tar.gz)`);
    }
    const image =
      c.inference_image_uri ??
      pytorchImageUri('inference', {
        region: c.aws_region,
        version: c.framework_version,
        pyVersion: c.py_version,
        instanceType: c.inference_instance_type,
        field: `${ctx.stepName}.framework_version`,
      });
    const step = new ModelStep({
      name: ctx.stepName,
      executionRoleArn: c.role,
      primaryContainer: {
        image,
        modelDataUrl: modelData,
        environment: {
          SAGEMAKER_CONTAINER_LOG_LEVEL: '20',
          SAGEMAKER_PROGRAM: c.inference_entry_point,
          SAGEMAKER_REGION: c.aws_region,
          SAGEMAKER_SUBMIT_DIRECTORY: '/opt/ml/model/code',
        },
      },
      ...networkOf(ctx.parameters),
    });
    return { step };
  },
});
