/**
 * Rows of doubles spooled to a temporary file, so that pass 2 of a baseline build can read back the numbers pass 1
 * parsed (8 bytes a value, no parsing) instead of the text. Memory stays one block whatever the row count; the
 * disk holds about as much as the input file.
 *
 * The spool is an optimisation only: when the temporary file cannot be made or written (no space, read-only
 * tmpdir) it turns itself off and the caller reads the text again. The file is unlinked as soon as it is open
 * (POSIX keeps it until the descriptor closes), so nothing is left behind even if the process is killed; where
 * that is refused (Windows) it is removed on close.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

const BLOCK_BYTES = 1 << 20;

export class NumberSpool {
  private readonly block: Float64Array;
  private filled = 0;
  private written = 0;
  private rows = 0;
  private failed = false;
  private closed = false;

  private constructor(
    private readonly fd: number,
    private readonly file: string | undefined,
    private readonly width: number
  ) {
    // Whole rows per block, so that a row never straddles two reads.
    const rowsPerBlock = Math.max(1, Math.floor(BLOCK_BYTES / 8 / Math.max(1, width)));
    this.block = new Float64Array(rowsPerBlock * Math.max(1, width));
  }

  /** A spool for rows of `width` numbers, or undefined when no temporary file can be made. */
  static open(width: number): NumberSpool | undefined {
    let dir: string | undefined;
    try {
      dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mldrift-'));
      const file = path.join(dir, 'numbers.f64');
      const fd = fs.openSync(file, 'w+', 0o600);
      const kept = unlinkNow(file, dir) ? undefined : file;
      return new NumberSpool(fd, kept, width);
    } catch {
      if (dir !== undefined) {
        fs.rmSync(dir, { recursive: true, force: true });
      }
      return undefined;
    }
  }

  /** Whether every appended row is in the file (false after a write failure). */
  get usable(): boolean {
    return !this.failed && !this.closed;
  }

  append(row: Float64Array): void {
    if (this.failed || row.length !== this.width) {
      this.failed = true;
      return;
    }
    if (this.filled + this.width > this.block.length) {
      this.flush();
    }
    this.block.set(row, this.filled);
    this.filled += this.width;
    this.rows++;
  }

  /**
   * Replays every row in order, a block of whole rows at a time (`rows` rows of `width` numbers at the start of
   * `block`, which is reused between calls). False if the spool failed or a read did: then the rows replayed so
   * far are to be discarded.
   */
  async replay(onRows: (block: Float64Array, rows: number) => void, onBytes?: (bytes: number) => void): Promise<boolean> {
    this.flush();
    if (this.failed) {
      return false;
    }
    const bytes = new Uint8Array(this.block.buffer, this.block.byteOffset, this.block.byteLength);
    let position = 0;
    let remaining = this.rows;
    while (remaining > 0) {
      const rows = Math.min(remaining, this.block.length / Math.max(1, this.width));
      const length = rows * this.width * 8;
      if ((await readFully(this.fd, bytes, length, position)) !== length) {
        return false;
      }
      position += length;
      onRows(this.block, rows);
      remaining -= rows;
      onBytes?.(length);
    }
    return true;
  }

  close(): void {
    if (this.closed) {
      return;
    }
    this.closed = true;
    fs.closeSync(this.fd);
    if (this.file !== undefined) {
      fs.rmSync(path.dirname(this.file), { recursive: true, force: true });
    }
  }

  private flush(): void {
    if (this.failed || this.filled === 0) {
      this.filled = 0;
      return;
    }
    try {
      const bytes = new Uint8Array(this.block.buffer, this.block.byteOffset, this.filled * 8);
      let done = 0;
      while (done < bytes.length) {
        done += fs.writeSync(this.fd, bytes, done, bytes.length - done, this.written + done);
      }
      this.written += bytes.length;
    } catch {
      this.failed = true;
    }
    this.filled = 0;
  }
}

/** Removes the file (and its directory) while it stays open; false where the platform refuses. */
function unlinkNow(file: string, dir: string): boolean {
  try {
    fs.unlinkSync(file);
    fs.rmdirSync(dir);
    return true;
  } catch {
    return false;
  }
}

/** Bytes read at `position` until `length` or the end of the file; -1 on a read error. */
function readFully(fd: number, into: Uint8Array, length: number, position: number): Promise<number> {
  return new Promise((resolve) => {
    let done = 0;
    const next = (): void => {
      fs.read(fd, into, done, length - done, position + done, (error, read) => {
        if (error) {
          resolve(-1);
        } else if (read === 0 || done + read >= length) {
          resolve(done + read);
        } else {
          done += read;
          next();
        }
      });
    };
    next();
  });
}
