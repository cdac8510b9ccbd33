/**
 * The embedded baseline store of one datasource: one JSON file per baseline in a writable directory, plus
 * an optional read-only directory of provisioned baselines listed alongside. Writes are atomic and
 * serialised per id; a file that cannot be read or validated is listed as corrupt, never fatal.
 */
import { readdir, readFile, stat, access } from 'node:fs/promises';
import { constants as fsConstants } from 'node:fs';
import path from 'node:path';
import type { BaselineSummary } from '../../shared/resourceModel';
import type { BaselineDocument } from '../../drift/types';
import { BackendError } from '../errors';
import { errorMessage } from '../log';
import { makeDirectories, removeFileDurably, removeStaleTempFiles, writeFileAtomic } from './atomicFile';
import { baselineId, checkBaselineId } from '../../drift/baseline/baselineId';
import { BASELINE_FILE_SUFFIX, fileNameToId, idToFileName } from './ids';
import { KeyedQueue } from './keyedQueue';
import type { BaselineValidator } from './validation';

/** An error with the HTTP status the resource API answers with. */
export class StoreError extends BackendError {
  constructor(status: number, message: string, details: string[] = []) {
    super(status, message, 'plugin', details);
  }
}

type Loaded = { ok: true; baseline: BaselineDocument } | { ok: false; reason: string };

interface CachedFile {
  mtimeMs: number;
  size: number;
  loaded: Loaded;
}

export interface BaselineStoreOptions {
  directory: string;
  provisionedDirectory?: string;
  validate: BaselineValidator;
  /** Shared by every store of the same directory, so concurrent writes of one id are serialised. */
  queue: KeyedQueue;
}

export class BaselineStore {
  private readonly cache = new Map<string, CachedFile>();
  private prepared?: Promise<void>;

  constructor(private readonly options: BaselineStoreOptions) {}

  get directory(): string {
    return this.options.directory;
  }

  async list(): Promise<BaselineSummary[]> {
    const provisioned = await this.readDirectory(this.options.provisionedDirectory, true);
    const provisionedIds = new Set(provisioned.map((s) => s.id));
    const stored = (await this.readDirectory(this.options.directory, false)).filter((s) => !provisionedIds.has(s.id));
    return [...provisioned, ...stored].sort((a, b) => a.id.localeCompare(b.id));
  }

  /** The baseline, or undefined if there is none; a corrupt file is a 500 with the reason. */
  async get(typedId: string): Promise<BaselineDocument | undefined> {
    const id = this.canonicalId(typedId);
    const provisioned = await this.findProvisioned(id);
    const loaded = provisioned ?? (await this.loadFile(this.options.directory, idToFileName(id), true));
    if (!loaded) {
      return undefined;
    }
    if (!loaded.ok) {
      throw new StoreError(500, `baseline "${id}" is corrupt on disk: ${loaded.reason}`);
    }
    return loaded.baseline;
  }

  /** Validates and stores a document; `replaced` tells whether a baseline of that id existed. */
  async put(document: unknown): Promise<{ id: string; replaced: boolean }> {
    const validation = this.options.validate(document);
    if (!validation.ok) {
      throw new StoreError(400, 'invalid baseline document', validation.errors);
    }
    const { baseline } = validation;
    // The validator holds model and version to the id rule, so this is the id queries will name.
    const id = baselineId(baseline.model, baseline.version);
    if (await this.findProvisioned(id)) {
      throw new StoreError(409, `baseline "${id}" is provisioned (read-only) and cannot be overwritten`);
    }
    await this.prepare();
    const fileName = idToFileName(id);
    return this.options.queue.run(this.lockKey(id), async () => {
      const replaced = await exists(path.join(this.options.directory, fileName));
      await writeFileAtomic(this.options.directory, fileName, JSON.stringify(baseline));
      return { id, replaced };
    });
  }

  /** False if there was nothing to delete. */
  async delete(typedId: string): Promise<boolean> {
    const id = this.canonicalId(typedId);
    if (await this.findProvisioned(id)) {
      throw new StoreError(409, `baseline "${id}" is provisioned (read-only) and cannot be deleted`);
    }
    return this.options.queue.run(this.lockKey(id), () => removeFileDurably(this.options.directory, idToFileName(id)));
  }

  /** Throws unless the directory exists (or can be created) and a file can be written atomically in it. */
  async checkWritable(): Promise<void> {
    await this.prepare();
    await access(this.options.directory, fsConstants.W_OK);
  }

