/**
 * The page's screens as carried in `location.hash` (the query string holds the access token and is never touched):
 * `#/` is the case list, `#/record/<id>?t=<seconds>` a record with its strip starting at t.
 */

/** A screen of the workstation. */
export type Route = { name: 'cases' } | { name: 'record'; recordId: number; tS: number | null };

/**
 * Reads the screen from a location hash.
 * @param hash - `location.hash`, with or without the leading `#`
 * @returns the record route for `#/record/<positive int>[?t=<non-negative number>]`, else the case list
 *   (unknown or malformed hashes fall back to the case list; a bad `t` is ignored)
 */
export function parseRoute(hash: string): Route {
  const body = hash.startsWith('#') ? hash.slice(1) : hash;
  const [path = '', query = ''] = body.split('?', 2);
  const match = /^\/record\/(\d+)\/?$/.exec(path);
  if (!match) return { name: 'cases' };
  const recordId = Number(match[1]);
  if (!Number.isSafeInteger(recordId) || recordId <= 0) return { name: 'cases' };
  const tText = new URLSearchParams(query).get('t');
  const t = tText === null || tText.trim() === '' ? NaN : Number(tText);
  return { name: 'record', recordId, tS: Number.isFinite(t) && t >= 0 ? t : null };
}

/**
 * Writes a screen as a location hash.
 * @param route - the screen; a record's time is written with at most 2 decimals
 * @returns e.g. `#/record/3?t=120.5`, or `#/` for the case list
 */
export function formatRoute(route: Route): string {
  if (route.name === 'cases') return '#/';
  const base = `#/record/${route.recordId}`;
  if (route.tS === null) return base;
  return `${base}?t=${Number(route.tS.toFixed(2))}`;
}
