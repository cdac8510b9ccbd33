/**
 * The names of binding files the app saves: `<model>.json` for a binding of the whole model and
 * `<model>@<version>.json` for one version, the names the README documents and provisioned files use. Model and
 * version are encoded (`encodeFileSegment`), so no name can leave the directory or start with a dot; a model never
 * contains `@` (`idPartProblem`), so the two forms cannot name the same file.
 */
import { encodeFileSegment } from '../store/ids';

const JSON_SUFFIX = '.json';

export interface BindingScope {
  model: string;
  version?: string;
}

export function bindingFileName(scope: BindingScope): string {
  const stem = scope.version === undefined ? scope.model : `${scope.model}@${scope.version}`;
  return `${encodeFileSegment(stem)}${JSON_SUFFIX}`;
}

/**
 * Where earlier builds saved a binding of the whole model (`churn@.json`). Users still have such files, so they
 * are read, listed and deletable as they are, and a new save of the same model replaces them.
 */
export function legacyModelWideFileName(model: string): string {
  return `${encodeFileSegment(model)}@${JSON_SUFFIX}`;
}

/**
 * The stored names a requested one may mean, most literal first: the name itself; the name encoded as the store
 * encodes (Grafana hands resource paths over decoded, so `churn@1%2E2.json` from the listing arrives as
 * `churn@1.2.json`); and for a name of the whole model, its legacy form. Only names that exist in the directory are
 * ever used, so no candidate can reach outside it.
 */
export function requestedFileNames(requested: string): string[] {
  if (!requested.endsWith(JSON_SUFFIX)) {
    return [requested];
  }
  const stem = requested.slice(0, -JSON_SUFFIX.length);
  const names = [requested, `${encodeFileSegment(stem)}${JSON_SUFFIX}`];
  const modelWide = names.filter((name) => !name.includes('@')).map((name) => `${name.slice(0, -JSON_SUFFIX.length)}@${JSON_SUFFIX}`);
  return [...new Set([...names, ...modelWide])];
}
