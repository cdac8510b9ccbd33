/**
 * The panels' English message catalogues, `src/panels/<panel>/locales/en-US/<plugin id>.json`, from the
 * `t('key', 'default')` and `tText('key', 'default', …)` calls in each panel's sources and in the sources
 * the panels share. Grafana loads them for the languages each plugin.json lists; translators start from them.
 *
 *   npx tsx scripts/panel-locales.ts           rewrite the catalogues
 *   npx tsx scripts/panel-locales.ts --check   exit 1 when a catalogue is out of date
 */
import { readdirSync, readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import path from 'node:path';

export const PANELS_DIR = path.resolve(__dirname, '../src/panels');
const SHARED_DIR = path.join(PANELS_DIR, 'shared');
export const DEFAULT_LANGUAGE = 'en-US';

type Catalogue = { [key: string]: string | Catalogue };

const STRING = String.raw`'((?:[^'\\]|\\.)*)'|"((?:[^"\\]|\\.)*)"`;
const CALL = new RegExp(String.raw`\b(?:t|tText)\(\s*(?:${STRING})\s*,\s*(?:${STRING})`, 'g');

function unescape(text: string): string {
  return text.replace(/\\(.)/g, '$1');
}

/** The key and default text of every translated string in a source file. */
export function extractMessages(source: string): Array<[key: string, text: string]> {
  return Array.from(source.matchAll(CALL), (match) => [unescape(match[1] ?? match[2]), unescape(match[3] ?? match[4])]);
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) {
      return entry.name === 'locales' ? [] : sourceFiles(full);
    }
    return /\.tsx?$/.test(entry.name) && !/\.test\.tsx?$/.test(entry.name) ? [full] : [];
  });
}

/** Nested as i18next reads dotted keys; a key used twice must have the same text both times. */
export function buildCatalogue(messages: Array<[string, string]>): Catalogue {
  const catalogue: Catalogue = {};
  const seen = new Map<string, string>();
  for (const [key, text] of messages) {
    const previous = seen.get(key);
    if (previous !== undefined && previous !== text) {
      throw new Error(`key ${key} has two texts: "${previous}" and "${text}"`);
    }
    seen.set(key, text);
    const parts = key.split('.');
    let node = catalogue;
    for (const part of parts.slice(0, -1)) {
      const child = node[part] ?? {};
      if (typeof child === 'string') {
        throw new Error(`key ${key} nests under the message ${parts.slice(0, parts.indexOf(part) + 1).join('.')}`);
      }
      node = node[part] = child;
    }
    node[parts[parts.length - 1]] = text;
  }
  return sortCatalogue(catalogue);
}

function sortCatalogue(catalogue: Catalogue): Catalogue {
  return Object.fromEntries(
    Object.keys(catalogue)
      .sort()
      .map((key) => {
        const value = catalogue[key];
        return [key, typeof value === 'string' ? value : sortCatalogue(value)];
      })
  );
}

export interface PanelCatalogue {
  pluginId: string;
  file: string;
  json: string;
}

/** Every panel (a folder of src/panels with a plugin.json) with its catalogue as it should be on disk. */
export function panelCatalogues(): PanelCatalogue[] {
  const shared = sourceFiles(SHARED_DIR);
  return readdirSync(PANELS_DIR, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && entry.name !== 'shared')
    .map((entry) => {
      const dir = path.join(PANELS_DIR, entry.name);
      const pluginId: string = JSON.parse(readFileSync(path.join(dir, 'plugin.json'), 'utf8')).id;
      const messages = [...sourceFiles(dir), ...shared].flatMap((file) => extractMessages(readFileSync(file, 'utf8')));
      return {
        pluginId,
        file: path.join(dir, 'locales', DEFAULT_LANGUAGE, `${pluginId}.json`),
        json: `${JSON.stringify(buildCatalogue(messages), null, 2)}\n`,
      };
    });
}

function readOrEmpty(file: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return '';
  }
}

if (require.main === module) {
  const check = process.argv.includes('--check');
  let stale = 0;
  for (const { file, json } of panelCatalogues()) {
    if (readOrEmpty(file) === json) {
      continue;
    }
    if (check) {
      stale++;
      console.error(`out of date: ${path.relative(process.cwd(), file)} (run npx tsx scripts/panel-locales.ts)`);
    } else {
      mkdirSync(path.dirname(file), { recursive: true });
      writeFileSync(file, json);
      console.log(`wrote ${path.relative(process.cwd(), file)}`);
    }
  }
  process.exit(stale > 0 ? 1 : 0);
}
