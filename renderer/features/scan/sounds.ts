/**
 * Distinct, short verdict sounds made with WebAudio (no audio files to fetch, nothing for
 * the CSP to allow): a bright rising two-note chime for accepted, a low double buzz for
 * refused. A cashier can tell them apart without looking.
 */
type Tone = { freq: number; start: number; dur: number; type: OscillatorType; gain: number };

const ACCEPTED: Tone[] = [
  { freq: 880, start: 0, dur: 0.08, type: 'sine', gain: 0.25 },
  { freq: 1320, start: 0.08, dur: 0.12, type: 'sine', gain: 0.25 },
];
const REFUSED: Tone[] = [
  { freq: 180, start: 0, dur: 0.14, type: 'square', gain: 0.12 },
  { freq: 150, start: 0.18, dur: 0.2, type: 'square', gain: 0.12 },
];

let ctx: AudioContext | null = null;
let enabled = true;

export function setSoundsEnabled(on: boolean): void {
  enabled = on;
}

function context(): AudioContext | null {
  if (typeof AudioContext === 'undefined') return null;
  ctx ??= new AudioContext();
  // Autoplay policy: the context starts suspended until a user gesture; a scan's keys are one.
  if (ctx.state === 'suspended') void ctx.resume();
  return ctx;
}

function play(tones: Tone[]): void {
  if (!enabled) return;
  const ac = context();
  if (!ac) return;
  const t0 = ac.currentTime + 0.005;
  for (const tone of tones) {
    const osc = ac.createOscillator();
    const gain = ac.createGain();
    osc.type = tone.type;
    osc.frequency.value = tone.freq;
    gain.gain.setValueAtTime(tone.gain, t0 + tone.start);
    gain.gain.exponentialRampToValueAtTime(0.0001, t0 + tone.start + tone.dur);
    osc.connect(gain).connect(ac.destination);
    osc.start(t0 + tone.start);
    osc.stop(t0 + tone.start + tone.dur + 0.02);
  }
}

export function playVerdict(accepted: boolean): void {
  try {
    play(accepted ? ACCEPTED : REFUSED);
  } catch {
    // Sound is a help, never a reason to lose a verdict.
  }
}
