/** The archive engine: safe, streaming reads and writes of tar and tar.gz. See docs/archive.md. */
export { DEFAULT_LIMITS, type ArchiveLimits } from './limits.js';
export type { EntryInfo, InjectFile, Progress, WriteResult } from './types.js';
export { scanArchive, readArchiveMember, DEFAULT_MEMBER_MAX_BYTES, type OnEntry } from './scan.js';
export { injectIntoArchive, type InjectOptions } from './inject.js';
export { disownIndex } from './gzip-index.js';
export { copyDisowned } from './disowned-copy.js';
export { readArchiveMemberTrustingIndex, type TrustedMemberRead } from './recorded-member.js';
export { createArchive } from './create.js';
export { filesFromDirectory } from './files-from-directory.js';
export { withAtomicFile, writeFileAtomic } from '../fs/atomic-write.js';
export { sanitizeMode } from './entry-rules.js';
export { normalizeEntryName } from './entry-name.js';
