/**
 * The provisioned bindings of a datasource: every `*.json` file of its `provisionedBindingDirectory`, read-only
 * (bindings as code, like provisioned baselines). Files are re-read when their size or mtime changes; a file
 * that does not validate is listed with its problems and binds nothing, so a bad edit never changes how another
 * model is read, and the previous good state is what a fixed file goes back to.
 */
import { readdir, readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import type { BindingDocument } from '../../shared/bindingModel';
import type { BindingSummary } from '../../shared/resourceModel';
import { badRequest } from '../errors';
import { errorMessage } from '../log';
import { validateBinding } from './validate';

type Loaded = { ok: true; binding: BindingDocument } | { ok: false; errors: string[] };

interface CachedFile {
  mtimeMs: number;
  size: number;
  loaded: Loaded;
}

/** The key a binding is found by: its model, and its version or none. */
function scopeOf(binding: BindingDocument): string {
  return binding.version === undefined ? `${binding.model}@` : `${binding.model}@${binding.version}`;
}

export class BindingStore {
  private readonly cache = new Map<string, CachedFile>();

  constructor(readonly directory: string) {}

  /** Every file, valid or not, by file name. */
  async list(): Promise<BindingSummary[]> {
    const files = await this.loadAll();
    const owners = ownersByScope(files);
    return files.map(([file, loaded]): BindingSummary => {
      if (!loaded.ok) {
        return { file, model: '', sources: [], provisioned: true, invalid: loaded.errors };
      }
      const { binding } = loaded;
      const others = (owners.get(scopeOf(binding)) ?? []).filter((other) => other !== file);
      return {
        file,
        model: binding.model,
        ...(binding.version === undefined ? {} : { version: binding.version }),
        sources: (['prometheus', 'elasticsearch'] as const).filter((source) => binding[source] !== undefined),
        provisioned: true,
        binding,
        ...(others.length > 0 ? { invalid: [`binds the same model and version as ${others.join(', ')}`] } : {}),
      };
    });
  }

  /**
   * The binding of `model@version`: one for that version, else one for the model without a version; undefined
   * when there is none. Two files for the same scope are a 400 naming both, rather than a silent pick.
   */
  async find(model: string, version: string): Promise<BindingDocument | undefined> {
    const files = await this.loadAll();
    const owners = ownersByScope(files);
    for (const scope of [`${model}@${version}`, `${model}@`]) {
      const found = owners.get(scope);
      if (found && found.length > 1) {
        throw badRequest(`bindings ${found.join(' and ')} both bind ${scope.endsWith('@') ? `model "${model}"` : `"${scope}"`}; remove one`);
      }
      if (found) {
        const loaded = files.find(([file]) => file === found[0])![1];
        return loaded.ok ? loaded.binding : undefined;
      }
    }
    return undefined;
  }

  private async loadAll(): Promise<Array<[string, Loaded]>> {
    const names = await listJsonFiles(this.directory);
    return Promise.all(names.map(async (name): Promise<[string, Loaded]> => [name, await this.load(name)]));
  }

  private async load(fileName: string): Promise<Loaded> {
    const filePath = path.join(this.directory, fileName);
    try {
      const info = await stat(filePath);
      const cached = this.cache.get(filePath);
      if (cached && cached.mtimeMs === info.mtimeMs && cached.size === info.size) {
        return cached.loaded;
      }
      const loaded = parseBinding(await readFile(filePath, 'utf8'));
      this.cache.set(filePath, { mtimeMs: info.mtimeMs, size: info.size, loaded });
      return loaded;
    } catch (error) {
      return { ok: false, errors: [`cannot read the file: ${errorMessage(error)}`] };
    }
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
  return validation.ok ? { ok: true, binding: validation.binding } : { ok: false, errors: validation.errors };
}

/** Valid files per scope, in file-name order. */
function ownersByScope(files: ReadonlyArray<[string, Loaded]>): Map<string, string[]> {
  const owners = new Map<string, string[]>();
  for (const [file, loaded] of files) {
    if (loaded.ok) {
      const scope = scopeOf(loaded.binding);
      owners.set(scope, [...(owners.get(scope) ?? []), file]);
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
