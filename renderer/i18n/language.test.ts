import { describe, expect, it } from 'vitest';
import { isLanguage, pickLanguage } from './language';

describe('pickLanguage', () => {
  it('maps any Chinese tag to zh-CN and English tags to en', () => {
    expect(pickLanguage(['zh-CN'])).toBe('zh-CN');
    expect(pickLanguage(['zh-Hans-CN', 'en'])).toBe('zh-CN');
    expect(pickLanguage(['zh'])).toBe('zh-CN');
    expect(pickLanguage(['en-GB', 'zh-CN'])).toBe('en');
  });
  it('skips languages it does not speak and falls back to English', () => {
    expect(pickLanguage(['fr-FR', 'zh-TW'])).toBe('zh-CN');
    expect(pickLanguage(['fr-FR', 'de'])).toBe('en');
    expect(pickLanguage([])).toBe('en');
  });
  it('does not take a tag that merely starts with "en" or "zh" letters', () => {
    expect(pickLanguage(['zha', 'eno'])).toBe('en');
    expect(isLanguage('zh-CN')).toBe(true);
    expect(isLanguage('zh')).toBe(false);
  });
});
