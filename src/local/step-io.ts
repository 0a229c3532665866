/** The data locations a step reads and writes, from its resolved arguments and its record (one function per kind). */
import type { Json, JsonObject } from './definition.js';
import type { StepIo } from './run-types.js';

type Obj = { [k: string]: Json };
const obj = (v: Json | undefined): Obj => (v && typeof v === 'object' && !Array.isArray(v) ? v : {});
const list = (v: Json | undefined): Json[] => (Array.isArray(v) ? v : []);
const str = (v: Json | undefined): string | undefined => (typeof v === 'string' ? v : undefined);

export interface StepIoLists {
  inputs: StepIo[];
  outputs: StepIo[];
}

/** What a kind's report shows it read and wrote. */
export type StepIoOf = (args: JsonObject, record?: JsonObject) => StepIoLists;

function collector(): StepIoLists & { add(to: 'inputs' | 'outputs', name: string | undefined, uri: string | undefined): void } {
  const io: StepIoLists = { inputs: [], outputs: [] };
  return {
    ...io,
    add(to, name, uri) {
      if (uri) io[to].push({ name: name ?? '', uri });
    },
  };
}

export const processingIo: StepIoOf = (args) => {
  const io = collector();
  for (const i of list(args.ProcessingInputs)) io.add('inputs', str(obj(i).InputName), str(obj(obj(i).S3Input).S3Uri));
  for (const o of list(obj(args.ProcessingOutputConfig).Outputs)) io.add('outputs', str(obj(o).OutputName), str(obj(obj(o).S3Output).S3Uri));
  return { inputs: io.inputs, outputs: io.outputs };
};

export const trainingIo: StepIoOf = (args, record) => {
  const io = collector();
  for (const c of list(args.InputDataConfig)) io.add('inputs', str(obj(c).ChannelName), str(obj(obj(obj(c).DataSource).S3DataSource).S3Uri));
  io.add('outputs', 'model', str(obj(record?.ModelArtifacts).S3ModelArtifacts));
  return { inputs: io.inputs, outputs: io.outputs };
};

export const modelIo: StepIoOf = (args) => {
  const io = collector();
  io.add('inputs', 'model data', str(obj(args.PrimaryContainer).ModelDataUrl));
  return { inputs: io.inputs, outputs: io.outputs };
};

export const registerModelIo: StepIoOf = (args, record) => {
  const io = collector();
  for (const c of list(obj(args.InferenceSpecification).Containers)) io.add('inputs', 'model data', str(obj(c).ModelDataUrl));
  io.add('outputs', 'model package', str(record?.ModelPackageArn));
  return { inputs: io.inputs, outputs: io.outputs };
};

/** A step that moves no data (Condition, Fail). */
export const noIo: StepIoOf = () => ({ inputs: [], outputs: [] });
