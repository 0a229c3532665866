import { ArchiveError } from '../errors.js';
import { paxOverrides, type PaxOverrides } from './pax-fields.js';
import { BLOCK, decodeHeaderBlock, decodePax, isZeroBlock, paddedSize, strictUtf8, type TarHeaderBlock } from './tar-header.js';

/** A member header with pax / GNU long-name records applied, and where it sits in the tar stream. */
export interface RawEntry extends TarHeaderBlock {
  /** Every header block of the member (extension headers and their data, then the main block). */
  headerBytes: Buffer;
  /** Byte offset of the first header block in the tar stream. */
  headerOffset: number;
  /** Byte offset of the content. */
  dataOffset: number;
  /** The pax global header blocks within `headerBytes` (they apply to every later member too). */
  globalHeaderBytes?: Buffer;
  /** Where the name came from: the header block itself, a GNU long name or a pax path. */
  nameSource: 'header' | 'longname' | 'pax';
}

/** What the parser calls; returning a promise pauses it (backpressure). */
export interface TarHandler {
  entry(entry: RawEntry): Promise<void> | void;
  /** Content bytes of the current entry, in order, without block padding. */
  data(chunk: Buffer): Promise<void> | void;
  /** The current entry's content is complete. */
  entryEnd(): Promise<void> | void;
}

/** Default cap on the extension-header bytes (pax, GNU long name/link) of one member. */
export const DEFAULT_MAX_HEADER_BYTES = 1024 * 1024;
const EXTENSION_TYPES = new Set(['x', 'g', 'L', 'K']);
/** Types without content (the entry rules refuse the others, unknown ones included, by type). */
const KNOWN_NON_FILES = new Set(['1', '2', '3', '4', '5', '6']);
const EXTENSION_NAMES: Record<string, string> = { x: 'pax extended header', g: 'pax global header', L: 'GNU long name', K: 'GNU long link' };

type State = 'header' | 'extension' | 'data' | 'padding' | 'end';

/**
 * A push parser for a tar stream that stops at the end-of-archive marker: the first zero block.
 * Anything but zeros after it is an error (GNU tar and Python would silently ignore it, so it
 * could hide members from one reader and not another).
 */
export class TarParser {
  private state: State = 'header';
  private offset = 0;
  private pending: Buffer[] = [];
  private pendingBytes = 0;
  private need = BLOCK;
  private remaining = 0;
  private groupStart = -1;
  private group: Buffer[] = [];
  private globalParts: Buffer[] = [];
  private groupBytes = 0;
  /** Type flags of the extension headers read so far for the next member. */
  private groupTypes: string[] = [];
  private extType = '';
  private local: PaxOverrides | undefined;
  private global: PaxOverrides = {};
  private seenGlobal = false;
  private longName: string | undefined;
  private longLink: string | undefined;
  private current: string | undefined;
  private contentSize = 0;
  private readonly maxHeaderBytes: number;
  /** Offset of the end-of-archive marker once seen. */
  endOffset: number | undefined;

  constructor(
    private readonly handler: TarHandler,
    options: { maxHeaderBytes?: number } = {},
  ) {
    this.maxHeaderBytes = options.maxHeaderBytes ?? DEFAULT_MAX_HEADER_BYTES;
  }

  /** Name of the entry being read (for error messages). */
  get currentEntry(): string | undefined {
    return this.current;
  }

  async write(chunk: Buffer): Promise<void> {
    let pos = 0;
    while (pos < chunk.length) {
      if (this.state === 'data') {
        const take = Math.min(this.remaining, chunk.length - pos);
        const piece = chunk.subarray(pos, pos + take);
        pos += take;
        this.offset += take;
        this.remaining -= take;
        const pending = this.handler.data(piece);
        if (pending) await pending;
        if (this.remaining === 0) await this.finishData();
        continue;
      }
      if (this.state === 'padding') {
        const take = Math.min(this.remaining, chunk.length - pos);
        pos += take;
        this.offset += take;
        this.remaining -= take;
        if (this.remaining === 0) this.state = 'header';
        continue;
      }
      if (this.state === 'end') {
        for (let i = pos; i < chunk.length; i += 1) {
          if (chunk[i] !== 0) {
            throw new ArchiveError(
              `data after the end-of-archive marker (byte ${this.offset + i - pos}): hidden members or garbage`,
            );
          }
        }
        this.offset += chunk.length - pos;
        return;
      }
      const take = Math.min(this.need - this.pendingBytes, chunk.length - pos);
      this.pending.push(chunk.subarray(pos, pos + take));
      this.pendingBytes += take;
      pos += take;
      if (this.pendingBytes === this.need) {
        const whole = this.pending.length === 1 ? (this.pending[0] as Buffer) : Buffer.concat(this.pending);
        this.pending = [];
        this.pendingBytes = 0;
        const at = this.offset;
        this.offset += whole.length;
        if (this.state === 'header') await this.onHeader(Buffer.from(whole), at);
        else this.onExtension(whole, at);
      }
    }
  }

