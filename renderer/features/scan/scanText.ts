/**
 * Cleans a code as a keyboard-wedge scanner typed it: the configured prefix and suffix
 * characters (scanner "preamble/postamble" such as a STX or "#") are stripped once, and
 * control characters a scanner may add (Tab, CR, LF, GS as a terminator) are trimmed at the
 * ends. Inner characters are kept exactly: a code may legitimately contain spaces.
 */
export function cleanScannedText(raw: string, prefix = '', suffix = ''): string {
  let text = raw;
  if (prefix && text.startsWith(prefix)) text = text.slice(prefix.length);
  if (suffix && text.endsWith(suffix)) text = text.slice(0, text.length - suffix.length);
  // eslint-disable-next-line no-control-regex
  return text.replace(/^[\u0000-\u001f]+|[\u0000-\u001f]+$/g, '');
}

/** Decodes an affix typed in settings: "\t", "\x02", "\u001d" escapes become the characters. */
export function decodeAffix(text: string): string {
  return text.replace(/\\(t|n|r|x[0-9a-fA-F]{2}|u[0-9a-fA-F]{4})/g, (_m, esc: string) => {
    if (esc === 't') return '\t';
    if (esc === 'n') return '\n';
    if (esc === 'r') return '\r';
    return String.fromCharCode(parseInt(esc.slice(1), 16));
  });
}

/** Shows an affix for editing: control characters as escapes ("\t", "\x02"). */
export function encodeAffix(text: string): string {
  return [...text]
    .map((c) => {
      if (c === '\t') return '\\t';
      if (c === '\n') return '\\n';
      if (c === '\r') return '\\r';
      const code = c.charCodeAt(0);
      return code < 0x20 ? `\\x${code.toString(16).padStart(2, '0')}` : c;
    })
    .join('');
}
