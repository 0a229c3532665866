/**
 * Bounds on what a request may carry: identifiers without control characters, lengths, list
 * sizes, and how big and deep a free-form JSON object may be. Applied before anything is
 * recorded, so one oversized or hostile request is refused alone (400) and never reaches a
 * group commit.
 */
import { z } from 'zod';

/** C0 and C1 controls and DEL: never part of a name (NUL made two pairs one model id). */
// eslint-disable-next-line no-control-regex -- finding control characters is the point
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/;
/** Controls other than tab and newline: refused in free text too. */
// eslint-disable-next-line no-control-regex -- as above
const CONTROL_IN_TEXT = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/;

export const LIMITS = {
  identifier: 256,
  uri: 2048,
  listItems: 1000,
  /** performance_metadata and other free-form JSON objects, serialized. */
  jsonObjectBytes: 64 * 1024,
  jsonDepth: 8,
  /** A model card (markdown). */
  cardChars: 64 * 1024,
  /** Approval reasons, descriptions. */
  textChars: 4096,
  tags: 50,
  tagValue: 1024,
} as const;

/** A name: 1..max characters, no control characters. */
export function identifier(max: number = LIMITS.identifier) {
  return z
    .string()
    .min(1)
    .max(max, `must be at most ${max} characters`)
    .refine((s) => !CONTROL.test(s), 'must not contain control characters');
}

/** Free text (tabs and newlines allowed), up to `max` characters. */
export function text(max: number = LIMITS.textChars) {
  return z
    .string()
    .max(max, `must be at most ${max} characters`)
    .refine((s) => !CONTROL_IN_TEXT.test(s), 'must not contain control characters other than tab and newline');
}

function depthOf(value: unknown): number {
  // iterative: a hostile object must not overflow the stack here either
  let max = 0;
  const stack: Array<[unknown, number]> = [[value, 0]];
  while (stack.length > 0) {
    const [v, d] = stack.pop()!;
    if (v === null || typeof v !== 'object') continue;
    max = Math.max(max, d + 1);
    for (const child of Object.values(v as Record<string, unknown>)) stack.push([child, d + 1]);
  }
  return max;
}

/** A JSON object of any shape, bounded in serialized size and nesting depth. */
export function boundedJsonObject(maxBytes: number = LIMITS.jsonObjectBytes, maxDepth: number = LIMITS.jsonDepth) {
  return z.record(z.string(), z.unknown()).superRefine((value, ctx) => {
    const depth = depthOf(value);
    if (depth > maxDepth) {
      ctx.addIssue({ code: 'custom', message: `nested ${depth} deep; at most ${maxDepth} levels` });
      return;
    }
    const bytes = Buffer.byteLength(JSON.stringify(value));
    if (bytes > maxBytes) ctx.addIssue({ code: 'custom', message: `${bytes} bytes as JSON; at most ${maxBytes}` });
  });
}

/** The deepest nesting of arrays/objects in a JSON text, found without parsing it. */
export function jsonTextDepth(source: string): number {
  let depth = 0;
  let max = 0;
  let inString = false;
  for (let i = 0; i < source.length; i++) {
    const ch = source.charCodeAt(i);
    if (inString) {
      if (ch === 0x5c) i++;
      else if (ch === 0x22) inString = false;
    } else if (ch === 0x22) inString = true;
    else if (ch === 0x7b || ch === 0x5b) max = Math.max(max, ++depth);
    else if (ch === 0x7d || ch === 0x5d) depth--;
  }
  return max;
}
