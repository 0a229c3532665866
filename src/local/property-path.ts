/**
 * Property paths of `{"Get": ...}` references: `Steps.X.ProcessingOutputConfig.Outputs['train'].S3Output.S3Uri`.
 * A path is a list of segments; a string index into a list picks the element whose
 * `*Name` field equals it (SageMaker indexes Outputs, channels and metrics by name).
 */
import type { Json } from './definition.js';

export type Segment = { key: string } | { index: number } | { name: string };

/** Parses `A.B['x'][0].C` into segments; `undefined` when the syntax is wrong. */
export function parsePropertyPath(path: string): Segment[] | undefined {
  const out: Segment[] = [];
  const re = /([A-Za-z0-9_:-]+)|\[(\d+)\]|\['([^']*)'\]|\["([^"]*)"\]|(\.)/gy;
  let expectKey = true;
  let m: RegExpExecArray | null;
  let pos = 0;
  while (pos < path.length) {
    re.lastIndex = pos;
    m = re.exec(path);
    if (!m) return undefined;
    pos = re.lastIndex;
    if (m[1] !== undefined) {
      if (!expectKey) return undefined;
      out.push({ key: m[1] });
      expectKey = false;
    } else if (m[2] !== undefined) {
      if (expectKey) return undefined;
      out.push({ index: Number(m[2]) });
    } else if (m[3] !== undefined || m[4] !== undefined) {
      if (expectKey) return undefined;
      out.push({ name: (m[3] ?? m[4])! });
    } else {
      if (expectKey) return undefined;
      expectKey = true;
    }
  }
  return expectKey || out.length === 0 ? undefined : out;
}

/** Follows segments through a describe-shaped record; `undefined` when a segment is missing. */
export function resolveSegments(value: Json | undefined, segments: Segment[]): Json | undefined {
  let cur: Json | undefined = value;
  for (const seg of segments) {
    if (cur === undefined || cur === null) return undefined;
    if ('key' in seg) {
      cur = typeof cur === 'object' && !Array.isArray(cur) ? cur[seg.key] : undefined;
    } else if ('index' in seg) {
      cur = Array.isArray(cur) ? cur[seg.index] : undefined;
    } else if (Array.isArray(cur)) {
      cur = cur.find((el) => isNamed(el, seg.name));
    } else {
      cur = typeof cur === 'object' ? cur[seg.name] : undefined;
    }
  }
  return cur;
}

function isNamed(el: Json, name: string): boolean {
  if (!el || typeof el !== 'object' || Array.isArray(el)) return false;
  return Object.entries(el).some(([k, v]) => k.endsWith('Name') && v === name);
}

/** A JSON path of Std:JsonGet (`a.b[0].c`, an optional leading `$.`) into a parsed file. */
export function jsonGetPath(doc: Json, path: string): Json | undefined {
  const segs = parsePropertyPath(path.replace(/^\$\.?/, ''));
  return segs ? resolveSegments(doc, segs) : undefined;
}
