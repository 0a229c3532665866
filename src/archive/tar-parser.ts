import { ArchiveError } from '../errors.js';
import { BLOCK, decodeHeaderBlock, decodePax, isZeroBlock, paddedSize, type TarHeaderBlock } from './tar-header.js';

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
}

/** What the parser calls; returning a promise pauses it (backpressure). */
export interface TarHandler {
  entry(entry: RawEntry): Promise<void> | void;
  /** Content bytes of the current entry, in order, without block padding. */
  data(chunk: Buffer): Promise<void> | void;
  /** The current entry's content is complete. */
  entryEnd(): Promise<void> | void;
}

const MAX_EXTENSION_BYTES = 1024 * 1024;
const EXTENSION_TYPES = new Set(['x', 'g', 'L', 'K']);

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
  private extType = '';
  private local = new Map<string, string>();
  private global = new Map<string, string>();
  private longName: string | undefined;
  private longLink: string | undefined;
  private current: string | undefined;
  private contentSize = 0;
  /** Offset of the end-of-archive marker once seen. */
  endOffset: number | undefined;

  constructor(private readonly handler: TarHandler) {}

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

  private async onHeader(block: Buffer, at: number): Promise<void> {
    if (isZeroBlock(block)) {
      if (this.group.length > 0) throw new ArchiveError(`extension header without a member at byte ${at}`);
      this.endOffset = at;
      this.state = 'end';
      return;
    }
    const header = decodeHeaderBlock(block, at);
    if (this.group.length === 0) this.groupStart = at;
    this.group.push(block);
    if (header.typeflag === 'g') this.globalParts.push(block);
    if (EXTENSION_TYPES.has(header.typeflag)) {
      if (header.size > MAX_EXTENSION_BYTES) {
        throw new ArchiveError(`extension header of ${header.size} bytes at byte ${at} (limit ${MAX_EXTENSION_BYTES})`);
      }
      this.extType = header.typeflag;
      this.need = paddedSize(header.size);
      this.remaining = header.size;
      this.state = this.need === 0 ? 'header' : 'extension';
      if (this.need === 0) this.need = BLOCK;
      return;
    }
    const entry = this.applyExtensions(header, at);
    this.current = entry.name;
    this.need = BLOCK;
    this.remaining = entry.typeflag === '0' || entry.typeflag === '7' ? entry.size : 0;
    this.contentSize = this.remaining;
    // Readers disagree on whether a link or folder with a size carries content: refuse it.
    if (this.remaining === 0 && entry.size > 0) {
      throw new ArchiveError(`non-file entry (type '${entry.typeflag}') declares ${entry.size} bytes of content`, entry.name);
    }
    const pending = this.handler.entry(entry);
    if (pending) await pending;
    if (this.remaining > 0) this.state = 'data';
    else await this.finishData();
  }

  private onExtension(data: Buffer, at: number): void {
    const body = data.subarray(0, this.remaining);
    this.group.push(data);
    if (this.extType === 'g') this.globalParts.push(data);
    if (this.extType === 'x') this.local = decodePax(body, at);
    else if (this.extType === 'g') {
      const pax = decodePax(body, at);
      for (const key of ['path', 'linkpath', 'size']) {
        if (pax.has(key)) throw new ArchiveError(`global pax header sets '${key}' (ambiguous for every member)`);
      }
      for (const [key, value] of pax) this.global.set(key, value);
    } else {
      const text = body.toString('utf8');
      const value = text.replace(/\0[\s\S]*$/, '');
      if (this.extType === 'L') this.longName = value;
      else this.longLink = value;
    }
    this.state = 'header';
    this.need = BLOCK;
  }

  private applyExtensions(header: TarHeaderBlock, at: number): RawEntry {
    const pax = new Map([...this.global, ...this.local]);
    const entry: RawEntry = {
      ...header,
      headerBytes: this.group.length === 1 ? (this.group[0] as Buffer) : Buffer.concat(this.group),
      headerOffset: this.groupStart,
      dataOffset: at + BLOCK,
    };
    if (this.longName !== undefined) entry.name = this.longName;
    if (this.longLink !== undefined) entry.linkname = this.longLink;
    const number = (key: string): number | undefined => {
      const value = pax.get(key);
      if (value === undefined) return undefined;
      const parsed = Number(value);
      if (!Number.isFinite(parsed) || parsed < 0) throw new ArchiveError(`pax ${key} is not a number: ${value}`, entry.name);
      return parsed;
    };
    entry.name = pax.get('path') ?? entry.name;
    entry.linkname = pax.get('linkpath') ?? entry.linkname;
    entry.size = number('size') ?? entry.size;
    entry.mtime = number('mtime') ?? entry.mtime;
    entry.uid = number('uid') ?? entry.uid;
    entry.gid = number('gid') ?? entry.gid;
    entry.uname = pax.get('uname') ?? entry.uname;
    entry.gname = pax.get('gname') ?? entry.gname;
    if (!Number.isSafeInteger(entry.size)) throw new ArchiveError(`invalid size ${entry.size}`, entry.name);
    if (this.globalParts.length > 0) entry.globalHeaderBytes = Buffer.concat(this.globalParts);
    this.group = [];
    this.globalParts = [];
    this.local = new Map();
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
