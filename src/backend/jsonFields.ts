/**
 * Type checks for JSON that reaches the backend from outside (query models, datasource settings): each known
 * field against its documented JSON type, with the path of every bad value, so a wrongly typed field is a 400
 * naming it instead of a TypeError where it is first used. Unknown fields are left alone: Grafana adds its own.
 */
export type FieldKind = 'string' | 'boolean' | 'number' | 'string list' | 'string map';

function jsonType(value: unknown): string {
  return value === null ? 'null' : Array.isArray(value) ? 'a list' : typeof value === 'object' ? 'an object' : `a ${typeof value}`;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/** What is wrong with one value (`path` names it), or undefined when it has the kind's type. */
function problemOf(path: string, kind: FieldKind, value: unknown): string | undefined {
  switch (kind) {
    case 'string list': {
      if (!Array.isArray(value)) {
        return `${path}: expected a list of strings, got ${jsonType(value)}`;
      }
      const bad = value.findIndex((item) => typeof item !== 'string');
      return bad < 0 ? undefined : `${path}[${bad}]: expected a string, got ${jsonType(value[bad])}`;
    }
    case 'string map': {
      if (!isPlainObject(value)) {
        return `${path}: expected an object of strings, got ${jsonType(value)}`;
      }
      const bad = Object.entries(value).find(([, item]) => item !== undefined && typeof item !== 'string');
      return bad ? `${path}.${bad[0]}: expected a string, got ${jsonType(bad[1])}` : undefined;
    }
    case 'number':
      return typeof value === 'number' && Number.isFinite(value) ? undefined : `${path}: expected a finite number, got ${jsonType(value)}`;
    default:
      return typeof value === kind ? undefined : `${path}: expected a ${kind}, got ${jsonType(value)}`;
  }
}

/**
 * Parses `bytes` as a JSON object (undefined for an empty body) and checks the fields named in `kinds`;
 * `describe` prefixes every path. Throws `makeError(message, problems)` on anything else.
 */
export function parseCheckedObject(
  bytes: Uint8Array | undefined,
  kinds: Readonly<Record<string, FieldKind>>,
  describe: string,
  makeError: (message: string, problems?: string[]) => Error
): Record<string, unknown> | undefined {
  if (!bytes || bytes.length === 0) {
    return undefined;
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(new TextDecoder().decode(bytes));
  } catch (error) {
    throw makeError(`${describe} is not valid JSON: ${error instanceof Error ? error.message : String(error)}`);
  }
  if (parsed === null) {
    return undefined;
  }
  if (!isPlainObject(parsed)) {
    throw makeError(`${describe} must be an object`);
  }
  const problems = Object.entries(kinds)
    .filter(([name]) => parsed[name] !== undefined && parsed[name] !== null)
    .map(([name, kind]) => problemOf(name, kind, parsed[name]))
    .filter((problem): problem is string => problem !== undefined);
  if (problems.length > 0) {
    throw makeError(`${describe} has fields of the wrong type`, problems);
  }
  return parsed;
}
