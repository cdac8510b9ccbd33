/**
 * Every provisioned file must load in Grafana as it is: it parses, and everything it refers to (datasource uids,
 * panel plugin ids, query types, baselines, contact points) exists in this repository.
 */
import { readdirSync, readFileSync, existsSync, statSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { DASHBOARDS, dashboardFileName, renderDashboard } from './dashboards/generate';
import { KNOWN_QUERY_TYPES } from '../src/backend/queries/registry';
import { checkBaselineId } from '../src/drift/baseline/baselineId';
import { validateBaseline } from '../src/drift/baseline/validate';
import { validateBinding } from '../src/backend/bindings/validate';
import { MODEL_DASHBOARDS } from '../src/app/constants';
import type { DriftQuery } from '../src/shared/queryModel';
import { validateQuery } from '../src/datasource/validation';
import { segmentOptions, selectedSegment } from '../src/backend/queries/segments';
import { INDEX_MAPPING } from '../demo/model/elasticsearchSink';

const ROOT = path.join(__dirname, '..');
const PROVISIONING = __dirname;
/** Where docker-compose.yml mounts `provisioning/` inside the Grafana container. */
const GRAFANA_PROVISIONING_MOUNT = '/etc/grafana/provisioning';

type Json = Record<string, unknown>;

function filesUnder(directory: string): string[] {
  return readdirSync(directory).flatMap((name) => {
    const full = path.join(directory, name);
    return statSync(full).isDirectory() ? filesUnder(full) : [full];
  });
}

function readYaml(file: string): Json {
  return parse(readFileSync(file, 'utf8')) as Json;
}

function readJson(file: string): Json {
  return JSON.parse(readFileSync(file, 'utf8')) as Json;
}

function yamlFilesIn(folder: string): string[] {
  const directory = path.join(PROVISIONING, folder);
  return existsSync(directory)
    ? readdirSync(directory)
        .filter((n) => /\.ya?ml$/.test(n))
        .map((n) => path.join(directory, n))
    : [];
}

const datasources = yamlFilesIn('datasources').flatMap((file) => (readYaml(file).datasources as Json[]) ?? []);
const datasourceUids = new Set(datasources.map((d) => String(d.uid)));
const driftDatasource = datasources.find((d) => d.type === 'mlops-drift-datasource');

/** Our panels (read from their plugin.json) and the Grafana built-ins the dashboards may use. */
const ourPanelIds = readdirSync(path.join(ROOT, 'src', 'panels'))
  .map((name) => path.join(ROOT, 'src', 'panels', name, 'plugin.json'))
  .filter((file) => existsSync(file))
  .map((file) => String(readJson(file).id));
const BUILT_IN_PANELS = [
  'row',
  'timeseries',
  'stat',
  'gauge',
  'bargauge',
  'table',
  'text',
  'barchart',
  'piechart',
  'heatmap',
  'logs',
  'state-timeline',
];

/** Datasource references that are not provisioned datasources: expressions and Grafana's built-ins. */
const SPECIAL_DATASOURCE_UIDS = new Set(['__expr__', '-- Grafana --', '-- Mixed --', '-- Dashboard --']);

/** The committed baselines, by id. */
const baselineDirectory = path.join(PROVISIONING, 'baselines');
const baselineIds = new Set(
  readdirSync(baselineDirectory)
    .filter((name) => name.endsWith('.json'))
    .map((name) => {
      const doc = readJson(path.join(baselineDirectory, name));
      return `${String(doc.model)}@${String(doc.version)}`;
    })
);

function allPanels(panels: Json[]): Json[] {
  return panels.flatMap((panel) => [panel, ...allPanels((panel.panels as Json[]) ?? [])]);
}

/** Problems of one drift query model (dashboard target or alert rule query); empty when it is well formed. */
function driftQueryProblems(model: Partial<DriftQuery>, where: string): string[] {
  const problems: string[] = [];
  const queryType = model.queryType ?? 'drift';
  if (!(KNOWN_QUERY_TYPES as readonly string[]).includes(queryType)) {
    problems.push(`${where}: unknown queryType "${queryType}"`);
  }
  if (model.source !== undefined && model.source !== 'prometheus' && model.source !== 'elasticsearch') {
    problems.push(`${where}: unknown source "${model.source}"`);
  }
  if (queryType !== 'baseline' || model.baseline !== undefined) {
    const id = String(model.baseline ?? '');
    const templated = id.includes('$');
    if (!checkBaselineId(id).ok) {
      problems.push(`${where}: baseline "${id}" is not model@version`);
    } else if (!templated && !baselineIds.has(id)) {
      problems.push(`${where}: baseline "${id}" is not provisioned (${[...baselineIds].join(', ')})`);
    }
  }
  if (model.features !== undefined && !Array.isArray(model.features)) {
    problems.push(`${where}: features must be a list`);
  }
  try {
    segmentOptions(model);
    selectedSegment(model);
  } catch (error) {
    problems.push(`${where}: ${error instanceof Error ? error.message : String(error)}`);
  }
  // The frontend drops queries that fail its own validation (filterQuery), which would leave a panel empty.
  const frontendErrors = Object.values(validateQuery({ refId: 'A', ...model }));
  problems.push(...frontendErrors.map((error) => `${where}: ${error}`));
  return problems;
}

describe('provisioned files', () => {
  const files = filesUnder(PROVISIONING).filter((file) => /\.(ya?ml|json)$/.test(file));

  it.each(files.map((file) => [path.relative(ROOT, file), file]))('%s parses', (_, file) => {
    const parsed = file.endsWith('.json') ? readJson(file) : readYaml(file);
    expect(parsed).toEqual(expect.any(Object));
  });
});

describe('datasources', () => {
  it('provision the drift datasource with its stable uid, and Prometheus for the golden signals', () => {
    expect(driftDatasource?.uid).toBe('mlops-drift');
    expect(datasources.find((d) => d.uid === 'prometheus')?.type).toBe('prometheus');
    expect(datasourceUids.size).toBe(datasources.length);
  });

  it('point the drift datasource at the compose Prometheus and Elasticsearch and at the provisioned baselines', () => {
    const jsonData = driftDatasource?.jsonData as Json;
    expect(new URL(String(jsonData.prometheusUrl)).hostname).toBe('prometheus');
    expect(new URL(String(jsonData.elasticsearchUrl)).hostname).toBe('elasticsearch');
    expect(jsonData.provisionedBaselineDirectory).toBe(`${GRAFANA_PROVISIONING_MOUNT}/baselines`);
    expect(jsonData.provisionedBindingDirectory).toBe(`${GRAFANA_PROVISIONING_MOUNT}/bindings`);
  });
});

describe('baselines', () => {
  const names = readdirSync(baselineDirectory).filter((name) => name.endsWith('.json'));

  it('exist for the demo models', () => {
    expect([...baselineIds].sort()).toEqual(['churn@v1', 'churn@v2', 'spend@v1', 'upsell@v1']);
  });

  it.each(names)('%s is a valid baseline named after its id', (name) => {
    const validation = validateBaseline(readJson(path.join(baselineDirectory, name)));
    expect(validation.ok ? [] : validation.errors).toEqual([]);
    if (validation.ok) {
      expect(name).toBe(`${validation.baseline.model}@${validation.baseline.version}.json`);
    }
  });
});

describe('bindings', () => {
  const bindingDirectory = path.join(PROVISIONING, 'bindings');
  const names = readdirSync(bindingDirectory).filter((name) => name.endsWith('.json'));

  it('bind the output models, whose metrics carry no model label', () => {
    expect(names.sort()).toEqual(['spend.json', 'upsell.json']);
  });

  it.each(names)('%s is a valid binding of a provisioned baseline\'s model', (name) => {
    const validation = validateBinding(readJson(path.join(bindingDirectory, name)));
    expect(validation.ok ? [] : validation.errors).toEqual([]);
    if (validation.ok) {
      expect(name).toBe(`${validation.binding.model}.json`);
      expect([...baselineIds].some((id) => id.startsWith(`${validation.binding.model}@`))).toBe(true);
    }
  });
});

describe('app', () => {
  it('enables the app plugin', () => {
    const apps = yamlFilesIn('plugins').flatMap((file) => (readYaml(file).apps as Json[]) ?? []);
    const appId = readJson(path.join(ROOT, 'src', 'plugin.json')).id;
    expect(apps).toContainEqual(expect.objectContaining({ type: appId, disabled: false }));
  });
});

describe('dashboards', () => {
  const providers = yamlFilesIn('dashboards').flatMap((file) => (readYaml(file).providers as Json[]) ?? []);

  it('are read by a file provider from the mounted dashboards folder', () => {
    expect(providers).toHaveLength(1);
    expect((providers[0].options as Json).path).toBe(`${GRAFANA_PROVISIONING_MOUNT}/dashboards`);
  });

  it('have the stable uids the app links to', () => {
    const uids = readdirSync(path.join(PROVISIONING, 'dashboards'))
      .filter((name) => name.endsWith('.json'))
      .map((name) => readJson(path.join(PROVISIONING, 'dashboards', name)).uid);
    expect(uids.sort()).toEqual(['mlops-data-drift', 'mlops-model-outputs', 'mlops-model-overview', 'mlops-model-performance']);
    // The app links every model to these; the outputs dashboard shows the demo's output models by name.
    expect(MODEL_DASHBOARDS.map((d) => d.uid).every((uid) => uids.includes(uid))).toBe(true);
  });

  it.each(MODEL_DASHBOARDS.map((d) => d.uid))('%s, linked by the app per model, has model and version variables', (uid) => {
    const json = readJson(path.join(PROVISIONING, 'dashboards', `${uid}.json`));
    const names = ((json.templating as Json).list as Json[]).map((v) => v.name);
    expect(names).toEqual(expect.arrayContaining(['model', 'version']));
  });

  describe.each(DASHBOARDS.map((d) => [d.uid, d] as const))('%s', (_, dashboard) => {
    const file = path.join(PROVISIONING, 'dashboards', dashboardFileName(dashboard));
    const json = readJson(file);
    const panels = allPanels(json.panels as Json[]);

    it('is the committed output of generate.ts', () => {
      expect(readFileSync(file, 'utf8')).toBe(renderDashboard(dashboard));
    });


    it('uses only existing panel plugins', () => {
      const unknown = panels
        .map((p) => String(p.type))
        .filter((type) => !ourPanelIds.includes(type) && !BUILT_IN_PANELS.includes(type));
      expect(unknown).toEqual([]);
    });

    it('refers only to provisioned datasources', () => {
      const refs = [
        ...panels.flatMap((p) => [p.datasource, ...((p.targets as Json[]) ?? []).map((t) => t.datasource)]),
        ...((json.templating as Json).list as Json[]).map((v) => v.datasource),
      ].filter((ref): ref is Json => ref !== undefined && ref !== null);
      const unknown = refs
        .map((ref) => String(ref.uid))
        .filter((uid) => !datasourceUids.has(uid) && !SPECIAL_DATASOURCE_UIDS.has(uid));
      expect(unknown).toEqual([]);
    });

    it('sends well-formed queries to the drift datasource', () => {
      const targets = panels.flatMap((p) =>
        ((p.targets as Json[]) ?? []).map((t) => ({ panel: String(p.title), target: t }))
      );
      const drift = targets.filter(({ target }) => (target.datasource as Json | undefined)?.uid === 'mlops-drift');
      const problems = drift.flatMap(({ panel, target }) =>
        driftQueryProblems(target as Partial<DriftQuery>, `panel "${panel}"`)
      );
      expect(problems).toEqual([]);
    });

    it('gives every panel a unique id and a grid position', () => {
      const ids = panels.map((p) => p.id);
      expect(new Set(ids).size).toBe(ids.length);
      panels.forEach((p) =>
        expect(p.gridPos).toEqual({
          x: expect.any(Number),
          y: expect.any(Number),
          w: expect.any(Number),
          h: expect.any(Number),
        })
      );
    });
  });

  it('split drift by segment on a field the demo logs as a keyword (terms aggregations need one)', () => {
    const segmented = DASHBOARDS.flatMap((d) => allPanels(readJson(path.join(PROVISIONING, 'dashboards', dashboardFileName(d))).panels as Json[]))
      .flatMap((p) => (p.targets as Json[]) ?? [])
      .filter((t) => typeof t.segmentBy === 'string');
    // the Segments row: as lines and as a heatmap, one query, and one device's distribution
    expect(segmented.map((t) => [t.source, t.segmentBy, t.queryType])).toEqual([
      ['elasticsearch', 'features.device', 'drift'],
      ['elasticsearch', 'features.device', 'drift'],
      ['elasticsearch', 'features.device', 'distribution'],
    ]);
    const [, field] = String(segmented[0].segmentBy).split('.');
    expect(INDEX_MAPPING.mappings.properties.features.properties).toHaveProperty([field, 'type'], 'keyword');
  });

  it('show the segmented drift as a heatmap beside its lines, on the same query', () => {
    const panels = allPanels(readJson(path.join(PROVISIONING, 'dashboards', 'mlops-data-drift.json')).panels as Json[]);
    const [lines, heatmap] = ['Drift by device (prediction logs)', 'Drift heatmap by device (prediction logs)'].map((title) => panels.find((p) => p.title === title)!);
    expect(heatmap.type).toBe('mlops-driftheatmap-panel');
    expect(heatmap.targets).toEqual(lines.targets);
    expect(heatmap.gridPos).toMatchObject({ y: (lines.gridPos as Json).y, x: 12 });
  });

  it("lead from a cell of the segmented heatmap to that device's distribution of the feature in the cell's window", () => {
    const json = readJson(path.join(PROVISIONING, 'dashboards', 'mlops-data-drift.json'));
    const panels = allPanels(json.panels as Json[]);
    const heatmap = panels.find((p) => p.title === 'Drift heatmap by device (prediction logs)')!;
    const link = new URL(String((heatmap.options as Json).cellLink), 'http://grafana');
    expect(link.pathname).toBe(`/d/${json.uid}/`);
    // The heatmap fills ${model}, ${segment}, ${from}, … (URL-encoded) from the clicked cell.
    expect(Object.fromEntries(link.searchParams)).toMatchObject({
      'var-model': '${model}',
      'var-version': '${version}',
      'var-feature': '${feature}',
      'var-segment': '${segment}',
      from: '${from}',
      to: '${to}',
    });
    const shown = panels.find((p) => `panel-${p.id}` === link.searchParams.get('viewPanel'))!;
    expect(shown.type).toBe('mlops-distribution-panel');
    const [drift] = heatmap.targets as Json[];
    expect(shown.targets).toEqual([
      expect.objectContaining({ queryType: 'distribution', source: drift.source, baseline: drift.baseline, segmentBy: drift.segmentBy, segment: '$segment', features: ['$feature'] }),
    ]);
    const variables = (json.templating as Json).list as Json[];
    expect(variables.find((v) => v.name === 'segment')).toMatchObject({ type: 'textbox' });
  });

  it('place drift panels on every query type the datasource offers except baseline', () => {
    const used = new Set(
      DASHBOARDS.flatMap((d) =>
        allPanels(readJson(path.join(PROVISIONING, 'dashboards', dashboardFileName(d))).panels as Json[])
      )
        .flatMap((p) => (p.targets as Json[]) ?? [])
        .filter((t) => (t.datasource as Json | undefined)?.uid === 'mlops-drift')
        .map((t) => t.queryType)
    );
    expect([...used].sort()).toEqual(KNOWN_QUERY_TYPES.filter((t) => t !== 'baseline').sort());
  });
});

describe('alerting', () => {
  const contactPoints = yamlFilesIn('alerting').flatMap((file) => (readYaml(file).contactPoints as Json[]) ?? []);
  const policies = yamlFilesIn('alerting').flatMap((file) => (readYaml(file).policies as Json[]) ?? []);
  const groups = yamlFilesIn('alerting').flatMap((file) =>
    ((readYaml(file).groups as Json[]) ?? []).map((g) => ({ file, group: g }))
  );

  it('has a webhook contact point that reaches the demo model service', () => {
    const receivers = contactPoints.flatMap((c) => c.receivers as Json[]);
    const webhook = receivers.find((r) => r.type === 'webhook');
    const url = new URL(String((webhook?.settings as Json).url));
    expect(url.hostname).toBe('model');
    expect(url.pathname).toBe('/alerts');
  });

  it('routes notifications to a provisioned contact point', () => {
    const names = contactPoints.map((c) => c.name);
    expect(policies.length).toBeGreaterThan(0);
    policies.forEach((policy) => expect(names).toContain(policy.receiver));
  });

  it('files alert rules in the dashboards folder, so one folder holds everything of the app', () => {
    const dashboardFolders = yamlFilesIn('dashboards').flatMap((file) =>
      ((readYaml(file).providers as Json[]) ?? []).map((provider) => provider.folder)
    );
    groups.forEach(({ group }) => expect(dashboardFolders).toContain(group.folder));
  });

  it('alert rules refer to provisioned datasources and send well-formed drift queries', () => {
    const problems: string[] = [];
    for (const { file, group } of groups) {
      for (const rule of (group.rules as Json[]) ?? []) {
        for (const query of (rule.data as Json[]) ?? []) {
          const where = `${path.basename(file)} rule "${String(rule.title)}" ${String(query.refId)}`;
          const uid = String(query.datasourceUid);
          if (!datasourceUids.has(uid) && !SPECIAL_DATASOURCE_UIDS.has(uid)) {
            problems.push(`${where}: unknown datasource uid "${uid}"`);
          }
          if (uid === 'mlops-drift') {
            problems.push(...driftQueryProblems(query.model as Partial<DriftQuery>, where));
          }
        }
      }
    }
    expect(problems).toEqual([]);
  });
});
