/** A short beep through WebAudio when the camera reads a code (no audio file, nothing to load). */
let context: AudioContext | null = null;

export function beep(frequencyHz = 1_760, durationMs = 90): void {
  try {
    const Ctx = globalThis.AudioContext;
    if (!Ctx) return;
    context ??= new Ctx();
    if (context.state === 'suspended') void context.resume();
    const osc = context.createOscillator();
    const gain = context.createGain();
    osc.type = 'square';
    osc.frequency.value = frequencyHz;
    const t = context.currentTime;
    gain.gain.setValueAtTime(0.08, t);
    gain.gain.exponentialRampToValueAtTime(0.0001, t + durationMs / 1_000);
    osc.connect(gain).connect(context.destination);
    osc.start(t);
    osc.stop(t + durationMs / 1_000);
  } catch {
    // No audio device (or autoplay refused): the verdict colour still shows the read.
  }
}