  /** The tar stream is complete: it must have ended with the end-of-archive marker. */
  end(): void {
    if (this.state === 'end') return;
    if (this.state === 'data' || this.state === 'padding' || this.pendingBytes > 0) {
      throw new ArchiveError('archive is truncated (ends inside a member)', this.current);
    }
    throw new ArchiveError('archive is truncated (no end-of-archive marker after the last member)', this.current);
  }

  /** The name the pending extension headers give the next member, for messages. */
  private pendingName(): string | undefined {
    return this.local?.path ?? this.longName;
  }

  private async onHeader(block: Buffer, at: number): Promise<void> {
    if (isZeroBlock(block)) {
      if (this.group.length > 0) {
        throw new ArchiveError(`extension header without a member at byte ${at}`, this.pendingName(), { reason: 'extension-orphan' });
      }
      this.endOffset = at;
      this.state = 'end';
      return;
    }
    // From here on, file-level errors concern this member, not the previous one.
    if (this.group.length === 0) this.current = undefined;
    const header = decodeHeaderBlock(block, at, this.pendingName());
    this.current = this.pendingName() ?? header.name;
    if (this.group.length === 0) this.groupStart = at;
    this.group.push(block);
    if (EXTENSION_TYPES.has(header.typeflag)) {
      this.checkExtensionOrder(header.typeflag, at);
      if (header.typeflag === 'g') this.globalParts.push(block);
      this.groupBytes += header.size;
      if (this.groupBytes > this.maxHeaderBytes) {
        throw new ArchiveError(
          `extension headers of ${this.groupBytes} bytes for one member at byte ${at} (limit ${this.maxHeaderBytes}, maxHeaderBytes)`,
          this.pendingName(),
          { reason: 'limit' },
        );
      }
      this.extType = header.typeflag;
      this.need = paddedSize(header.size);
      this.remaining = header.size;
      this.state = this.need === 0 ? 'header' : 'extension';
      if (this.need === 0) this.need = BLOCK;
      return;
    }
    const headerName = header.name;
    const entry = this.applyExtensions(header, at);
    this.current = entry.name;
    this.need = BLOCK;
    this.remaining = entry.typeflag === '0' || entry.typeflag === '7' ? entry.size : 0;
    this.contentSize = this.remaining;
    // Readers disagree on whether a link or folder with a size carries content: refuse it.
    if (this.remaining === 0 && entry.size > 0 && KNOWN_NON_FILES.has(entry.typeflag)) {
      throw new ArchiveError(`non-file entry (type '${entry.typeflag}') declares ${entry.size} bytes of content`, entry.name, {
        reason: 'data-behind-non-file',
      });
    }
    // GNU tar makes any name with a trailing slash a folder and reads its data as headers;
    // CPython does so for a NUL type byte only, and strips the slash of a pax path: refuse
    // all but the old v7 folder (NUL type, no data, the name in the header block itself).
    if (entry.name.endsWith('/') && entry.typeflag !== '5') {
      const v7Folder = entry.typeNul && entry.size === 0 && entry.nameSource === 'header';
      if (!v7Folder) {
        const what = entry.size > 0 ? `carries ${entry.size} bytes of data` : `is a type '${entry.typeNul ? 'NUL' : entry.typeflag}' member`;
        throw new ArchiveError(`name ends in '/' but the member ${what} (readers disagree on folder or file)`, entry.name, {
          reason: 'trailing-slash',
        });
      }
    }
    // CPython decides "folder" from the header block's own name before a pax path or long name
    // replaces it (and then reads the data as headers); GNU tar and bsdtar from the final name.
    if (entry.typeNul && headerName.endsWith('/') && !entry.name.endsWith('/')) {
      throw new ArchiveError(
        `its header block names it ${JSON.stringify(headerName)}, a folder for CPython, but its ${entry.nameSource === 'pax' ? 'pax path' : 'GNU long name'} makes it a file (readers disagree on folder or file)`,
        entry.name,
        { reason: 'trailing-slash' },
      );
    }
    const pending = this.handler.entry(entry);
    if (pending) await pending;
    if (this.remaining > 0) this.state = 'data';
    else await this.finishData();
  }

