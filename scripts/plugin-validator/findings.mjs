/**
 * What the official plugin validator (plugincheck2) may report about this plugin without failing CI: findings
 * that cannot apply to it and analyzers that need a network this machine does not reach. Everything else fails.
 */

/** The analyzers plugincheck2 v0.45.6 runs, by the names its `-analyzer` flag takes. */
export const ANALYZERS = [
  'archive',
  'archivename',
  'backendbinary',
  'backenddebug',
  'binarypermissions',
  'brokenlinks',
  'buildtools',
  'changelog',
  'sponsorshiplink',
  'checksum',
  'code-rules',
  'discoverability',
  'go-manifest',
  'go-sec',
  'govulncheck',
  'includesnested',
  'jargon',
  'jsMap',
  'legacybuilder',
  'legacyplatform',
  'license',
  'safelinks',
  'llmreview',
  'logos',
  'manifest',
  'metadata',
  'metadatapaths',
  'metadatavalid',
  'modulejs',
  'nestedmetadata',
  'org',
  'osv-scanner',
  'packagejson',
  'plugindocs',
  'pluginname',
  'provenance',
  'published-plugin',
  'reactcompat',
  'readme',
  'restrictivedep',
  'screenshots',
  'sdkusage',
  'signature',
  'sourcecode',
  'templatereadme',
  'trackingscripts',
  'typesuffix',
  'unsafesvg',
  'version',
  'virusscan',
  'circulardependencies',
  'codediff',
  'grafanadependency',
];

/** Findings that cannot apply to this plugin, matched by analyzer, rule name and title, each with why. */
export const CANNOT_APPLY = [
  {
    analyzer: 'backendbinary',
    name: 'backend-binary-not-linux-amd64',
    title: 'Missing linux/amd64 backend binary',
    reason:
      'the validator reads the target platform from Go build information; our linux/amd64 executable is a Node ' +
      'single-executable application, not a Go program',
  },
  {
    analyzer: 'sdkusage',
    name: 'go-mod-not-found',
    title: 'go.mod can not be found in your source code',
    reason: 'the backend is TypeScript on Node, built into a single executable; it has no go.mod',
  },
  {
    analyzer: 'buildtools',
    name: 'non-standard-frontend-build-tooling',
    title: 'non-standard frontend build tooling',
    reason:
      'the frontend builds with its own webpack config (webpack.config.mjs) into the layout create-plugin ' +
      'produces, not with create-plugin’s .config/ scaffold; a requirement of catalogue submission, which is out of scope',
  },
  {
    analyzer: 'manifest',
    name: 'unsigned-plugin',
    title: 'unsigned plugin',
    reason: 'the plugin is not signed (no MANIFEST.txt); it is installed with allow_loading_unsigned_plugins',
  },
  {
    analyzer: 'sponsorshiplink',
    name: 'sponsorshiplink',
    title: 'You can include a sponsorship link if you want users to support your work',
    reason: 'a recommendation; the project has no sponsorship page to link to',
  },
  {
    analyzer: 'llmreview',
    name: 'llm-review-skipped',
    title: 'LLM review skipped due to errors in backendbinary',
    reason: 'follows from the backendbinary finding above; an LLM review also needs an LLM provider API key',
  },
  {
    analyzer: 'codediff',
    name: 'code-diff-skipped',
    title: 'Code diff skipped due to errors in backendbinary',
    reason: 'follows from the backendbinary finding above; a code diff also needs an LLM provider API key',
  },
  {
    analyzer: 'reactcompat',
    name: 'react-19-issue',
    title: 'React 19 compatibility: skipped (react-detect failed)',
    reason: 'the analyzer runs `npx @grafana/react-detect`, which the npm registry here does not serve',
  },
];

/** Analyzers that fetch what this machine's network does not reach, with what they fetch. */
export const NEEDS_NETWORK = {
  legacyplatform: 'the Angular detection patterns from grafana.com',
  org: 'the organisation check from grafana.com',
  metadatavalid: "Grafana's plugin.json schema from raw.githubusercontent.com",
  metadatapaths: "Grafana's plugin.json schema from raw.githubusercontent.com",
  screenshots: "Grafana's plugin.json schema from raw.githubusercontent.com",
  llmreview: "Grafana's plugin.json schema from raw.githubusercontent.com (and an LLM API key)",
  codediff: "Grafana's plugin.json schema from raw.githubusercontent.com (and an LLM API key)",
};

/** The findings of one validator run, from the JSON it writes (`-jsonOutput`). */
export function findingsOf(results) {
  return Object.entries(results['plugin-validator'] ?? {}).flatMap(([analyzer, diagnostics]) =>
    diagnostics.map((d) => ({ analyzer, severity: d.Severity, title: d.Title, detail: d.Detail, name: d.Name })),
  );
}

/** Splits findings and analyzers that did not run into problems (fail CI) and notes (print only). */
export function judge({ findings, notRun }) {
  const problems = [];
  const notes = [];
  for (const finding of findings) {
    const known = CANNOT_APPLY.find(
      (c) => c.analyzer === finding.analyzer && c.name === finding.name && c.title === finding.title,
    );
    const line = `${finding.analyzer}/${finding.name} (${finding.severity}): ${finding.title}`;
    if (known) {
      notes.push(`cannot apply: ${line} — ${known.reason}`);
    } else {
      problems.push(`${line}\n    ${finding.detail}`);
    }
  }
  for (const [analyzer, failure] of notRun) {
    if (NEEDS_NETWORK[analyzer]) {
      notes.push(`not run here: ${analyzer} needs ${NEEDS_NETWORK[analyzer]}`);
    } else {
      problems.push(`${analyzer} could not run: ${failure}`);
    }
  }
  return { problems, notes };
}
