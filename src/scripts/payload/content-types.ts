/** The payload script's view of the content-type table (src/payload-format/content-types.ts). */
import { ScriptError } from '../../errors.js';
import { payloadFormat, payloadFormats, type PayloadFormat } from '../../payload-format/content-types.js';

/** How one content type's sample is written and how a custom sample is checked. */
export type ContentTypeFormat = PayloadFormat;

/** The content types sagewire writes samples for, as built in. */
export const CONTENT_TYPES: Readonly<Record<string, ContentTypeFormat>> = Object.fromEntries(payloadFormats().map((f) => [f.mime, f]));

/** The default when neither the config nor the command line names content types. */
export const DEFAULT_CONTENT_TYPES = ['text/csv', 'application/json'];

/** The format of a content type; an unsupported one is a ScriptError naming it. */
export function contentTypeFormat(contentType: string, source: string): ContentTypeFormat {
  const format = payloadFormat(contentType);
  if (!format) {
    throw new ScriptError(`${source}: unsupported content type ${JSON.stringify(contentType)}; supported: ${payloadFormats().map((f) => f.mime).join(', ')}`);
  }
  return format;
}

export { sampleFileName } from '../../payload-format/content-types.js';
