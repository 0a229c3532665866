/**
 * Response headers of the page: a Content-Security-Policy that allows nothing but the page's
 * own inline stylesheet (by hash), so text from a record can never run as script or load
 * anything even if an escape were missed; no framing, no sniffing, no referrer.
 */
import { createHash } from 'node:crypto';
import { PAGE_STYLE } from './page-style.js';

const STYLE_HASH = createHash('sha256').update(PAGE_STYLE).digest('base64');

export const PAGE_HEADERS: Readonly<Record<string, string>> = {
  'Content-Security-Policy': `default-src 'none'; style-src 'sha256-${STYLE_HASH}'; img-src 'none'; form-action 'none'; frame-ancestors 'none'; base-uri 'none'`,
  'X-Content-Type-Options': 'nosniff',
  'X-Frame-Options': 'DENY',
  'Referrer-Policy': 'no-referrer',
  'Cache-Control': 'no-store',
};
