/**
 * Entry point of the single executable Grafana starts (`gpx_mlops_drift_linux_<arch>`). Stdout belongs to
 * the go-plugin handshake: exactly one line, then nothing, so every other output goes to stderr as JSON
 * log lines. Paths come from the executable's location and Grafana's environment, never the cwd.
 */
import * as grpc from '@grpc/grpc-js';
import path from 'node:path';
import { isSea } from 'node:sea';
import { validateBaseline } from '../drift/baseline/validate';
import { serviceDefinitions, loadProtocol } from './grpc/protocol';
import { PROTO_TEXTS } from './grpc/protoTexts';
import { createPluginServer } from './grpc/server';
import { checkStartup, handshakeLine } from './handshake';
import { createLogger, errorMessage, stderrSink } from './log';
import { DatasourceCaches } from './cache/completedStepCache';
import { BackendMetrics } from './metrics';
import { createQueryRegistry } from './queries/registry';
import { uploadBuilder } from './resources/buildFromUpload';
import { StoreRegistry } from './store/storeRegistry';
import { DatasourceLimits, LIVE_QUERY_SLOTS, UPSTREAM_REQUEST_SLOTS } from './concurrencyLimit';

const logger = createLogger(stderrSink);
const STOP_GRACE_MS = 300;

function routeStdoutToStderr(): (text: string) => void {
  const writeStdout = process.stdout.write.bind(process.stdout);
  const toStderr = (chunk: string | Uint8Array, ...rest: unknown[]): boolean => {
    const callback = rest.find((r): r is () => void => typeof r === 'function');
    return process.stderr.write(chunk, callback);
  };
  process.stdout.write = toStderr as typeof process.stdout.write;
  // Libraries that print with console.* must not corrupt the handshake channel: their lines become log lines.
  const asLog = (level: 'debug' | 'info' | 'warn' | 'error') => (...args: unknown[]) =>
    logger[level](args.map((a) => (typeof a === 'string' ? a : errorMessage(a))).join(' '));
  Object.assign(console, { log: asLog('info'), info: asLog('info'), debug: asLog('debug'), warn: asLog('warn'), error: asLog('error') });
  return (text) => writeStdout(text);
}

function executableDirectory(): string {
  return path.dirname(isSea() ? process.execPath : path.resolve(process.argv[1] ?? process.execPath));
}

function main(): void {
  const writeHandshake = routeStdoutToStderr();
  const startup = checkStartup(process.env);
  if (!startup.ok) {
    process.stderr.write(startup.message);
    process.exit(1);
  }

  const metrics = new BackendMetrics();
  const server = createPluginServer({
    services: serviceDefinitions(loadProtocol(PROTO_TEXTS)),
    registry: createQueryRegistry(),
    stores: new StoreRegistry(
      { grafanaDataPath: process.env.GF_PATHS_DATA || undefined, executableDirectory: executableDirectory() },
      validateBaseline
    ),
    liveQueryLimits: new DatasourceLimits(LIVE_QUERY_SLOTS),
    upstreamRequestLimits: new DatasourceLimits(UPSTREAM_REQUEST_SLOTS),
    caches: new DatasourceCaches(metrics),
    metrics,
    logger,
    baselineBuilder: (store) => uploadBuilder(store),
    onShutdown: () => stop('shutdown requested'),
  });

  let stopping = false;
  function stop(reason: string): void {
    if (stopping) {
      return;
    }
    stopping = true;
    logger.info('stopping', { reason });
    // Graceful first, so the answer to Shutdown reaches the host; go-plugin kills us after 2 s anyway.
    const exit = () => process.exit(0);
    server.tryShutdown(exit);
    setTimeout(exit, STOP_GRACE_MS);
  }

  // A terminal Ctrl-C reaches the whole process group; the host decides when the plugin stops.
  process.on('SIGINT', () => logger.debug('ignoring SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('uncaughtException', (error) => logger.error('uncaught exception', { error: errorMessage(error), stack: error.stack }));
  process.on('unhandledRejection', (reason) => logger.error('unhandled rejection', { error: errorMessage(reason) }));

  server.bindAsync('127.0.0.1:0', grpc.ServerCredentials.createInsecure(), (error, port) => {
    if (error) {
      logger.error('cannot listen on 127.0.0.1', { error: error.message });
      process.exit(1);
    }
    writeHandshake(handshakeLine(port));
    logger.info('plugin started', { port, node: process.version, pid: process.pid });
  });
}

main();
