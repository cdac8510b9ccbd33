/**
 * go-plugin start-up rules, kept pure so they can be tested without starting a process.
 * The host sets a magic cookie (so a user who runs the binary by hand gets an explanation) and the list
 * of app protocol versions it speaks; we speak version 2, the one Grafana uses.
 */
export const MAGIC_COOKIE_KEY = 'grafana_plugin_type';
export const MAGIC_COOKIE_VALUE = 'datasource';
export const CORE_PROTOCOL_VERSION = 1;
export const APP_PROTOCOL_VERSION = 2;

export type StartupCheck = { ok: true } | { ok: false; message: string };

export function checkStartup(env: Record<string, string | undefined>): StartupCheck {
  if (env[MAGIC_COOKIE_KEY] !== MAGIC_COOKIE_VALUE) {
    return {
      ok: false,
      message:
        'This binary is the backend of the mlops-drift-datasource Grafana plugin. It is not meant to be run by hand:\n' +
        'Grafana starts it when it loads the plugin.\n',
    };
  }
  const offered = env.PLUGIN_PROTOCOL_VERSIONS;
  // Like go-plugin, a host that sends no list is a legacy host and gets our version.
  if (offered !== undefined && offered !== '') {
    const versions = offered.split(',').map((v) => Number(v.trim()));
    if (!versions.includes(APP_PROTOCOL_VERSION)) {
      return {
        ok: false,
        message: `The plugin host offers protocol versions ${offered}; this plugin speaks version ${APP_PROTOCOL_VERSION}. Upgrade Grafana.\n`,
      };
    }
  }
  return { ok: true };
}

/** The one line the host reads from stdout: core version, app version, network, address, protocol. */
export function handshakeLine(port: number): string {
  return `${CORE_PROTOCOL_VERSION}|${APP_PROTOCOL_VERSION}|tcp|127.0.0.1:${port}|grpc\n`;
}
