/**
 * Waiting for stdout and stderr to be written out before the process exits. `process.exit`
 * does not wait for a pipe: a 10 MB problem list would be cut at the pipe's 64 KiB buffer.
 * A write's callback runs once it and everything queued before it reached the pipe.
 */
export function drain(stream: NodeJS.WriteStream): Promise<void> {
  return new Promise((resolve) => {
    if (stream.destroyed || stream.writableEnded || stream.writableLength === 0) {
      resolve();
      return;
    }
    stream.write('', () => resolve());
  });
}

/** A reader that went away (`sagewire … | head`) is not an error of ours: stop writing, exit as planned. */
export function ignoreBrokenPipes(stream: NodeJS.WriteStream): void {
  stream.on('error', (err: NodeJS.ErrnoException) => {
    if (err.code === 'EPIPE') {
      stream.destroy();
      return;
    }
    throw err;
  });
}
