/**
 * The payload content types sagewire knows, with their sample file's extension: the data of the
 * one content-type table. It sits here, zod-free, because the config schemas (the building
 * half) take content types while the table's behaviour (render, checks) lives in
 * payload-format/content-types.ts on the running half, which reads this list; a type added
 * here fails the type-check until that table gives it a render and checks.
 */
export const CONTENT_TYPES = ['text/csv', 'application/json'] as const;
export type ContentType = (typeof CONTENT_TYPES)[number];

/** The sample file extension (no dot) of each content type. */
export const CONTENT_TYPE_EXTENSIONS: { readonly [T in ContentType]: string } = {
  'text/csv': 'csv',
  'application/json': 'json',
};
