/**
 * CheckHealth of the built executable: store writability, and which upstreams are configured and
 * reachable, against a real Prometheus. Credentials are checked with a recording HTTP stub (a mock,
 * named as such): Prometheus's own basic auth needs a bcrypt hash, which nothing here can make.
 */
import { execFileSync } from 'node:child_process';
import http from 'node:http';
import https from 'node:https';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { PluginHost } from '../harness/pluginHost';
import { freePort, prometheusAvailable, startPrometheus, type PromServer } from '../prometheus/promServer';

let dataDir: string;
let host: PluginHost;
let prometheus: PromServer | undefined;

beforeAll(async () => {
  dataDir = mkdtempSync(path.join(tmpdir(), 'mlops-health-'));
  host = await PluginHost.start({ dataDir });
  if (prometheusAvailable()) {
    prometheus = await startPrometheus();
  }
});

afterAll(async () => {
  await host.dispose();
  await prometheus?.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

interface Details {
  store: { directory: string; writable: boolean; baselines?: number };
  upstreams: Record<'prometheus' | 'elasticsearch', { configured: boolean; reachable?: boolean; detail: string }>;
}

/** Records what reached it and answers with a fixed status and a body that echoes the credentials. */
async function recordingStub(status: number): Promise<{ url: string; seen: http.IncomingHttpHeaders[]; close(): Promise<void> }> {
  const seen: http.IncomingHttpHeaders[] = [];
  const server = http.createServer((req, res) => {
    seen.push(req.headers);
    res.writeHead(status, { 'Content-Type': 'text/plain' });
    res.end(`denied for ${req.headers.authorization ?? 'nobody'}`);
  });
  const port = await freePort();
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${port}`, seen, close: () => new Promise((resolve) => server.close(() => resolve())) };
}

/** A real HTTPS server on 127.0.0.1 with a self-signed certificate made here by openssl (absent: the TLS test is skipped). */
function openSslAvailable(): boolean {
  try {
    execFileSync('openssl', ['version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

async function selfSignedHttpsServer(): Promise<{ url: string; caPem: string; close(): Promise<void> }> {
  const keyFile = path.join(dataDir, 'tls-key.pem');
  const certFile = path.join(dataDir, 'tls-cert.pem');
  execFileSync(
    'openssl',
    ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '1', '-subj', '/CN=127.0.0.1', '-addext', 'subjectAltName=IP:127.0.0.1',
      '-keyout', keyFile, '-out', certFile],
    { stdio: 'ignore' }
  );
  const caPem = readFileSync(certFile, 'utf8');
  const server = https.createServer({ key: readFileSync(keyFile), cert: caPem }, (_req, res) => {
    res.writeHead(200, { 'Content-Type': 'text/plain' });
    res.end('ready');
  });
  const port = await freePort();
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  return { url: `https://127.0.0.1:${port}`, caPem, close: () => new Promise((resolve) => server.close(() => resolve())) };
}

describe('CheckHealth', () => {
  it('is OK with a writable store and no upstream configured, and warns of a setting at the wrong level', async () => {
    // manageAlerts is Grafana's own key in every datasource: never named.
    const health = await host.checkHealth({ uid: 'plain', jsonData: { timeField: 'ts', manageAlerts: true } });
    expect(health.status).toBe('OK');
    expect(health.message).toMatch(/Baseline store writable \(0 baselines\)/);
    expect(health.message).toMatch(/Prometheus: not configured/);
    expect(health.message).toMatch(/Warning: ignored settings, not read by this datasource: jsonData\.timeField \(belongs at jsonData\.elasticsearch\.timeField\)$/);
    const details = health.details as unknown as Details;
    expect(details.store.directory).toBe(path.join(dataDir, 'plugins', 'mlops-drift-datasource', 'plain', 'baselines'));
    expect(details.upstreams.elasticsearch).toEqual({ configured: false, detail: 'not configured' });
  });

  (prometheusAvailable() ? it : it.skip)('reports a real Prometheus as reachable', async () => {
    const health = await host.checkHealth({ uid: 'prom', jsonData: { prometheusUrl: prometheus!.url } });
    expect(health.status).toBe('OK');
    const details = health.details as unknown as Details;
    expect(details.upstreams.prometheus).toEqual({ configured: true, reachable: true, detail: 'reachable (/-/ready answered 200)' });
  });

  it('is an ERROR when a configured upstream cannot be reached', async () => {
    const closedPort = await freePort();
    const health = await host.checkHealth({ uid: 'es', jsonData: { elasticsearchUrl: `http://127.0.0.1:${closedPort}` } });
    expect(health.status).toBe('ERROR');
    expect(health.message).toMatch(/Elasticsearch: not reachable: .*ECONNREFUSED/);
  });

  it('is an ERROR when the store directory cannot be created', async () => {
    const file = path.join(dataDir, 'a-file');
    writeFileSync(file, 'x');
    const health = await host.checkHealth({ uid: 'ro', jsonData: { baselineDirectory: path.join(file, 'store') } });
    expect(health.status).toBe('ERROR');
    expect(health.message).toMatch(/is not writable: .*ENOTDIR/);
  });

  it('answers at once for a store directory under /proc (which Node’s recursive mkdir spun on forever)', async () => {
    const health = await host.checkHealth({ uid: 'proc', jsonData: { baselineDirectory: '/proc/no-such-dir/baselines' } });
    expect(health.status).toBe('ERROR');
    expect(health.message).toMatch(/is not writable: .*ENOENT/);
    expect((await host.checkHealth({ uid: 'plain' })).status).toBe('OK');
  });

  it('sends the configured credentials and never echoes them', async () => {
    const stub = await recordingStub(401);
    try {
      const password = 'pa55-very-secret';
      const token = 'tok-very-secret';
      const basic = await host.checkHealth({
        uid: 'auth',
        jsonData: { prometheusUrl: stub.url, prometheusAuth: 'basic', prometheusUser: 'grafana' },
        secrets: { prometheusPassword: password },
      });
      expect(stub.seen[0].authorization).toBe(`Basic ${Buffer.from(`grafana:${password}`).toString('base64')}`);
      expect(basic.status).toBe('ERROR');
      expect(basic.message).toMatch(/authentication failed \(HTTP 401\)/);

      const stub500 = await recordingStub(500);
      try {
        const bearer = await host.checkHealth({
          uid: 'auth',
          jsonData: { elasticsearchUrl: stub500.url, elasticsearchAuth: 'apiKey' },
          secrets: { elasticsearchApiKey: token },
        });
        expect(stub500.seen[0].authorization).toBe(`ApiKey ${token}`);
        expect(bearer.status).toBe('ERROR');
      } finally {
        await stub500.close();
      }
      const everything = [basic.message, JSON.stringify(basic.details), ...host.stderrLines].join('\n');
      expect(everything).not.toContain(password);
      expect(everything).not.toContain(token);
      expect(everything).not.toContain(Buffer.from(`grafana:${password}`).toString('base64'));
    } finally {
      await stub.close();
    }
  });

  (openSslAvailable() ? it : it.skip)('applies the same TLS settings to Prometheus and Elasticsearch', async () => {
    const server = await selfSignedHttpsServer();
    try {
      for (const [target, keys] of [
        ['prometheus', { url: 'prometheusUrl', skip: 'prometheusTlsSkipVerify', ca: 'prometheusCaCert' }],
        ['elasticsearch', { url: 'elasticsearchUrl', skip: 'elasticsearchTlsSkipVerify', ca: 'elasticsearchCaCert' }],
      ] as const) {
        const untrusted = await host.checkHealth({ uid: `tls-none-${target}`, jsonData: { [keys.url]: server.url } });
        expect(untrusted.status).toBe('ERROR');
        expect((untrusted.details as unknown as Details).upstreams[target].detail).toMatch(/not reachable: .*self[- ]signed/i);

        const withCa = await host.checkHealth({
          uid: `tls-ca-${target}`,
          jsonData: { [keys.url]: server.url },
          secrets: { [keys.ca]: server.caPem },
        });
        expect(withCa.status).toBe('OK');
        expect((withCa.details as unknown as Details).upstreams[target].reachable).toBe(true);

        const skipped = await host.checkHealth({ uid: `tls-skip-${target}`, jsonData: { [keys.url]: server.url, [keys.skip]: true } });
        expect(skipped.status).toBe('OK');
        expect((skipped.details as unknown as Details).upstreams[target].reachable).toBe(true);
      }
      const caBody = server.caPem.split('\n')[1];
      expect(host.stderrLines.join('\n')).not.toContain(caBody);
    } finally {
      await server.close();
    }
  });
});
