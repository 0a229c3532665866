/**
 * Pipeline parameters: declared once in `Parameters`, referenced as `{"Get": "Parameters.X"}`.
 */
import { parameterRef, type ParameterRef } from './expressions.js';
import type { Json } from './render-value.js';

export type ParameterType = 'String' | 'Integer' | 'Float' | 'Boolean';

export interface ParameterProps<T> {
  name: string;
  defaultValue?: T;
  description?: string;
}

/** A declared parameter; `ref` is what steps hold to use it. */
export interface Parameter {
  readonly name: string;
  readonly type: ParameterType;
  readonly defaultValue?: string | number | boolean;
  readonly enumValues?: readonly string[];
  readonly description?: string;
  readonly ref: ParameterRef;
}

function make(type: ParameterType, props: ParameterProps<string | number | boolean>, enumValues?: string[]): Parameter {
  return {
    name: props.name,
    type,
    ...(props.defaultValue !== undefined ? { defaultValue: props.defaultValue } : {}),
    ...(enumValues && enumValues.length > 0 ? { enumValues } : {}),
    ...(props.description !== undefined ? { description: props.description } : {}),
    ref: parameterRef(props.name),
  };
}

/** `ParameterString`; `enumValues` restricts the values an execution may pass. */
export function stringParameter(props: ParameterProps<string> & { enumValues?: string[] }): Parameter {
  return make('String', props, props.enumValues);
}
export function integerParameter(props: ParameterProps<number>): Parameter {
  return make('Integer', props);
}
export function floatParameter(props: ParameterProps<number>): Parameter {
  return make('Float', props);
}
export function booleanParameter(props: ParameterProps<boolean>): Parameter {
  return make('Boolean', props);
}

export function renderParameter(p: Parameter): Json {
  return {
    Name: p.name,
    Type: p.type,
    ...(p.description !== undefined ? { Description: p.description } : {}),
    ...(p.defaultValue !== undefined ? { DefaultValue: p.defaultValue } : {}),
    ...(p.enumValues ? { EnumValues: [...p.enumValues] } : {}),
  };
}
