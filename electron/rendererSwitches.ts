/**
 * Chromium switches the till's window runs with. Electron's main appends them before the app is
 * ready; the Node host prints them for the Chromium it is opened in; the e2e fixture and
 * bench:ui launch Chromium with them, so tests and benchmarks measure what cashiers get.
 * Plain data (no Electron import), so every one of those can read it.
 *
 * - DeferRendererTasksAfterInput: after a discrete input (a key, a click) Chromium holds the
 *   page's other tasks, main's answers among them, until the next frame is drawn. A scan ends
 *   with Enter, so every verdict first waited for a frame, then for another to be painted.
 *   Turning it off halved Enter-to-verdict in bench:ui (in the DOM, p50 11.0 -> 6.1 ms).
 */
export const RENDERER_SWITCHES: ReadonlyArray<readonly [name: string, value: string]> = [['disable-features', 'DeferRendererTasksAfterInput']];

/** The switches as command-line arguments (`--name=value`). */
export function rendererSwitchArgs(): string[] {
  return RENDERER_SWITCHES.map(([name, value]) => `--${name}=${value}`);
}
