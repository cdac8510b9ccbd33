import { encodedApiKeySecret, REDACTED, Redactor } from './redaction';

const settings = {
  jsonData: { prometheusUser: 'grafana', elasticsearchUser: 'elastic' },
  secrets: { prometheusPassword: 'pa"ss\\word/ü', prometheusToken: 'SECRET-TOKEN-42', elasticsearchApiKey: 'a2V5OnNlY3JldA==', prometheusCaCert: '-----BEGIN CERTIFICATE-----' },
};

describe('Redactor', () => {
  const redactor = new Redactor(settings);

  it.each([
    ['raw', 'Bearer SECRET-TOKEN-42 was refused'],
    ['JSON-escaped', JSON.stringify({ error: 'bad password pa"ss\\word/ü' })],
    ['URL-encoded', `GET /api?password=${encodeURIComponent('pa"ss\\word/ü')}`],
    ['basic auth', `Authorization: Basic ${Buffer.from('grafana:pa"ss\\word/ü').toString('base64')}`],
    ['an API key', 'ApiKey a2V5OnNlY3JldA== is not valid'],
    ["an API key's decoded secret", 'api key [key:secret] is not valid'],
  ])('removes a secret spelt %s, from text and from bytes', (_, text) => {
    const cleaned = redactor.text(text);
    expect(cleaned).toContain(REDACTED);
    for (const secret of ['SECRET-TOKEN-42', 'pa"ss\\word/ü', 'a2V5OnNlY3JldA==', 'secret']) {
      expect(cleaned).not.toContain(secret);
    }
    expect(redactor.bytes(Buffer.from(text)).toString()).toBe(cleaned);
  });

  it('leaves text without secrets alone, the same buffer included, and CA certificates readable', () => {
    const body = Buffer.from('{"status":"success","data":[]} -----BEGIN CERTIFICATE-----');
    expect(redactor.bytes(body)).toBe(body);
    expect(redactor.text('nothing to hide here')).toBe('nothing to hide here');
  });

  it('redacts before a message is cut, so no prefix survives', () => {
    const message = redactor.text(`upstream said: Bearer SECRET-TOKEN-42 ${'x'.repeat(500)}`).slice(0, 40);
    expect(message).not.toMatch(/SECRET/);
  });

  it("finds an API key's secret part only in a key that is base64 of id:api_key", () => {
    const secret = 'ui2l"p2\\axTNmsy/akw9ü';
    expect(encodedApiKeySecret(Buffer.from(`VuaCfGcBCdbkQm-e5aOx:${secret}`).toString('base64'))).toBe(secret);
    expect(encodedApiKeySecret(Buffer.from('VuaCfGcBCdbkQm-e5aOx:key').toString('base64').replace(/=+$/, ''))).toBe('key');
    expect(encodedApiKeySecret('not base64: a raw key')).toBeUndefined();
    expect(encodedApiKeySecret(Buffer.from('no colon in it').toString('base64'))).toBeUndefined();
    expect(encodedApiKeySecret(Buffer.from('id:').toString('base64'))).toBeUndefined();
    expect(encodedApiKeySecret(Buffer.from([0xff, 0x3a, 0xfe, 0x41]).toString('base64'))).toBeUndefined();
    expect(encodedApiKeySecret('')).toBeUndefined();
  });

  it('redacts nothing when no secret is configured', () => {
    expect(new Redactor({ jsonData: {}, secrets: {} }).text('Basic Og==')).toBe('Basic Og==');
  });
});
