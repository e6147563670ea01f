import { afterEach, describe, expect, it } from 'vitest';
import { CUES, playCue, setSoundVolume, setSoundsEnabled } from './sounds';
import { FakeAudioContext, withFakeAudio } from '../../test/fakeAudio';

describe('verdict sounds', () => {
  afterEach(() => {
    setSoundsEnabled(true);
    setSoundVolume(80);
    FakeAudioContext.played = [];
  });

  it('are distinct cues; refused is a double buzz above the 150-180 Hz that store noise swallowed', () => {
    const shapes = Object.values(CUES).map((tones) => JSON.stringify(tones.map((t) => [t.freq, t.type])));
    expect(new Set(shapes).size).toBe(shapes.length);
    expect(CUES.refused).toHaveLength(2);
    for (const t of CUES.refused) expect(t.freq).toBeGreaterThan(250);
    const [a, b] = CUES.accepted;
    expect(b!.freq).toBeGreaterThan(a!.freq); // rising
  });

  it('play at the set volume, and not at all when muted (the settings test button forces it)', () => {
    withFakeAudio(() => {
      setSoundVolume(50);
      playCue('refused');
      expect(FakeAudioContext.played.map((p) => p.freq)).toEqual([330, 330]);
      expect(FakeAudioContext.played[0]!.peak).toBeCloseTo(0.15, 5);
      FakeAudioContext.played = [];
      setSoundsEnabled(false);
      playCue('accepted');
      expect(FakeAudioContext.played).toEqual([]);
      playCue('accepted', { force: true, volume: 100 });
      expect(FakeAudioContext.played.map((p) => p.freq)).toEqual([880, 1320]);
      expect(FakeAudioContext.played[0]!.peak).toBeCloseTo(0.5, 5);
    });
  });
});
