import { beforeAll, describe, expect, it } from 'vitest';
import { i18n, initI18n, setLanguage } from '../i18n';
import { tillLabel } from './tillLabel';

describe('tillLabel', () => {
  beforeAll(() => void initI18n(['en']));
  it('names this till and others by their HQ names, falling back to the id only when HQ never named one', () => {
    const t = i18n.t.bind(i18n);
    setLanguage('en');
    expect(tillLabel(t, 'T1', 'Till 1', 'T1')).toBe('This till (Till 1)');
    expect(tillLabel(t, 'T1', null, 'T1')).toBe('This till');
    expect(tillLabel(t, 'T2', 'Till 2', 'T1')).toBe('Till 2');
    expect(tillLabel(t, 'T2', null, 'T1')).toBe('T2');
    setLanguage('zh-CN');
    expect(tillLabel(t, 'T1', '1号收银台', 'T1')).toBe('本收银台（1号收银台）');
  });
});
