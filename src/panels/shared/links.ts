import { Field, InterpolateFunction, locationUtil } from '@grafana/data';
import { locationService } from '@grafana/runtime';

/**
 * Fills `${name}` placeholders of a panel's URL template with URL-encoded values; unknown placeholders are
 * left for the dashboard's own variables (`replaceVariables`), which runs afterwards.
 */
export function fillLinkTemplate(
  template: string,
  values: Record<string, string | number>,
  replaceVariables?: InterpolateFunction
): string {
  const filled = template.replace(/\$\{([A-Za-z_][A-Za-z0-9_]*)\}/g, (placeholder, name: string) =>
    Object.prototype.hasOwnProperty.call(values, name) ? encodeURIComponent(String(values[name])) : placeholder
  );
  return replaceVariables ? replaceVariables(filled) : filled;
}

/**
 * Where a panel link goes: the panel's URL template when one is set, else the first data link of the field
 * the value was read from, at the value's row (none when the value has no row there).
 */
export function panelLinkHref(
  template: string,
  values: Record<string, string | number>,
  linkField: Field | undefined,
  rowIndex: number,
  replaceVariables?: InterpolateFunction
): string | undefined {
  if (template.trim() !== '') {
    return fillLinkTemplate(template, values, replaceVariables);
  }
  if (rowIndex < 0 || !linkField?.getLinks) {
    return undefined;
  }
  return linkField.getLinks({ valueRowIndex: rowIndex })[0]?.href;
}

/** Grafana-internal links stay in the single-page app; absolute links open in a new tab. */
export function isExternalLink(href: string): boolean {
  return /^[a-z][a-z0-9+.-]*:/i.test(href);
}

/** Follows a panel link: inside Grafana through its router (no page reload), elsewhere in a new tab. */
export function followLink(href: string): void {
  if (isExternalLink(href)) {
    window.open(href, '_blank', 'noopener,noreferrer');
    return;
  }
  locationService.push(locationUtil.stripBaseFromUrl(href));
}
