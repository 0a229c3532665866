import zlib from 'node:zlib';

interface ZlibHandle {
  writeSync(flush: number, input: Buffer, inOff: number, inLen: number, out: Buffer, outOff: number, outLen: number): void;
  reset(): void;
}

/** Result of one inflate call. */
export interface InflateStep {
  consumed: number;
  produced: number;
  /** The call stopped at a deflate block boundary (input and output space were left). */
  atBoundary: boolean;
  /** The deflate stream is complete (nothing consumed or produced with input available). */
  ended: boolean;
}

/**
 * Raw inflate driven synchronously with zlib's Z_BLOCK flush, so that every call returns at
 * the next deflate block boundary. Node's public zlib API hides block boundaries; this uses the
 * binding's `writeSync` (what `zlib.inflateRawSync` itself calls) to get them, which is what
 * lets the appender re-encode only the last block instead of the whole archive.
 */
export class RawInflater {
  private readonly stream: zlib.InflateRaw;
  private readonly handle: ZlibHandle;
  private readonly state: Uint32Array;

  constructor() {
    this.stream = new zlib.InflateRaw();
    this.stream.on('error', () => undefined);
    const internals = this.stream as unknown as { _handle?: ZlibHandle; _writeState?: Uint32Array };
    if (!internals._handle || typeof internals._handle.writeSync !== 'function' || !internals._writeState) {
      throw new Error('this Node.js zlib binding has no writeSync; archive reading needs Node 20 or newer');
    }
    this.handle = internals._handle;
    this.state = internals._writeState;
  }

  /** Inflates from `input[inOff, inOff+inLen)` into `out[outOff, ...)`, stopping at a block boundary. */
  step(input: Buffer, inOff: number, inLen: number, out: Buffer, outOff: number): InflateStep {
    const outLen = out.length - outOff;
    this.handle.writeSync(zlib.constants.Z_BLOCK, input, inOff, inLen, out, outOff, outLen);
    const error = this.stream.errored;
    if (error) throw error;
    const availOut = this.state[0] as number;
    const availIn = this.state[1] as number;
    const consumed = inLen - availIn;
    const produced = outLen - availOut;
    const ended = consumed === 0 && produced === 0 && inLen > 0 && outLen > 0;
    return { consumed, produced, atBoundary: !ended && availIn > 0 && availOut > 0, ended };
  }

  /** Ready for the next gzip member. */
  reset(): void {
    this.handle.reset();
  }

  close(): void {
    this.stream.destroy();
  }
}
