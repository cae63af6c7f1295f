/** Browser downloads: a Blob saved under a file name through a temporary link. */

/** Saves `data` as `filename` (the object URL is released once the click has been handled). */
export function download(data: Blob, filename: string): void {
  const url = URL.createObjectURL(data);
  const link = document.createElement('a');
  link.href = url;
  link.download = filename;
  document.body.appendChild(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/** A file-name stamp like 2026-12-03T21-30-05. */
export function stamp(date = new Date()): string {
  return date.toISOString().slice(0, 19).replace(/:/g, '-');
}
