// Tests of what CI lets through from the plugin validator, on answers plugincheck2 v0.45.6 wrote for this plugin
// (recorded/, from runs without network: a whole run, the screenshots analyzer before the app had screenshots,
// and the React 19 analyzer where npm does not serve its helper). Run: node --test scripts/plugin-validator/
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { describe, it } from 'node:test';
import { findingsOf, judge } from './findings.mjs';

function recorded(name) {
  return findingsOf(JSON.parse(fs.readFileSync(new URL(`recorded/${name}.json`, import.meta.url), 'utf8')));
}

describe('plugin validator findings', () => {
  it('reads each diagnostic with its analyzer, rule name, severity and title', () => {
    assert.deepEqual(
      recorded('full-run-offline').map(({ analyzer, name, severity }) => [analyzer, name, severity]),
      [
        ['backendbinary', 'backend-binary-not-linux-amd64', 'error'],
        ['sponsorshiplink', 'sponsorshiplink', 'recommendation'],
      ],
    );
  });

  it('lets through only the findings listed as cannot apply, naming the reason', () => {
    const { problems, notes } = judge({
      findings: [...recorded('full-run-offline'), ...recorded('reactcompat-not-served')],
      notRun: new Map(),
    });
    assert.deepEqual(problems, []);
    assert.equal(notes.length, 3);
    assert.match(notes[0], /^cannot apply: backendbinary\/backend-binary-not-linux-amd64 \(error\).*not a Go program/);
  });

  it('fails on a finding that applies, with the validator’s own words', () => {
    const { problems } = judge({
      findings: [...recorded('full-run-offline'), ...recorded('screenshots-missing')],
      notRun: new Map(),
    });
    assert.equal(problems.length, 1);
    assert.match(problems[0], /^screenshots\/screenshots \(warning\): plugin.json: should include screenshots/);
    assert.match(problems[0], /Please add at least one screenshot/);
  });

  it('fails on a listed rule whose title says something else', () => {
    const [skipped] = recorded('reactcompat-not-served');
    const found = { ...skipped, title: 'React 19 compatibility: 2 issues found' };
    assert.equal(judge({ findings: [found], notRun: new Map() }).problems.length, 1);
  });

  it('tolerates only the analyzers known to need the network when they cannot run', () => {
    const failure =
      'Get "https://grafana.com/api/plugins/angular_patterns": dial tcp: lookup grafana.com: no such host';
    const { problems, notes } = judge({
      findings: [],
      notRun: new Map([
        ['legacyplatform', failure],
        ['logos', 'open img/logo.svg: no such file or directory'],
      ]),
    });
    assert.deepEqual(notes, ['not run here: legacyplatform needs the Angular detection patterns from grafana.com']);
    assert.deepEqual(problems, ['logos could not run: open img/logo.svg: no such file or directory']);
  });
});
