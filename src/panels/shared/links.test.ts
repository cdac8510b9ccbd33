import { createDataFrame, FieldType } from '@grafana/data';

import { fillLinkTemplate, isExternalLink, panelLinkHref } from './links';

describe('links', () => {
  it('fills known placeholders encoded and leaves the others to dashboard variables', () => {
    expect(fillLinkTemplate('/d/x?f=${feature}&v=${var}', { feature: 'a&b' })).toBe('/d/x?f=a%26b&v=${var}');
    expect(fillLinkTemplate('/d/x?v=${var}', {}, (s) => s.replace('${var}', 'prod'))).toBe('/d/x?v=prod');
  });

  it('tells Grafana paths from external URLs', () => {
    expect(isExternalLink('https://example.org')).toBe(true);
    expect(isExternalLink('/d/abc')).toBe(false);
  });

  it('takes the URL template when one is set, else the data link of the field at the row', () => {
    const frame = createDataFrame({ fields: [{ name: 'score', type: FieldType.number, values: [1, 2] }] });
    const field = frame.fields[0];
    field.getLinks = ({ valueRowIndex }) => [
      { href: `/d/row-${valueRowIndex}`, title: 'row', target: '_self', origin: field },
    ];
    expect(panelLinkHref('/d/x?f=${feature}', { feature: 'age' }, field, 1)).toBe('/d/x?f=age');
    expect(panelLinkHref('', { feature: 'age' }, field, 1)).toBe('/d/row-1');
    expect(panelLinkHref('  ', { feature: 'age' }, field, 0)).toBe('/d/row-0');
    expect(panelLinkHref('', { feature: 'age' }, field, -1)).toBeUndefined();
    expect(panelLinkHref('', { feature: 'age' }, undefined, 0)).toBeUndefined();
    expect(panelLinkHref('', { feature: 'age' }, { ...field, getLinks: undefined }, 0)).toBeUndefined();
  });
});
