/** The data locations a step reads and writes, from its resolved arguments and its record. */
import type { Json, JsonObject } from './definition.js';
import type { StepIo } from './run-types.js';

type Obj = { [k: string]: Json };
const obj = (v: Json | undefined): Obj => (v && typeof v === 'object' && !Array.isArray(v) ? v : {});
const list = (v: Json | undefined): Json[] => (Array.isArray(v) ? v : []);
const str = (v: Json | undefined): string | undefined => (typeof v === 'string' ? v : undefined);

export function stepIo(type: string, args: JsonObject, record?: JsonObject): { inputs: StepIo[]; outputs: StepIo[] } {
  const inputs: StepIo[] = [];
  const outputs: StepIo[] = [];
  const add = (to: StepIo[], name: string | undefined, uri: string | undefined) => {
    if (uri) to.push({ name: name ?? '', uri });
  };
  if (type === 'Processing') {
    for (const i of list(args.ProcessingInputs)) add(inputs, str(obj(i).InputName), str(obj(obj(i).S3Input).S3Uri));
    for (const o of list(obj(args.ProcessingOutputConfig).Outputs)) add(outputs, str(obj(o).OutputName), str(obj(obj(o).S3Output).S3Uri));
  } else if (type === 'Training') {
    for (const c of list(args.InputDataConfig)) {
      add(inputs, str(obj(c).ChannelName), str(obj(obj(obj(c).DataSource).S3DataSource).S3Uri));
    }
    add(outputs, 'model', str(obj(record?.ModelArtifacts).S3ModelArtifacts));
  } else if (type === 'Model') {
    add(inputs, 'model data', str(obj(args.PrimaryContainer).ModelDataUrl));
  } else if (type === 'RegisterModel') {
    for (const c of list(obj(args.InferenceSpecification).Containers)) add(inputs, 'model data', str(obj(c).ModelDataUrl));
    add(outputs, 'model package', str(record?.ModelPackageArn));
  }
  return { inputs, outputs };
}