  private lockKey(id: string): string {
    return path.join(this.options.directory, idToFileName(id));
  }

  /** The id a typed one stands for (see `checkBaselineId`); a 400 for one that cannot name a baseline. */
  private canonicalId(typedId: string): string {
    const check = checkBaselineId(typedId);
    if (!check.ok) {
      throw new StoreError(400, check.error);
    }
    return check.id;
  }

  private prepare(): Promise<void> {
    this.prepared ??= (async () => {
      await makeDirectories(this.options.directory, 0o750);
      await removeStaleTempFiles(this.options.directory);
    })().catch((error: unknown) => {
      this.prepared = undefined;
      throw error;
    });
    return this.prepared;
  }

  private async findProvisioned(id: string): Promise<Loaded | undefined> {
    const directory = this.options.provisionedDirectory;
    if (!directory) {
      return undefined;
    }
    // Provisioned files are named by their authors, so match on the document's own model@version.
    for (const fileName of await listJsonFiles(directory)) {
      const loaded = await this.loadFile(directory, fileName, false);
      if (loaded?.ok && baselineId(loaded.baseline.model, loaded.baseline.version) === id) {
        return loaded;
      }
    }
    return undefined;
  }

  private async readDirectory(directory: string | undefined, provisioned: boolean): Promise<BaselineSummary[]> {
    if (!directory) {
      return [];
    }
    const summaries: BaselineSummary[] = [];
    for (const fileName of await listJsonFiles(directory)) {
      const idFromName = provisioned ? undefined : fileNameToId(fileName);
      if (!provisioned && idFromName === undefined) {
        continue;
      }
      const loaded = await this.loadFile(directory, fileName, !provisioned);
      if (loaded) {
        summaries.push(summarise(loaded, idFromName ?? fileName, provisioned));
      }
    }
    return summaries;
  }

  /** Reads and validates a file, cached by mtime and size; undefined if it does not exist. */
  private async loadFile(directory: string, fileName: string, checkNameMatchesId: boolean): Promise<Loaded | undefined> {
    const filePath = path.join(directory, fileName);
    let info;
    try {
      info = await stat(filePath);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
        return undefined;
      }
      return { ok: false, reason: errorMessage(error) };
    }
    const cached = this.cache.get(filePath);
    if (cached && cached.mtimeMs === info.mtimeMs && cached.size === info.size) {
      return cached.loaded;
    }
    const loaded = await this.parseFile(filePath, checkNameMatchesId ? fileNameToId(fileName) : undefined);
    this.cache.set(filePath, { mtimeMs: info.mtimeMs, size: info.size, loaded });
    return loaded;
  }

  private async parseFile(filePath: string, expectedId: string | undefined): Promise<Loaded> {
    let document: unknown;
    try {
      document = JSON.parse(await readFile(filePath, 'utf8'));
    } catch (error) {
      return { ok: false, reason: `cannot read JSON: ${errorMessage(error)}` };
    }
    const validation = this.options.validate(document);
    if (!validation.ok) {
      return { ok: false, reason: validation.errors.join('; ') };
    }
    const id = baselineId(validation.baseline.model, validation.baseline.version);
    if (expectedId !== undefined && id !== expectedId) {
      return { ok: false, reason: `file name says "${expectedId}" but the document is "${id}"` };
    }
    return { ok: true, baseline: validation.baseline };
  }
}

/** A file that cannot be used is listed with the reason; its model and version then come from its name, if they can. */
function summarise(loaded: Loaded, fallbackId: string, provisioned: boolean): BaselineSummary {
  if (loaded.ok) {
    const { baseline } = loaded;
    return {
      id: baselineId(baseline.model, baseline.version),
      model: baseline.model,
      version: baseline.version,
      features: baseline.features.map((f) => f.name),
      created: baseline.createdAt,
      provisioned,
    };
  }
  const check = checkBaselineId(fallbackId);
  return {
    id: fallbackId,
    model: check.ok ? check.model : '',
    version: check.ok ? check.version : '',
    features: [],
    created: '',
    provisioned,
    corrupt: loaded.reason,
  };
}

async function listJsonFiles(directory: string): Promise<string[]> {
  try {
    return (await readdir(directory)).filter((name) => name.endsWith(BASELINE_FILE_SUFFIX) && !name.startsWith('.')).sort();
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
      return [];
    }
    throw error;
  }
}

async function exists(filePath: string): Promise<boolean> {
  try {
    await stat(filePath);
    return true;
  } catch {
    return false;
  }
}
