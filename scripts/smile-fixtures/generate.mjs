/**
 * Regenerates the Smile reference files in src/backend/upstream/__fixtures__/smile with Jackson (the encoder
 * Elasticsearch uses), so the decoder is tested against real Smile bytes, not against our own reading of the
 * specification. Needs a JDK and Debian's libjackson2-dataformat-smile (not needed to run the tests: the
 * output is committed):
 *   apt-get install -y default-jdk-headless libjackson2-dataformat-smile && node scripts/smile-fixtures/generate.mjs
 *
 * Writes, each Smile file beside the JSON text it encodes:
 *   numbers.json, numbers.smile, numbers-seven-bit.smile: floats, doubles, longs, big numbers, binary
 *   random-<n>.json, random-<n>.smile, random-<n>-shared-values.smile: seeded random documents (unicode and
 *     long names and strings, more distinct names than the 1024 Smile shares, nesting)
 *   response-<fixture>.smile: the response of every Elasticsearch fixture
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.join(here, '../..');
const out = path.join(root, 'src/backend/upstream/__fixtures__/smile');
const esFixtures = path.join(root, 'src/backend/elasticsearch/__fixtures__');
const classpath = ['/usr/share/java/jackson-core.jar', '/usr/share/java/jackson-dataformat-smile.jar'];
const work = mkdtempSync(path.join(os.tmpdir(), 'smile-fixtures-'));

execFileSync('javac', ['-d', work, '-cp', classpath.join(':'), path.join(here, 'SmileFixtures.java')], { stdio: 'inherit' });
const java = (...args) => execFileSync('java', ['-cp', [...classpath, work].join(':'), 'SmileFixtures', ...args], { stdio: 'inherit' });
mkdirSync(out, { recursive: true });

function convert(name, json, ...flags) {
  const input = path.join(work, `${name}.json`);
  writeFileSync(input, json);
  java('convert', input, path.join(out, `${name}.smile`), ...flags);
}

java('numbers', path.join(out, 'numbers.json'), path.join(out, 'numbers.smile'));
java('numbers', path.join(work, 'unused.json'), path.join(out, 'numbers-seven-bit.smile'), 'seven-bit-binary');

/** Deterministic pseudo-random numbers (mulberry32), so regenerating gives the same files. */
function generator(seed) {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const PIECES = ['a', 'doc_count', 'é', 'ß', '日本', '🙂', 'key', ' ', '"', '\\', '\n', 'x'.repeat(70), 'b12', '__proto__', 'Ω'];

function randomString(random, max) {
  let text = '';
  const parts = Math.floor(random() * max);
  for (let i = 0; i < parts; i++) {
    text += PIECES[Math.floor(random() * PIECES.length)];
  }
  return text;
}

function randomValue(random, depth) {
  const pick = random();
  if (depth > 5 || pick < 0.35) {
    const kind = Math.floor(random() * 7);
    return [
      () => null,
      () => random() < 0.5,
      () => Math.floor(random() * 64) - 32,
      () => Math.floor((random() - 0.5) * 2 ** 40),
      () => Number(((random() - 0.5) * 1e6).toPrecision(1 + Math.floor(random() * 16))),
      () => randomString(random, 6),
      () => randomString(random, 30),
    ][kind]();
  }
  if (pick < 0.6) {
    return Array.from({ length: Math.floor(random() * 6) }, () => randomValue(random, depth + 1));
  }
  const object = {};
  const members = Math.floor(random() * 8);
  for (let i = 0; i < members; i++) {
    object[random() < 0.7 ? `m${Math.floor(random() * 40)}` : randomString(random, 5)] = randomValue(random, depth + 1);
  }
  return object;
}

for (let n = 0; n < 4; n++) {
  const random = generator(1000 + n);
  const doc = { items: Array.from({ length: 12 }, () => randomValue(random, 0)) };
  if (n === 0) {
    // More distinct names than the shared-name table holds (1024), used again after it was emptied.
    doc.many = Object.fromEntries(Array.from({ length: 2600 }, (_, i) => [`n${i % 1300}_${Math.floor(i / 1300)}`, i]));
    doc.again = Object.fromEntries(Array.from({ length: 1100 }, (_, i) => [`n${i}_0`, i]));
    doc.values = Array.from({ length: 2200 }, (_, i) => `v${i % 1100}`);
  }
  const json = JSON.stringify(doc);
  writeFileSync(path.join(out, `random-${n}.json`), json);
  convert(`random-${n}`, json);
  convert(`random-${n}-shared-values`, json, 'shared-values');
}

for (const file of readdirSync(esFixtures).filter((f) => f.endsWith('.json') && f !== 'errors.json')) {
  const fixture = JSON.parse(readFileSync(path.join(esFixtures, file), 'utf8'));
  convert(`response-${path.basename(file, '.json')}`, JSON.stringify(fixture.response));
}
console.log(`wrote ${readdirSync(out).length} files to ${path.relative(root, out)}`);
