/**
 * Saves a file the user asked for. Exports (result JSON, assignments CSV, a CSV template)
 * must carry the key, which a plain link cannot, so they are fetched and handed to the
 * browser as a blob; files made here (the generated personal codes) go the same way.
 */
import type { ApiClient } from '../api/api-client.ts';

export function saveBlob(blob: Blob, filename: string): void {
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = filename;
  link.click();
  // The browser has taken the file once the click's task is over.
  setTimeout(() => URL.revokeObjectURL(url), 0);
}

export async function saveDownload(api: ApiClient, path: string, filename: string): Promise<void> {
  saveBlob(await api.download(path), filename);
}
