import { aamiClassOfSymbol, isBeatSymbol, type AamiClass } from '../../../shared/labels';

/**
 * How MIT beat symbols are grouped into AAMI classes for scoring.
 * - `'de-chazal'`: de Chazal et al. 2004 (e, j → N), the grouping of published inter-patient results.
 * - `'bxb'`: WFDB `bxb -L` (`amap()` with SVEB statistics on): e, j, n → S.
 */
export type ClassMapping = 'de-chazal' | 'bxb';

/** Class that `bxb` gives a reference beat it cannot place in N/S/V/F/Q (only `!`, ventricular flutter wave). */
export type NonAamiBeat = 'O';

const BXB_CLASS: ReadonlyMap<string, AamiClass | NonAamiBeat> = new Map<string, AamiClass | NonAamiBeat>([
  ['N', 'N'],
  ['L', 'N'],
  ['R', 'N'],
  ['B', 'N'],
  ['a', 'S'],
  ['J', 'S'],
  ['A', 'S'],
  ['S', 'S'],
  ['j', 'S'],
  ['e', 'S'],
  ['n', 'S'],
  ['V', 'V'],
  ['E', 'V'],
  ['r', 'V'],
  ['F', 'F'],
  ['Q', 'Q'],
  ['/', 'Q'],
  ['f', 'Q'],
  ['?', 'Q'],
  ['!', 'O'],
]);

/**
 * AAMI class of a beat annotation for EC57 scoring.
 *
 * Which annotations are beats follows WFDB's `isqrs` (`isBeatSymbol`). With `'bxb'` the class is that of
 * `bxb`'s `amap()` in SVEB mode (WFDB app/bxb.c): N = N L R B; S = a J A S j e n; V = V E r; F = F;
 * Q = Q / f ?; and `!` (flutter wave) is `'O'`, which `bxb` counts as no reference beat. With `'de-chazal'`
 * the classes of `aamiClassOfSymbol` (de Chazal et al. 2004, doi:10.1109/TBME.2004.827359) are used, and the
 * beat codes outside that table (B, ?, n, r, !) keep their `bxb` class.
 *
 * @param symbol - WFDB mnemonic of the annotation
 * @param mapping - grouping to use
 * @returns the class, `'O'` for `!`, or null when the annotation is not a beat
 */
export function scoringClassOfSymbol(symbol: string, mapping: ClassMapping): AamiClass | NonAamiBeat | null {
  if (!isBeatSymbol(symbol)) return null;
  const bxbClass = BXB_CLASS.get(symbol) ?? null;
  if (mapping === 'bxb') return bxbClass;
  return aamiClassOfSymbol(symbol) ?? bxbClass;
}
