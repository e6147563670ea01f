import { playCue } from '../scan/sounds';

/**
 * The camera's "code seen" tick. It goes through the one sound module, so it follows the
 * till's volume and mute settings like every verdict sound.
 */
export function beep(): void {
  playCue('read');
}
