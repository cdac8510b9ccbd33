/**
 * Keeps the datasource's secrets out of everything the backend says, logs or stores. An upstream, or a proxy in
 * front of it, may echo the Authorization header in an error body, a warning or a shard-failure reason, and not
 * always as configured: basic auth travels as base64 of `user:password`, a JSON body escapes `"` and `\`, a
 * URL percent-encodes. Each secret is searched for in every one of those spellings. An Elasticsearch API key is
 * base64 of `id:api_key`, and an echo that decodes the header shows its `api_key`, which authenticates as well.
 */
import type { DriftSecureJsonData } from '../shared/settingsModel';
import type { DatasourceSettings } from './settings';

export const REDACTED = '[redacted]';

/** Secrets that authenticate (CA certificates are public and stay readable). */
const CREDENTIAL_KEYS: ReadonlyArray<keyof DriftSecureJsonData> = ['prometheusPassword', 'prometheusToken', 'elasticsearchPassword', 'elasticsearchApiKey'];
const BASIC_AUTH_PAIRS = [
  ['prometheusUser', 'prometheusPassword'],
  ['elasticsearchUser', 'elasticsearchPassword'],
] as const;

function base64(text: string): string {
  return Buffer.from(text, 'utf8').toString('base64');
}

/**
 * Every spelling of a secret that text derived from it may contain (base64 only as basic auth's `user:password`,
 * below). Each spelling costs one search of every answer (about 6 ms per 14 MiB), so spellings that coincide, as
 * they do for a secret of letters and digits, are searched for once.
 */
function spellings(secret: string): string[] {
  return [secret, JSON.stringify(secret).slice(1, -1), encodeURIComponent(secret)];
}

/**
 * The `api_key` part of an Elasticsearch API key given encoded (base64 of `id:api_key`, as Elasticsearch hands
 * keys out); undefined for a key in another form. Only a key that really is base64 counts: it encodes back to
 * itself (padding aside) and decodes to text.
 */
export function encodedApiKeySecret(apiKey: string): string | undefined {
  const decoded = Buffer.from(apiKey, 'base64').toString('utf8');
  const unpadded = (text: string) => text.replace(/=+$/, '');
  if (unpadded(base64(decoded)) !== unpadded(apiKey) || decoded.includes('\uFFFD')) {
    return undefined;
  }
  const colon = decoded.indexOf(':');
  return colon > 0 && colon < decoded.length - 1 ? decoded.slice(colon + 1) : undefined;
}

export class Redactor {
  /** Longest first, so a spelling that contains another is replaced whole. */
  private readonly variants: string[];
  private readonly variantBytes: Buffer[];

  constructor(settings: Pick<DatasourceSettings, 'jsonData' | 'secrets'>) {
    const found = new Set<string>();
    for (const key of CREDENTIAL_KEYS) {
      const secret = settings.secrets[key];
      if (secret) {
        spellings(secret).forEach((spelling) => found.add(spelling));
      }
    }
    const apiKeySecret = encodedApiKeySecret(settings.secrets.elasticsearchApiKey ?? '');
    if (apiKeySecret !== undefined) {
      spellings(apiKeySecret).forEach((spelling) => found.add(spelling));
    }
    for (const [userKey, passwordKey] of BASIC_AUTH_PAIRS) {
      const password = settings.secrets[passwordKey];
      if (password) {
        found.add(base64(`${settings.jsonData[userKey] ?? ''}:${password}`));
      }
    }
    this.variants = [...found].filter((variant) => variant.length > 0).sort((a, b) => b.length - a.length);
    this.variantBytes = this.variants.map((variant) => Buffer.from(variant, 'utf8'));
  }

  text(text: string): string {
    return this.variants.reduce((out, variant) => (out.includes(variant) ? out.split(variant).join(REDACTED) : out), text);
  }

  /** The bytes with every spelling replaced; the same buffer when none occurs (the usual case: one search each). */
  bytes(bytes: Buffer): Buffer {
    if (!this.variantBytes.some((variant) => bytes.includes(variant))) {
      return bytes;
    }
    return Buffer.from(this.text(bytes.toString('utf8')), 'utf8');
  }
}

const redactors = new WeakMap<object, Redactor>();

/** The redactor of a settings object, made once per settings (they are parsed once per datasource version). */
export function redactorFor(settings: Pick<DatasourceSettings, 'jsonData' | 'secrets'>): Redactor {
  let redactor = redactors.get(settings);
  if (!redactor) {
    redactor = new Redactor(settings);
    redactors.set(settings, redactor);
  }
  return redactor;
}