  /**
   * One extension header of each kind per member, and no long name together with a pax path
   * (or long link with a pax linkpath): GNU tar keeps the last of two long names, CPython the
   * first; GNU tar lets a pax path win over a long name, CPython whichever comes first; of two
   * pax headers GNU tar keeps the second whole, CPython merges them. A global header comes
   * once, before a member's own headers (GNU tar replaces the previous global set, CPython
   * merges them).
   */
  private checkExtensionOrder(type: string, at: number): void {
    const seen = this.groupTypes.length;
    this.groupTypes.push(type);
    const refuse = (why: string, reason: string): never => {
      throw new ArchiveError(`${why} at byte ${at} (GNU tar and CPython read such a member differently)`, this.pendingName(), { reason });
    };
    if (type === 'g') {
      if (this.seenGlobal) refuse('a second pax global header', 'extension-repeated');
      if (seen > 0) refuse('a pax global header between a member and its extension headers', 'extension-order');
      this.seenGlobal = true;
      return;
    }
    if (this.groupTypes.indexOf(type) < seen) refuse(`a second ${EXTENSION_NAMES[type]} for the same member`, 'extension-repeated');
  }

  private onExtension(data: Buffer, at: number): void {
    const body = data.subarray(0, this.remaining);
    this.group.push(data);
    if (this.extType === 'g') this.globalParts.push(data);
    if (this.extType === 'x') {
      const records = decodePax(body, at, this.pendingName() ?? this.current);
      const path = records.get('path');
      const named = path && !path.includes(0) ? path.toString('utf8') : (this.pendingName() ?? this.current);
      this.local = paxOverrides(records, named, 'local');
    } else if (this.extType === 'g') {
      this.global = paxOverrides(decodePax(body, at, this.current), this.current, 'global');
    } else {
      const zero = body.indexOf(0);
      const value = strictUtf8(zero < 0 ? body : body.subarray(0, zero), EXTENSION_NAMES[this.extType] as string, this.pendingName());
      if (this.extType === 'L') this.longName = value;
      else this.longLink = value;
    }
    // CPython parses the whole padded block (pax records, a long name up to its first NUL) and
    // GNU tar a long name's too; bsdtar and we stop at the declared size: only NULs may follow.
    if (data.subarray(this.remaining).some((byte) => byte !== 0)) {
      throw new ArchiveError(
        `bytes other than NUL in the block padding of a ${EXTENSION_NAMES[this.extType]} at byte ${at} (CPython reads them, bsdtar does not)`,
        this.pendingName() ?? this.current,
        { reason: 'extension-padding' },
      );
    }
    this.checkConflicts(at);
    this.state = 'header';
    this.need = BLOCK;
  }

  private checkConflicts(at: number): void {
    const conflict = (what: string): never => {
      throw new ArchiveError(`${what} for the same member at byte ${at} (GNU tar and CPython pick different ones)`, this.pendingName(), {
        reason: 'extension-conflict',
      });
    };
    if (this.longName !== undefined && this.local?.path !== undefined) conflict('a GNU long name and a pax path');
    if (this.longLink !== undefined && this.local?.linkpath !== undefined) conflict('a GNU long link and a pax linkpath');
  }

  private applyExtensions(header: TarHeaderBlock, at: number): RawEntry {
    const pax: PaxOverrides = { ...this.global, ...this.local };
    const entry: RawEntry = {
      ...header,
      headerBytes: this.group.length === 1 ? (this.group[0] as Buffer) : Buffer.concat(this.group),
      headerOffset: this.groupStart,
      dataOffset: at + BLOCK,
      nameSource: 'header',
    };
    if (this.longName !== undefined) {
      entry.name = this.longName;
      entry.nameSource = 'longname';
    }
    if (this.longLink !== undefined) entry.linkname = this.longLink;
    if (pax.path !== undefined) {
      entry.name = pax.path;
      entry.nameSource = 'pax';
    }
    entry.linkname = pax.linkpath ?? entry.linkname;
    entry.size = pax.size ?? entry.size;
    entry.mtime = pax.mtime ?? entry.mtime;
    entry.uid = pax.uid ?? entry.uid;
    entry.gid = pax.gid ?? entry.gid;
    entry.uname = pax.uname ?? entry.uname;
    entry.gname = pax.gname ?? entry.gname;
    if (this.globalParts.length > 0) entry.globalHeaderBytes = Buffer.concat(this.globalParts);
    this.group = [];
    this.groupBytes = 0;
    this.groupTypes = [];
    this.globalParts = [];
    this.local = undefined;
    this.longName = undefined;
    this.longLink = undefined;
    return entry;
  }

  private async finishData(): Promise<void> {
    const pending = this.handler.entryEnd();
    if (pending) await pending;
    const padding = paddedSize(this.contentSize) - this.contentSize;
    this.remaining = padding;
    this.state = padding > 0 ? 'padding' : 'header';
  }

}
