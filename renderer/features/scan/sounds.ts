/**
 * Distinct, short verdict sounds made with WebAudio (no audio files to fetch, nothing for the
 * CSP to allow). A cashier tells them apart without looking, over store noise:
 * - accepted: a bright rising two-tone (880 -> 1320 Hz);
 * - refused: a low double buzz, two equal square-wave pulses at 330 Hz. Store noise (fridges,
 *   trolleys, voices) sits mostly under 300 Hz, which swallowed the old 150-180 Hz buzz; a square
 *   wave at 330 Hz also carries harmonics at 990 and 1650 Hz, where small till speakers are loud;
 * - needs a total: three quick even pings (660 Hz), a question rather than a no;
 * - needs a manager: a falling "ding-dong" (988 -> 740 Hz), a call for someone else;
 * - read: the camera's short high tick (1760 Hz) that a code was seen, before any verdict
 *   (off where the verdict sound follows at once, as on the cashier screen).
 * Loudness follows the volume setting (0-100); `sounds: false` mutes them all. This is the
 * renderer's one sound module: nothing else makes a sound.
 */
export type Cue = 'accepted' | 'refused' | 'needTotal' | 'needManager' | 'read';

/** The verdict cues (the settings' test button plays these). */
export const VERDICT_CUES: readonly Cue[] = ['accepted', 'refused', 'needTotal', 'needManager'];

export type Tone = { freq: number; start: number; dur: number; type: OscillatorType; gain: number };

export const CUES: Record<Cue, Tone[]> = {
  accepted: [
    { freq: 880, start: 0, dur: 0.09, type: 'triangle', gain: 0.5 },
    { freq: 1320, start: 0.09, dur: 0.14, type: 'triangle', gain: 0.5 },
  ],
  refused: [
    { freq: 330, start: 0, dur: 0.16, type: 'square', gain: 0.3 },
    { freq: 330, start: 0.22, dur: 0.16, type: 'square', gain: 0.3 },
  ],
  needTotal: [
    { freq: 660, start: 0, dur: 0.06, type: 'sine', gain: 0.5 },
    { freq: 660, start: 0.1, dur: 0.06, type: 'sine', gain: 0.5 },
    { freq: 660, start: 0.2, dur: 0.06, type: 'sine', gain: 0.5 },
  ],
  needManager: [
    { freq: 988, start: 0, dur: 0.18, type: 'triangle', gain: 0.5 },
    { freq: 740, start: 0.2, dur: 0.3, type: 'triangle', gain: 0.5 },
  ],
  read: [{ freq: 1760, start: 0, dur: 0.09, type: 'square', gain: 0.2 }],
};

let ctx: AudioContext | null = null;
let enabled = true;
let volume = 0.8;

export function setSoundsEnabled(on: boolean): void {
  enabled = on;
}

/** Volume 0-100 from settings. */
export function setSoundVolume(percent: number): void {
  volume = Math.min(100, Math.max(0, percent)) / 100;
}

function context(): AudioContext | null {
  if (typeof AudioContext === 'undefined') return null;
  ctx ??= new AudioContext();
  // Autoplay policy: the context starts suspended until a user gesture; a scan's keys are one.
  if (ctx.state === 'suspended') void ctx.resume();
  return ctx;
}

function play(tones: Tone[], level: number): void {
  const ac = context();
  if (!ac || level <= 0) return;
  const t0 = ac.currentTime + 0.005;
  for (const tone of tones) {
    const osc = ac.createOscillator();
    const gain = ac.createGain();
    osc.type = tone.type;
    osc.frequency.value = tone.freq;
    // A 5 ms attack: no click, and the full level at once (a slow ramp is what made the old buzz quiet).
    gain.gain.setValueAtTime(0.0001, t0 + tone.start);
    gain.gain.exponentialRampToValueAtTime(tone.gain * level, t0 + tone.start + 0.005);
    gain.gain.setValueAtTime(tone.gain * level, t0 + tone.start + tone.dur * 0.7);
    gain.gain.exponentialRampToValueAtTime(0.0001, t0 + tone.start + tone.dur);
    osc.connect(gain).connect(ac.destination);
    osc.start(t0 + tone.start);
    osc.stop(t0 + tone.start + tone.dur + 0.02);
  }
}

/** Plays a cue at the set volume (nothing when muted). Never throws: sound is a help, never a reason to lose a verdict. */
export function playCue(cue: Cue, opts: { force?: boolean; volume?: number } = {}): void {
  if (!enabled && !opts.force) return;
  try {
    play(CUES[cue], opts.volume === undefined ? volume : opts.volume / 100);
  } catch {
    // ignore: no audio device
  }
}

export function playVerdict(accepted: boolean): void {
  playCue(accepted ? 'accepted' : 'refused');
}
