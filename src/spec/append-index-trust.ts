/**
 * The environment variable that tells sagewire's archive scripts (package, dummy-train) that
 * their model input was written by a sagewire step of the same pipeline, so an append may use the
 * append index in the archive's gzip header and read only its tail. The index is not
 * authenticated (anyone can write one), so the compiler sets this only where the producer is a
 * step whose output archive sagewire itself writes; everything else is read and checked in full.
 */
export const TRUST_APPEND_INDEX_ENV = 'SAGEWIRE_TRUST_APPEND_INDEX';
