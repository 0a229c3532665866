import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DefinitionError } from '../errors.js';
import { REFERENCE_DIR, REPO_ROOT } from './__fixtures__/schemas.js';
import { executionVariable, join as joinExpr, jsonGet, parameterRef, stepProperty, EXECUTION_VARIABLE_NAMES, type Expr } from './expressions.js';
import { parseCondition, parseExpression, parseValue, parseValueTree, renderValueTree, ValueRecord } from './parse-value.js';
import { renderValue, type Json } from './render-value.js';
import { renderCondition, type Condition } from './steps/condition-step.js';

// One sample list per expression kind: a kind added to the dsl without a sample here fails type-checking.
const SAMPLES: { [K in Expr['kind']]: Extract<Expr, { kind: K }>[] } = {
  parameter: [parameterRef('InputDataUrl'), parameterRef('a-b_c')],
  'step-property': [
    stepProperty('Train', 'ModelArtifacts.S3ModelArtifacts'),
    stepProperty('Prep', "ProcessingOutputConfig.Outputs['train'].S3Output.S3Uri"),
    stepProperty('T', "FinalMetricDataList['val:loss'].Value"),
    stepProperty('C', 'Outcome'),
  ],
  'execution-variable': EXECUTION_VARIABLE_NAMES.map((n) => executionVariable(n)),
  join: [
    joinExpr('/', ['s3://b', parameterRef('P'), executionVariable('PipelineExecutionId'), 3, true]),
    joinExpr('', [joinExpr('-', ['a', stepProperty('S', 'ProcessingJobName')]), jsonGet('E', 'Report', 'metrics.mse.value')]),
  ],
  'json-get': [jsonGet('Evaluate', 'EvaluationReport', 'regression_metrics.mse.value')],
};

const CONDITIONS: Condition[] = [
  { kind: 'compare', type: 'LessThanOrEqualTo', left: jsonGet('E', 'R', 'mse'), right: 6 },
  { kind: 'compare', type: 'Equals', left: parameterRef('Flag'), right: true },
  { kind: 'in', value: parameterRef('Region'), values: ['us-east-1', stepProperty('S', 'ProcessingJobStatus')] },
  { kind: 'not', condition: { kind: 'compare', type: 'GreaterThan', left: executionVariable('StartDateTime'), right: '2026-01-01' } },
  { kind: 'or', conditions: [{ kind: 'compare', type: 'NotEquals', left: 1, right: 2 }, { kind: 'in', value: 'x', values: ['x'] }] },
];

describe('the inverse of render', () => {
  it('parse(render(x)) is x for every expression kind', () => {
    for (const [kind, samples] of Object.entries(SAMPLES)) {
      expect(samples.length, kind).toBeGreaterThan(0);
      for (const x of samples) expect(parseValue(renderValue(x)), JSON.stringify(x)).toEqual(x);
    }
    for (const literal of ['text', 0, 1.5, false]) expect(parseValue(renderValue(literal))).toBe(literal);
  });

  it('parse(render(c)) is c for every condition kind', () => {
    expect(new Set(CONDITIONS.map((c) => c.kind))).toEqual(new Set(['compare', 'in', 'not', 'or']));
    for (const c of CONDITIONS) expect(parseCondition(renderCondition(c))).toEqual(c);
  });

  it("reads the Python SDK's Not (operand under Expression) as the dsl's", () => {
    const sdk = { Type: 'Not', Expression: { Type: 'Equals', LeftValue: { Get: 'Parameters.P' }, RightValue: 'x' } };
    expect(parseCondition(sdk)).toEqual({ kind: 'not', condition: { kind: 'compare', type: 'Equals', left: parameterRef('P'), right: 'x' } });
  });

  it('names what it does not model, and leaves plain data alone', () => {
    expect(parseExpression({ 'Std:Concat': [] })).toEqual({ kind: 'unknown', what: 'function Std:Concat' });
    expect(parseExpression({ Get: 'Execution.Tomorrow' })).toMatchObject({ kind: 'unknown' });
    expect(parseExpression({ 'Std:JsonGet': { S3Uri: 's3://b/k', Path: 'a' } })).toMatchObject({ kind: 'unknown', hint: 'read a PropertyFile of a step instead' });
    expect(parseExpression({ Get: 'Parameters.P', Other: 1 })).toBeUndefined();
    expect(() => parseValue({ Get: 'Elsewhere.X' }, 'Steps.A.Arguments.RoleArn')).toThrow(DefinitionError);
    expect(() => parseValue({ Get: 'Elsewhere.X' }, 'Steps.A.Arguments.RoleArn')).toThrow(/Steps\.A\.Arguments\.RoleArn: \{"Get": "Elsewhere\.X"\}/);
    // an argument object whose keys happen to look like an expression's stays data
    const tree = parseValueTree({ Environment: { kind: 'parameter', name: 'x' } });
    expect(tree).toBeInstanceOf(ValueRecord);
    expect(renderValueTree(tree)).toEqual({ Environment: { kind: 'parameter', name: 'x' } });
  });

  it('an expression it does not model, inside a tree: read once, then refused naming it', () => {
    let reads = 0;
    const node = {
      get 'Std:Concat'() {
        reads++;
        return [];
      },
    } as unknown as Json;
    expect(() => parseValueTree({ Arguments: { Name: node } }, 'Steps.A')).toThrow(/^Steps\.A\.Arguments\.Name: function Std:Concat is not a value sagewire's dsl models$/);
    expect(reads).toBe(1);
  });

  const examples = [
    ...readdirSync(join(REFERENCE_DIR, 'sdk-examples')).filter((f) => f.endsWith('.json')).map((f) => join(REFERENCE_DIR, 'sdk-examples', f)),
    // and sagewire's own compiled examples
    ...readdirSync(join(REPO_ROOT, 'src', 'compile', '__fixtures__')).filter((f) => f.endsWith('.golden.json')).map((f) => join(REPO_ROOT, 'src', 'compile', '__fixtures__', f)),
  ];
  it.each(examples)('render(parse(json)) is json over %s', (file) => {
    const json = JSON.parse(readFileSync(file, 'utf8')) as Json;
    const tree = parseValueTree(json, file);
    expect(renderValueTree(tree)).toEqual(json);
    // and it did read expressions, not only copy data
    let exprs = 0;
    const count = (t: unknown): void => {
      if (t instanceof ValueRecord) Object.values(t.fields).forEach(count);
      else if (Array.isArray(t)) t.forEach(count);
      else if (t && typeof t === 'object') exprs++;
    };
    count(tree);
    expect(exprs).toBeGreaterThan(0);
    const steps = (json as { Steps: { Type: string; Arguments: { Conditions?: Json[] } }[] }).Steps;
    for (const s of steps.filter((x) => x.Type === 'Condition')) {
      for (const c of s.Arguments.Conditions ?? []) expect(renderCondition(parseCondition(c))).toEqual(c);
    }
  });
});
