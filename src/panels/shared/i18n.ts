import { t } from '@grafana/i18n';

/**
 * `t()` for sentences with values. React escapes text itself; i18next would escape the values once more
 * for HTML and show `&lt;` where a class or field name holds a `<`.
 */
export function tText(key: string, defaultMessage: string, values: Record<string, unknown>): string {
  return t(key, defaultMessage, { ...values, interpolation: { escapeValue: false } });
}
