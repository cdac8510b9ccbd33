/**
 * The bindings of a datasource: every `*.json` file of its `provisionedBindingDirectory`, read-only (bindings as
 * code, like provisioned baselines), and those saved from the app into `bindings/` of its baseline directory
 * (written atomically, only after they validate, so a rejected save leaves the stored bindings as they were).
 * Files are re-read when their size or mtime changes. A provisioned file that stops validating loses nothing: the
 * content it last had when it was valid (in this process) stays in use and it is listed with its problems; a file
 * that was never valid here makes queries of the model it names fail with those problems, rather than fall back to
 * the datasource mapping and find nothing without a word.
 */
import { readdir, readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { boundSources, type BindingDocument } from '../../shared/bindingModel';
import type { BindingSummary } from '../../shared/resourceModel';
import { BackendError, badRequest } from '../errors';
import { errorMessage } from '../log';
import { makeDirectories, removeFileDurably, writeFileAtomic } from '../store/atomicFile';
import { bindingFileName, legacyModelWideFileName, requestedFileNames, type BindingScope } from './fileName';
import { validateBinding } from './validate';

type Loaded =
  | { ok: true; binding: BindingDocument }
  | {
      ok: false;
      errors: string[];
      /** The model and version the file names, when it names them as strings: a broken file still claims its model. */
      claims?: BindingScope;
      /** The file's last valid content in this process, still in use. */
      lastGood?: BindingDocument;
    };

interface CachedFile {
  mtimeMs: number;
  size: number;
  loaded: Loaded;
}

/** The key a binding is found by: its model, and its version or none. */
function scopeKey(scope: BindingScope): string {
  return scope.version === undefined ? `${scope.model}@` : `${scope.model}@${scope.version}`;
}

/** The binding a file gives: its content, or the last valid one. */
function inUse(loaded: Loaded): BindingDocument | undefined {
  return loaded.ok ? loaded.binding : loaded.lastGood;
}

function scopeOf(loaded: Loaded): BindingScope | undefined {
  return inUse(loaded) ?? (loaded.ok ? undefined : loaded.claims);
}

/** A file of one of the two directories, by name. */
interface BindingFile {
  name: string;
  provisioned: boolean;
}

export class BindingStore {
  private readonly cache = new Map<string, CachedFile>();

  constructor(
    /** Read-only; absent when `provisionedBindingDirectory` is empty. */
    readonly provisionedDirectory: string | undefined,
    /** Where the app saves bindings; absent: saving is not possible. */
    readonly writableDirectory?: string
  ) {}

  /** Every file, valid or not, provisioned ones first, by file name. */
  async list(): Promise<BindingSummary[]> {
    const files = await this.loadAll();
    const owners = ownersByScope(files);
    return files.map(([{ name: file, provisioned }, loaded]): BindingSummary => {
      const scope = scopeOf(loaded);
      const binding = inUse(loaded);
      const others = scope ? (owners.get(scopeKey(scope)) ?? []).filter((other) => other !== file) : [];
      const invalid = [
        ...(loaded.ok ? [] : loaded.errors),
        ...(!loaded.ok && loaded.lastGood ? ['the last valid content of this file stays in use until it is fixed'] : []),
        ...(others.length > 0 ? [`binds the same model and version as ${others.join(', ')}`] : []),
      ];
      return {
        file,
        model: scope?.model ?? '',
        ...(scope?.version === undefined ? {} : { version: scope.version }),
        sources: boundSources(binding),
        provisioned,
        ...(binding ? { binding } : {}),
        ...(invalid.length > 0 ? { invalid } : {}),
      };
    });
  }

  /**
   * The binding of `model@version`: one for that version, else one for the model without a version; undefined
   * when there is none. Two files for the same scope, or a file naming it that never validated, are a 400.
   */
  async find(model: string, version: string): Promise<BindingDocument | undefined> {
    const files = await this.loadAll();
    const owners = ownersByScope(files);
    for (const scope of [scopeKey({ model, version }), scopeKey({ model })]) {
      const found = owners.get(scope);
      if (!found) {
        continue;
      }
      const what = scope.endsWith('@') ? `model "${model}"` : `"${scope}"`;
      if (found.length > 1) {
        throw badRequest(`bindings ${found.join(' and ')} both bind ${what}; remove one`);
      }
      const loaded = files.find(([file]) => file.name === found[0])![1];
      const binding = inUse(loaded);
      if (!binding) {
        throw badRequest(`the binding file ${found[0]} of ${what} is invalid`, loaded.ok ? [] : loaded.errors);
      }
      return binding;
    }
    return undefined;
  }

  /**
   * Saves a binding from the app under the name of its scope; a document that does not validate is a 400 naming
   * each bad value, and a scope a provisioned file binds is a 409. Either way nothing is written.
   */
  async put(document: unknown): Promise<{ file: string; replaced: boolean }> {
    const directory = this.writableDirectory;
    if (!directory) {
      throw new BackendError(501, 'this datasource has no directory to save bindings in');
    }
    const validation = validateBinding(document);
    if (!validation.ok) {
      throw badRequest('invalid binding document', validation.errors);
    }
    const { binding } = validation;
    const scope = scopeKey(binding);
    const provisioned = (await this.loadAll()).filter(([file, loaded]) => file.provisioned && scopeOf(loaded) && scopeKey(scopeOf(loaded)!) === scope);
    if (provisioned.length > 0) {
      throw new BackendError(409, `${provisioned.map(([file]) => file.name).join(', ')} (provisioned, read-only) already binds ${scope.endsWith('@') ? `model "${binding.model}"` : `"${scope}"`}`);
    }
    const file = bindingFileName(binding);
    await makeDirectories(directory, 0o750);
    const existing = await listJsonFiles(directory);
    await writeFileAtomic(directory, file, JSON.stringify(binding, null, 2));
    // The same scope under its legacy name would bind the model twice (and fail its queries); the new file replaces it.
    const legacy = binding.version === undefined ? legacyModelWideFileName(binding.model) : undefined;
    const replacedLegacy = legacy !== undefined && existing.includes(legacy) && (await removeFileDurably(directory, legacy));
    return { file, replaced: existing.includes(file) || replacedLegacy };
  }

  /** The listed binding a file name means (`requestedFileNames`), provisioned first; undefined when none. */
  async get(file: string): Promise<BindingSummary | undefined> {
    const listed = await this.list();
    const candidates = requestedFileNames(file);
    return candidates.map((name) => listed.find((binding) => binding.file === name)).find((binding) => binding !== undefined);
  }

  /**
   * Deletes the saved binding a file name means (`requestedFileNames`) and answers its stored name; undefined when
   * there is none. Provisioned files cannot be deleted (409).
   */
  async delete(file: string): Promise<string | undefined> {
    const candidates = requestedFileNames(file);
    const provisioned = firstListed(candidates, await listJsonFiles(this.provisionedDirectory));
    if (provisioned !== undefined) {
      throw new BackendError(409, `binding ${provisioned} is provisioned (read-only) and cannot be deleted`);
    }
    const directory = this.writableDirectory;
    // Only names listed in the directory: nothing else in (or outside) it can be named.
    const saved = directory ? firstListed(candidates, await listJsonFiles(directory)) : undefined;
    return saved !== undefined && (await removeFileDurably(directory!, saved)) ? saved : undefined;
  }

  private async loadAll(): Promise<Array<[BindingFile, Loaded]>> {
    const files: BindingFile[] = [
      ...(await listJsonFiles(this.provisionedDirectory)).map((name) => ({ name, provisioned: true })),
      ...(await listJsonFiles(this.writableDirectory)).map((name) => ({ name, provisioned: false })),
    ];
    return Promise.all(files.map(async (file): Promise<[BindingFile, Loaded]> => [file, await this.load(file)]));
  }

  private async load(file: BindingFile): Promise<Loaded> {
    const filePath = path.join((file.provisioned ? this.provisionedDirectory : this.writableDirectory)!, file.name);
    const cached = this.cache.get(filePath);
    let loaded: Loaded;
    try {
      const info = await stat(filePath);
      if (cached && cached.mtimeMs === info.mtimeMs && cached.size === info.size) {
        return cached.loaded;
      }
      loaded = parseBinding(await readFile(filePath, 'utf8'));
      const lastGood = cached ? inUse(cached.loaded) : undefined;
      if (!loaded.ok && lastGood) {
        loaded = { ...loaded, lastGood };
      }
      this.cache.set(filePath, { mtimeMs: info.mtimeMs, size: info.size, loaded });
    } catch (error) {
      loaded = { ok: false, errors: [`cannot read the file: ${errorMessage(error)}`] };
    }
    return loaded;
  }
}

function parseBinding(text: string): Loaded {
  let document: unknown;
  try {
    document = JSON.parse(text);
  } catch (error) {
    return { ok: false, errors: [`not valid JSON: ${errorMessage(error)}`] };
  }
  const validation = validateBinding(document);
  if (validation.ok) {
    return { ok: true, binding: validation.binding };
  }
  const named = typeof document === 'object' && document !== null ? (document as Record<string, unknown>) : {};
  const claims =
    typeof named.model === 'string' ? { model: named.model, ...(typeof named.version === 'string' ? { version: named.version } : {}) } : undefined;
  return { ok: false, errors: validation.errors, ...(claims ? { claims } : {}) };
}

/** Files per scope they bind or claim, in file-name order. */
function ownersByScope(files: ReadonlyArray<[BindingFile, Loaded]>): Map<string, string[]> {
  const owners = new Map<string, string[]>();
  for (const [file, loaded] of files) {
    const scope = scopeOf(loaded);
    if (scope) {
      const key = scopeKey(scope);
      owners.set(key, [...(owners.get(key) ?? []), file.name]);
    }
  }
  return owners;
}

function firstListed(candidates: readonly string[], listed: readonly string[]): string | undefined {
  return candidates.find((name) => listed.includes(name));
}

async function listJsonFiles(directory: string | undefined): Promise<string[]> {
  if (!directory) {
    return [];
  }
  try {
    return (await readdir(directory)).filter((name) => name.endsWith('.json') && !name.startsWith('.')).sort();
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
      return [];
    }
    throw error;
  }
}

const stores = new Map<string, BindingStore>();

/**
 * The store of a datasource: its `provisionedBindingDirectory` setting (an absolute path, see `settings.ts`; may
 * be empty) and `bindings/` of its baseline directory, where the app saves. One plugin process serves every
 * datasource, so stores (and their file caches) are shared by directories.
 */
export function bindingStoreFor(provisionedDirectory: string | undefined, baselineDirectory?: string): BindingStore {
  const provisioned = provisionedDirectory?.trim() || undefined;
  // Without the baseline directory (a caller that only reads), the provisioned files alone.
  const writable = baselineDirectory === undefined ? undefined : path.join(baselineDirectory, BINDINGS_SUBDIRECTORY);
  const key = `${provisioned ?? ''}\u0000${writable ?? ''}`;
  let store = stores.get(key);
  if (!store) {
    store = new BindingStore(provisioned, writable);
    stores.set(key, store);
  }
  return store;
}

/** Below the baseline directory; a folder is never listed as a baseline (those are `*.json` files). */
export const BINDINGS_SUBDIRECTORY = 'bindings';
