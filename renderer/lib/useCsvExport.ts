import { useCallback, useState } from 'react';
import { saveTextFile } from './download';

export type CsvExportResult = { filename: string; csv: string } | { error: string };

/**
 * One export button's behaviour: run the feature's export, save the file, or keep the error to
 * show. Answers the error (null when the last export worked) and the handler for the button.
 */
export function useCsvExport(exportCsv: () => Promise<CsvExportResult>): [string | null, () => void] {
  const [error, setError] = useState<string | null>(null);
  const onExport = useCallback(() => {
    void exportCsv().then((res) => {
      if ('error' in res) return setError(res.error);
      setError(null);
      saveTextFile(res.filename, res.csv);
    });
  }, [exportCsv]);
  return [error, onExport];
}
