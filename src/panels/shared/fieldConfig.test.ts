import { createDataFrame, createTheme, FieldColorModeId, FieldConfigProperty, FieldType } from '@grafana/data';

import { fieldValueFormatter, fixedFieldColor, standardOptionsOnly } from './fieldConfig';

describe('standard field options', () => {
  const theme = createTheme({ colors: { mode: 'light' } });

  it('offers the listed options and disables every other one Grafana has', () => {
    const args = standardOptionsOnly({ [FieldConfigProperty.Unit]: {}, [FieldConfigProperty.Links]: {} });
    expect(Object.keys(args.standardOptions ?? {})).toEqual(['unit', 'links']);
    expect(args.disableStandardOptions).toContain(FieldConfigProperty.Thresholds);
    expect(args.disableStandardOptions).not.toContain(FieldConfigProperty.Unit);
    expect([...(args.disableStandardOptions ?? []), 'unit', 'links'].sort()).toEqual(Object.values(FieldConfigProperty).sort());
  });

  it('formats with the field unit and decimals, through the display processor Grafana attached', () => {
    const [field] = createDataFrame({ fields: [{ name: 'upper', type: FieldType.number, values: [1], config: { unit: 'ms', decimals: 1 } }] }).fields;
    expect(fieldValueFormatter(field, theme)!(1500)).toBe('1.5 s');
    field.display = () => ({ text: 'from Grafana', numeric: 1 });
    expect(fieldValueFormatter(field, theme)!(1)).toBe('from Grafana');
    const [plain] = createDataFrame({ fields: [{ name: 'upper', type: FieldType.number, values: [1] }] }).fields;
    expect(fieldValueFormatter(plain, theme)).toBeUndefined();
    expect(fieldValueFormatter(undefined, theme)).toBeUndefined();
    const [percent] = createDataFrame({ fields: [{ name: 'upper', type: FieldType.number, values: [1], config: { unit: 'percentunit' } }] }).fields;
    expect(fieldValueFormatter(percent, theme)!(0.25)).toBe('25%');
  });

  it('reads a single colour set on a field, and nothing from other colour modes', () => {
    const frame = createDataFrame({
      fields: [
        { name: 'current', type: FieldType.number, values: [1], config: { color: { mode: FieldColorModeId.Fixed, fixedColor: 'purple' } } },
        { name: 'baseline', type: FieldType.number, values: [1], config: { color: { mode: FieldColorModeId.PaletteClassic } } },
      ],
    });
    expect(fixedFieldColor(frame.fields[0], theme)).toBe(theme.visualization.getColorByName('purple'));
    expect(fixedFieldColor(frame.fields[1], theme)).toBeUndefined();
    expect(fixedFieldColor(undefined, theme)).toBeUndefined();
  });
});
