import { BackendError } from '../errors';
import type { UpstreamRequest } from '../upstream/client';
import { HttpSearchTransport } from './transport';

/** An upstream answering every request with one body and status. */
function answering(status: number, body: string) {
  return { request: async (_target: 'elasticsearch', _request: UpstreamRequest) => ({ status, headers: {}, body: Buffer.from(body) }) };
}

describe('HttpSearchTransport answers in an unknown shape', () => {
  it.each([
    ['an array', '[1,2,3]'],
    ['an object without responses', '{"took":1}'],
    ['responses that are not a list', '{"responses":{"a":1}}'],
  ])('_msearch answered with %s is the upstream’s fault (502 downstream), not the plugin’s', async (_, body) => {
    const transport = new HttpSearchTransport(answering(200, body));
    const error = await transport.msearch('idx', [{ size: 0 }, { size: 0 }]).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(BackendError);
    expect(error).toMatchObject({ status: 502, source: 'downstream' });
  });
});
