/**
 * Saves text as a file through the browser's download path (a Blob URL on an <a download>):
 * no navigation, nothing for the CSP to allow beyond blob: downloads. A BOM makes spreadsheet
 * apps read the UTF-8 (Chinese names) correctly.
 */
export function saveTextFile(filename: string, text: string, type = 'text/csv;charset=utf-8'): void {
  const blob = new Blob(['\ufeff', text], { type });
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = filename;
  a.rel = 'noopener';
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
