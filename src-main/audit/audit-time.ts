/**
 * Days and months of the viewer and the report are this machine's (the station's clock and time
 * zone, as the year files are); the log stamps instants in UTC. These turn one into the other.
 */

/** The instant (ISO, UTC) a local day `YYYY-MM-DD` starts, `days` later. */
export function localDayStart(day: string, days = 0): string {
  const [y, m, d] = day.split('-').map(Number) as [number, number, number];
  return new Date(y, m - 1, d + days).toISOString();
}

/** The instants a local month `YYYY-MM` starts and the next one starts. */
export function localMonthBounds(month: string): { from: string; to: string } {
  const [y, m] = month.split('-').map(Number) as [number, number];
  return { from: new Date(y, m - 1, 1).toISOString(), to: new Date(y, m, 1).toISOString() };
}
