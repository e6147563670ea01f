import { afterEach, describe, expect, it } from 'vitest';
import { beep } from './beep';
import { setSoundVolume, setSoundsEnabled } from '../scan/sounds';
import { FakeAudioContext, withFakeAudio } from '../../test/fakeAudio';

describe("the camera's read beep", () => {
  afterEach(() => {
    setSoundsEnabled(true);
    setSoundVolume(80);
  });

  it('is silent when the till is muted', () => {
    withFakeAudio(() => {
      setSoundsEnabled(false);
      beep();
      expect(FakeAudioContext.played).toEqual([]);
    });
  });

  it('follows the volume setting like the verdict sounds', () => {
    withFakeAudio(() => {
      setSoundVolume(100);
      beep();
      const loud = FakeAudioContext.played[0]!.peak;
      FakeAudioContext.played = [];
      setSoundVolume(25);
      beep();
      expect(FakeAudioContext.played[0]!.peak).toBeCloseTo(loud / 4, 5);
      FakeAudioContext.played = [];
      setSoundVolume(0);
      beep();
      expect(FakeAudioContext.played).toEqual([]);
    });
  });
});
