/** Records what a sound would play through a stand-in AudioContext (node has none). */
export class FakeAudioContext {
  static played: { freq: number; peak: number }[] = [];
  state = 'running';
  currentTime = 0;
  destination = {};
  createOscillator() {
    const osc = { type: 'sine', frequency: { value: 0 }, connect: (g: { osc?: unknown }) => ((g.osc = osc), g), start() {}, stop() {} };
    return osc;
  }
  createGain() {
    const g = {
      osc: undefined as undefined | { frequency: { value: number } },
      peak: 0,
      gain: {
        setValueAtTime: (v: number) => void (g.peak = Math.max(g.peak, v)),
        exponentialRampToValueAtTime: (v: number) => void (g.peak = Math.max(g.peak, v)),
      },
      connect: () => {
        FakeAudioContext.played.push({ freq: g.osc!.frequency.value, peak: g.peak });
        return {};
      },
    };
    return g;
  }
}

/** Runs `fn` with FakeAudioContext as the global AudioContext, then removes it. */
export function withFakeAudio(fn: () => void): void {
  (globalThis as { AudioContext?: unknown }).AudioContext = FakeAudioContext;
  FakeAudioContext.played = [];
  try {
    fn();
  } finally {
    delete (globalThis as { AudioContext?: unknown }).AudioContext;
    FakeAudioContext.played = [];
  }
}
