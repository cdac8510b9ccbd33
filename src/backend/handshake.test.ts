import { checkStartup, handshakeLine } from './handshake';

describe('go-plugin start-up', () => {
  it('needs the magic cookie', () => {
    expect(checkStartup({}).ok).toBe(false);
    expect(checkStartup({ grafana_plugin_type: 'app' }).ok).toBe(false);
    expect(checkStartup({ grafana_plugin_type: 'datasource' })).toEqual({ ok: true });
  });

  it('needs protocol version 2 among the offered ones, when the host offers a list', () => {
    const env = (versions: string) => ({ grafana_plugin_type: 'datasource', PLUGIN_PROTOCOL_VERSIONS: versions });
    expect(checkStartup(env('2')).ok).toBe(true);
    expect(checkStartup(env('1,2,3')).ok).toBe(true);
    expect(checkStartup(env('1, 2')).ok).toBe(true);
    expect(checkStartup(env('1,3')).ok).toBe(false);
    expect(checkStartup(env('x')).ok).toBe(false);
  });

  it('writes the five-field handshake line', () => {
    expect(handshakeLine(4321)).toBe('1|2|tcp|127.0.0.1:4321|grpc\n');
  });
});
