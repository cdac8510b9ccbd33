/**
 * Crash-safe file replacement: write a temp file in the same directory, fsync it, rename it over the
 * target, fsync the directory. A reader (or a restart after SIGKILL) sees the old file or the new one,
 * never a partial one. Temp names start with a dot so listings skip them.
 */
import { randomBytes } from 'node:crypto';
import { mkdir, open, readdir, rename, rm, stat, unlink } from 'node:fs/promises';
import path from 'node:path';

export const TEMP_SUFFIX = '.tmp';
/** Hidden spool files of baseline builds: `.upload.<pid>.<random>.<ext>`. */
export const UPLOAD_SPOOL_PREFIX = '.upload.';

async function fsyncDirectory(directory: string): Promise<void> {
  const handle = await open(directory, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

export async function writeFileAtomic(directory: string, fileName: string, data: string | Uint8Array): Promise<void> {
  const tempPath = path.join(directory, `.${fileName}.${process.pid}.${randomBytes(6).toString('hex')}${TEMP_SUFFIX}`);
  const handle = await open(tempPath, 'wx', 0o640);
  try {
    try {
      await handle.writeFile(data);
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(tempPath, path.join(directory, fileName));
  } catch (error) {
    await rm(tempPath, { force: true });
    throw error;
  }
  await fsyncDirectory(directory);
}

/** Removes a file durably; false if it did not exist. */
export async function removeFileDurably(directory: string, fileName: string): Promise<boolean> {
  try {
    await unlink(path.join(directory, fileName));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
      return false;
    }
    throw error;
  }
  await fsyncDirectory(directory);
  return true;
}

/** Temp and spool files left by a process that was killed mid-write (never this process's own). */
export async function removeStaleTempFiles(directory: string): Promise<number> {
  const ownMarker = `.${process.pid}.`;
  const stale = (await readdir(directory)).filter(
    (name) =>
      name.startsWith('.') &&
      (name.endsWith(TEMP_SUFFIX) || name.startsWith(UPLOAD_SPOOL_PREFIX)) &&
      !name.includes(ownMarker)
  );
  await Promise.all(stale.map((name) => rm(path.join(directory, name), { force: true })));
  return stale.length;
}

/**
 * `mkdir -p`, one level at a time. Node's own recursive mkdir retries for as long as the file system answers
 * ENOENT for a directory whose parent exists, which procfs does for every name: a store directory under
 * /proc spun a core forever and CheckHealth never answered. Here each missing level is made once and any
 * refusal is final.
 */
export async function makeDirectories(directory: string, mode: number): Promise<void> {
  const missing: string[] = [];
  let current = path.resolve(directory);
  for (;;) {
    try {
      await stat(current);
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT' || path.dirname(current) === current) {
        throw error;
      }
      missing.unshift(current);
      current = path.dirname(current);
    }
  }
  for (const level of missing) {
    try {
      await mkdir(level, { mode });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') {
        throw error;
      }
    }
  }
}
