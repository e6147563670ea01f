import { describe, expect, it } from 'vitest';
import { electronSender } from './electronSender';

describe('the Electron sender check', () => {
  const top = { url: 'app://till/index.html' };
  const contents = { id: 7, mainFrame: top };

  it('trusts only the top frame of our window showing our origin', () => {
    expect(electronSender(contents, top)).toMatchObject({ clientId: 'electron:7', trusted: true });
  });

  it('refuses subframes, other origins, missing frames and junk URLs', () => {
    expect(electronSender(contents, { url: 'app://till/index.html' }).trusted).toBe(false); // a different (sub)frame object
    for (const url of ['file:///etc/passwd', 'https://till.example/', 'app://evil/index.html', 'not a url', '']) {
      const frame = { url };
      expect(electronSender({ id: 1, mainFrame: frame }, frame).trusted, url).toBe(false);
    }
    expect(electronSender(contents, null).trusted).toBe(false);
  });
});
