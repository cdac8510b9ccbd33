import { REDACTED, Redactor } from './redaction';

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
  ])('removes a secret spelt %s, from text and from bytes', (_, text) => {
    const cleaned = redactor.text(text);
    expect(cleaned).toContain(REDACTED);
    for (const secret of ['SECRET-TOKEN-42', 'pa"ss\\word/ü', 'a2V5OnNlY3JldA==']) {
      expect(cleaned).not.toContain(secret);
    }
    expect(redactor.bytes(Buffer.from(text)).toString()).toBe(cleaned);
  });

  it('leaves text without secrets alone, the same buffer included, and CA certificates readable', () => {
    const body = Buffer.from('{"status":"success","data":[]} -----BEGIN CERTIFICATE-----');
    expect(redactor.bytes(body)).toBe(body);
    expect(redactor.text('no secret here')).toBe('no secret here');
  });

  it('redacts before a message is cut, so no prefix survives', () => {
    const message = redactor.text(`upstream said: Bearer SECRET-TOKEN-42 ${'x'.repeat(500)}`).slice(0, 40);
    expect(message).not.toMatch(/SECRET/);
  });

  it('redacts nothing when no secret is configured', () => {
    expect(new Redactor({ jsonData: {}, secrets: {} }).text('Basic Og==')).toBe('Basic Og==');
  });
});
