/** A size in the words staff read: "345 MB", "1,2 GB" (Vietnamese decimal comma). */
export function formatMb(bytes: number): string {
  return bytes >= 1024 ** 3
    ? `${(bytes / 1024 ** 3).toFixed(1).replace('.', ',')} GB`
    : `${Math.max(0, Math.round(bytes / 1024 ** 2))} MB`;
}
