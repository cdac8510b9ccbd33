/**
 * `docker compose` cannot run on our build machines, so the demo stack is checked structurally: the services
 * exist, images are pinned, the plugin and provisioning are mounted where Grafana looks, and every URL between
 * services names a service and port that exist.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';

const ROOT = path.join(__dirname, '..');

interface Service {
  image?: string;
  command?: string[] | string;
  environment?: Record<string, string>;
  volumes?: string[];
  ports?: string[];
  depends_on?: Record<string, { condition: string }>;
  mem_limit?: string;
  healthcheck?: { test: string[] };
}

const compose = parse(readFileSync(path.join(ROOT, 'docker-compose.yml'), 'utf8'), { merge: true }) as {
  services: Record<string, Service>;
  volumes: Record<string, unknown>;
};
const services = compose.services;
const appId = JSON.parse(readFileSync(path.join(ROOT, 'src', 'plugin.json'), 'utf8')).id as string;
const datasourceId = JSON.parse(readFileSync(path.join(ROOT, 'src', 'datasource', 'plugin.json'), 'utf8')).id as string;

function mountTarget(service: Service, source: string): string | undefined {
  return service.volumes?.map((v) => v.split(':')).find(([from]) => from === source)?.[1];
}

function commandText(service: Service): string {
  return Array.isArray(service.command) ? service.command.join(' ') : (service.command ?? '');
}

describe('docker-compose.yml', () => {
  it('has the demo services', () => {
    expect(Object.keys(services).sort()).toEqual([
      'elasticsearch',
      'grafana',
      'model',
      'plugin-build',
      'prometheus',
      'traffic',
    ]);
  });

  it.each(Object.keys(services))('%s uses a pinned image (a tag, never latest)', (name) => {
    const image = services[name].image ?? '';
    const tag = image.split('/').pop()?.split(':')[1];
    expect(tag).toBeDefined();
    expect(tag).not.toMatch(/latest/);
  });

  it('runs a glibc (-ubuntu) Grafana 12 or 13 with the built plugin mounted as the app', () => {
    const grafana = services.grafana;
    expect(grafana.image).toMatch(/^grafana\/grafana(-enterprise)?:1[23]\.\d+\.\d+-ubuntu$/);
    expect(mountTarget(grafana, './dist')).toBe(`/var/lib/grafana/plugins/${appId}`);
    expect(mountTarget(grafana, './provisioning')).toBe('/etc/grafana/provisioning');
  });

  it('allows both unsigned plugin ids and documents the login', () => {
    const env = services.grafana.environment ?? {};
    expect(env.GF_PLUGINS_ALLOW_LOADING_UNSIGNED_PLUGINS.split(',').sort()).toEqual([appId, datasourceId].sort());
    expect(env.GF_AUTH_ANONYMOUS_ENABLED).toBe('true');
    expect(env.GF_AUTH_ANONYMOUS_ORG_ROLE).toBe('Viewer');
    expect(env.GF_SECURITY_ADMIN_USER).toBe('admin');
  });

  it('builds the plugin before Grafana and the Node services start', () => {
    expect(commandText(services['plugin-build'])).toMatch(/npm ci.*&& npm run build/);
    expect(services['plugin-build'].image).toMatch(/^node:(20|22)[.\d]*-bookworm/);
    for (const name of ['grafana', 'model']) {
      expect(services[name].depends_on?.['plugin-build']).toEqual({ condition: 'service_completed_successfully' });
    }
    // The traffic generator waits for a healthy model, which itself waits for the build.
    expect(services.traffic.depends_on?.model).toEqual({ condition: 'service_healthy' });
    expect(services.model.healthcheck).toBeDefined();
  });

  it('runs the demo model and traffic generator from the mounted repository', () => {
    for (const name of ['model', 'traffic']) {
      const service = services[name];
      expect(mountTarget(service, '.')).toBe('/repo');
      const entry = commandText(service)
        .split(' ')
        .find((part) => part.endsWith('.ts'));
      expect(entry).toBeDefined();
      expect(existsSync(path.join(ROOT, entry!))).toBe(true);
    }
  });

  it('connects services by names and ports that exist', () => {
    const modelPort = services.model.environment?.PORT;
    const traffic = new URL(services.traffic.environment?.TARGET_URL ?? '');
    expect(traffic.hostname).toBe('model');
    expect(traffic.port).toBe(modelPort);
    const elasticsearch = new URL(services.model.environment?.ES_URL ?? '');
    expect(Object.keys(services)).toContain(elasticsearch.hostname);
    const baselines = services.model.environment?.BASELINE_DIR ?? '';
    expect(existsSync(path.join(ROOT, path.relative('/repo', baselines)))).toBe(true);
  });

  it('has Prometheus scrape the model with the mounted config', () => {
    const target = mountTarget(services.prometheus, './provisioning/prometheus/prometheus.yml');
    expect(target).toBe('/etc/prometheus/prometheus.yml');
    const config = parse(readFileSync(path.join(ROOT, 'provisioning', 'prometheus', 'prometheus.yml'), 'utf8')) as {
      scrape_configs: Array<{ static_configs: Array<{ targets: string[] }> }>;
    };
    const targets = config.scrape_configs.flatMap((c) => c.static_configs.flatMap((s) => s.targets));
    expect(targets).toContain(`model:${services.model.environment?.PORT}`);
  });

  it('runs Elasticsearch 8 as a single memory-limited node without security (demo only)', () => {
    const elasticsearch = services.elasticsearch;
    expect(elasticsearch.image).toMatch(/elasticsearch:8\.\d+\.\d+$/);
    expect(elasticsearch.environment?.['discovery.type']).toBe('single-node');
    expect(elasticsearch.environment?.['xpack.security.enabled']).toBe('false');
    expect(elasticsearch.environment?.ES_JAVA_OPTS).toMatch(/-Xmx\d+[mg]/);
    expect(elasticsearch.mem_limit).toBeDefined();
  });

  it('publishes each host port once', () => {
    const hostPorts = Object.values(services).flatMap((s) => (s.ports ?? []).map((p) => p.split(':')[0]));
    expect(new Set(hostPorts).size).toBe(hostPorts.length);
  });

  it('declares every named volume it uses', () => {
    const named = Object.values(services)
      .flatMap((s) => s.volumes ?? [])
      .map((v) => v.split(':')[0])
      .filter((source) => !source.startsWith('.') && !source.startsWith('/'));
    expect(named.filter((n) => !(n in compose.volumes))).toEqual([]);
  });
});
