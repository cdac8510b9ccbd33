/**
 * The provisioned bindings of a datasource: every `*.json` file of its `provisionedBindingDirectory`, read-only
 * (bindings as code, like provisioned baselines). Files are re-read when their size or mtime changes. A file that
 * does not validate loses nothing: the content it last had when it was valid (in this process) stays in use and it
 * is listed with its problems; a file that was never valid here makes queries of the model it names fail with
 * those problems, rather than fall back to the datasource mapping and find nothing without a word.
 */
import { readdir, readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import type { BindingDocument } from '../../shared/bindingModel';
import type { BindingSummary } from '../../shared/resourceModel';
import { badRequest } from '../errors';
import { errorMessage } from '../log';
import { validateBinding } from './validate';

/** What a file names, so that a broken file still claims its model. */
interface Scope {
  model: string;
  version?: string;
}

type Loaded =
  | { ok: true; binding: BindingDocument }
  | {
      ok: false;
      errors: string[];
      /** The model and version the file names, when it names them as strings. */
      claims?: Scope;
      /** The file's last valid content in this process, still in use. */
      lastGood?: BindingDocument;
    };

interface CachedFile {
  mtimeMs: number;
  size: number;
  loaded: Loaded;
}

/** The key a binding is found by: its model, and its version or none. */
function scopeKey(scope: Scope): string {
  return scope.version === undefined ? `${scope.model}@` : `${scope.model}@${scope.version}`;
}

/** The binding a file gives: its content, or the last valid one. */
function inUse(loaded: Loaded): BindingDocument | undefined {
  return loaded.ok ? loaded.binding : loaded.lastGood;
}

function scopeOf(loaded: Loaded): Scope | undefined {
  return inUse(loaded) ?? (loaded.ok ? undefined : loaded.claims);
}

export class BindingStore {
  private readonly cache = new Map<string, CachedFile>();

  constructor(readonly directory: string) {}

  /** Every file, valid or not, by file name. */
  async list(): Promise<BindingSummary[]> {
    const files = await this.loadAll();
    const owners = ownersByScope(files);
    return files.map(([file, loaded]): BindingSummary => {
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
        sources: (['prometheus', 'elasticsearch'] as const).filter((source) => binding?.[source] !== undefined),
        provisioned: true,
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
      const loaded = files.find(([file]) => file === found[0])![1];
      const binding = inUse(loaded);
      if (!binding) {
        throw badRequest(`the binding file ${found[0]} of ${what} is invalid`, loaded.ok ? [] : loaded.errors);
      }
      return binding;
    }
    return undefined;
  }

  private async loadAll(): Promise<Array<[string, Loaded]>> {
    const names = await listJsonFiles(this.directory);
    return Promise.all(names.map(async (name): Promise<[string, Loaded]> => [name, await this.load(name)]));
  }

  private async load(fileName: string): Promise<Loaded> {
    const filePath = path.join(this.directory, fileName);
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
function ownersByScope(files: ReadonlyArray<[string, Loaded]>): Map<string, string[]> {
  const owners = new Map<string, string[]>();
  for (const [file, loaded] of files) {
    const scope = scopeOf(loaded);
    if (scope) {
      const key = scopeKey(scope);
      owners.set(key, [...(owners.get(key) ?? []), file]);
    }
  }
  return owners;
}

async function listJsonFiles(directory: string): Promise<string[]> {
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
 * The store of the `provisionedBindingDirectory` setting (an absolute path, see `settings.ts`), or undefined when
 * it is empty. One plugin process serves every datasource, so stores (and their file caches) are shared by
 * directory.
 */
export function bindingStoreFor(directory: string | undefined): BindingStore | undefined {
  const trimmed = directory?.trim();
  if (!trimmed) {
    return undefined;
  }
  let store = stores.get(trimmed);
  if (!store) {
    store = new BindingStore(trimmed);
    stores.set(trimmed, store);
  }
  return store;
}
