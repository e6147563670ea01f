import type { Sender } from './register';

/** The origin the Electron window loads the renderer from (electron/window.ts serves it). */
export const APP_ORIGIN = 'app://till';

interface FrameLike {
  url: string;
}
interface ContentsLike {
  id: number;
  mainFrame: FrameLike;
}

/**
 * Who sent an Electron IPC call: trusted only when it comes from the top frame of one of our
 * windows and that frame shows our app's origin (not a subframe, not a page navigated elsewhere).
 */
export function electronSender(contents: ContentsLike, frame: FrameLike | null): Sender {
  let trusted = false;
  if (frame && frame === contents.mainFrame) {
    try {
      // Node's URL gives origin "null" for non-special schemes such as app:, so compare the parts.
      const url = new URL(frame.url);
      trusted = `${url.protocol}//${url.host}` === APP_ORIGIN;
    } catch {
      trusted = false;
    }
  }
  return { kind: 'window', clientId: `electron:${contents.id}`, trusted, describe: frame?.url ?? '(no frame)' };
}
