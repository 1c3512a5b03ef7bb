/**
 * Beat and annotation label tables: the MIT annotation codes of the WFDB library and the AAMI EC57 beat classes.
 *
 * Pure data and lookups (no Node imports): used by the main process and the renderer alike.
 *
 * Sources:
 * - WFDB Software Package, `lib/ecgcodes.h` (codes), `lib/annot.c` (mnemonics and descriptions),
 *   `lib/ecgmap.h` (`isqrs` table); https://physionet.org/physiotools/wag/annot-5.htm
 * - de Chazal P, O'Dwyer M, Reilly RB. Automatic classification of heartbeats using ECG morphology and heartbeat
 *   interval features. IEEE Trans Biomed Eng 51(7):1196–1206, 2004. doi:10.1109/TBME.2004.827359 (AAMI grouping).
 */

/** AAMI EC57 heartbeat class: N normal/bundle branch, S supraventricular ectopic, V ventricular ectopic, F fusion, Q paced/unclassifiable. */
export type AamiClass = 'N' | 'S' | 'V' | 'F' | 'Q';

/** The five AAMI classes in their conventional order. */
export const AAMI_CLASSES: readonly AamiClass[] = Object.freeze(['N', 'S', 'V', 'F', 'Q'] as const);

/** One MIT annotation code: its number in annotation files, the WFDB mnemonic, a description, and whether WFDB's `isqrs` counts it as a beat. */
export interface MitCode {
  readonly code: number;
  readonly symbol: string;
  readonly description: string;
  readonly isBeat: boolean;
}

function mitCode(code: number, symbol: string, description: string, isBeat = false): MitCode {
  return Object.freeze({ code, symbol, description, isBeat });
}

function userDefined(code: number): MitCode {
  return mitCode(code, `[${code}]`, 'Unassigned annotation code');
}

/**
 * All MIT annotation codes 0..49 (WFDB's `ACMAX` = 49), indexed by code: `MIT_CODES[c].code === c`.
 * Codes without a WFDB mnemonic (15, 17, 42..49) carry WFDB's numeric form `[n]`; code 0 (NOTQRS) has the mnemonic ' '.
 */
export const MIT_CODES: readonly MitCode[] = Object.freeze([
  mitCode(0, ' ', 'Not a QRS annotation (NOTQRS)'),
  mitCode(1, 'N', 'Normal beat', true),
  mitCode(2, 'L', 'Left bundle branch block beat', true),
  mitCode(3, 'R', 'Right bundle branch block beat', true),
  mitCode(4, 'a', 'Aberrated atrial premature beat', true),
  mitCode(5, 'V', 'Premature ventricular contraction', true),
  mitCode(6, 'F', 'Fusion of ventricular and normal beat', true),
  mitCode(7, 'J', 'Nodal (junctional) premature beat', true),
  mitCode(8, 'A', 'Atrial premature beat', true),
  mitCode(9, 'S', 'Supraventricular premature or ectopic beat', true),
  mitCode(10, 'E', 'Ventricular escape beat', true),
  mitCode(11, 'j', 'Nodal (junctional) escape beat', true),
  mitCode(12, '/', 'Paced beat', true),
  mitCode(13, 'Q', 'Unclassifiable beat', true),
  mitCode(14, '~', 'Change in signal quality'),
  userDefined(15),
  mitCode(16, '|', 'Isolated QRS-like artifact'),
  userDefined(17),
  mitCode(18, 's', 'ST segment change'),
  mitCode(19, 'T', 'T-wave change'),
  mitCode(20, '*', 'Systole'),
  mitCode(21, 'D', 'Diastole'),
  mitCode(22, '"', 'Comment annotation'),
  mitCode(23, '=', 'Measurement annotation'),
  mitCode(24, 'p', 'P-wave peak'),
  mitCode(25, 'B', 'Bundle branch block beat (unspecified)', true),
  mitCode(26, '^', '(Non-captured) pacemaker artifact'),
  mitCode(27, 't', 'T-wave peak'),
  mitCode(28, '+', 'Rhythm change'),
  mitCode(29, 'u', 'U-wave peak'),
  mitCode(30, '?', 'Beat not classified during learning', true),
  mitCode(31, '!', 'Ventricular flutter wave', true),
  mitCode(32, '[', 'Start of ventricular flutter/fibrillation'),
  mitCode(33, ']', 'End of ventricular flutter/fibrillation'),
  mitCode(34, 'e', 'Atrial escape beat', true),
  mitCode(35, 'n', 'Supraventricular escape beat', true),
  mitCode(36, '@', 'Link to external data (aux holds a URL)'),
  mitCode(37, 'x', 'Non-conducted P-wave (blocked APB)'),
  mitCode(38, 'f', 'Fusion of paced and normal beat', true),
  mitCode(39, '(', 'Waveform onset'),
  mitCode(40, ')', 'Waveform end'),
  mitCode(41, 'r', 'R-on-T premature ventricular contraction', true),
  ...Array.from({ length: 8 }, (_, i) => userDefined(42 + i)),
]);

const CODE_BY_SYMBOL: ReadonlyMap<string, number> = new Map(MIT_CODES.map((c) => [c.symbol, c.code]));

/**
 * MIT annotation code of a WFDB mnemonic (`'N'` → 1, `'[15]'` → 15, `'[55]'` → 55).
 * @param symbol WFDB mnemonic as printed by `rdann`.
 * @returns the code 0..63, or null when the symbol is not a known mnemonic nor of the form `[n]` with 0 ≤ n ≤ 63.
 */
export function mitCodeOfSymbol(symbol: string): number | null {
  const known = CODE_BY_SYMBOL.get(symbol);
  if (known !== undefined) return known;
  const numeric = /^\[(\d{1,2})\]$/.exec(symbol);
  if (numeric?.[1] === undefined) return null;
  const code = Number(numeric[1]);
  return code <= 63 ? code : null;
}

/**
 * WFDB mnemonic of an MIT annotation code (WFDB `annstr`): the table symbol for 0..49, `[n]` otherwise.
 * @param code annotation type as stored in the file (0..63).
 */
export function symbolOfMitCode(code: number): string {
  return MIT_CODES[code]?.symbol ?? `[${code}]`;
}

const AAMI_BY_SYMBOL: ReadonlyMap<string, AamiClass> = new Map<string, AamiClass>([
  ['N', 'N'],
  ['L', 'N'],
  ['R', 'N'],
  ['e', 'N'],
  ['j', 'N'],
  ['A', 'S'],
  ['a', 'S'],
  ['J', 'S'],
  ['S', 'S'],
  ['V', 'V'],
  ['E', 'V'],
  ['F', 'F'],
  ['/', 'Q'],
  ['f', 'Q'],
  ['Q', 'Q'],
]);

/**
 * AAMI class of an MIT beat symbol, grouped as in de Chazal et al. 2004 (doi:10.1109/TBME.2004.827359):
 * N = N L R e j; S = A a J S; V = V E; F = F; Q = / f Q.
 * (WFDB's `bxb` differs: it counts e, j, n as S.)
 * @param symbol WFDB mnemonic.
 * @returns the AAMI class, or null for non-beat annotations and beat codes outside the table (B, ?, !, n, r).
 */
export function aamiClassOfSymbol(symbol: string): AamiClass | null {
  return AAMI_BY_SYMBOL.get(symbol) ?? null;
}

/** The MIT symbol written to output annotation files for each AAMI class. */
export const AAMI_TO_MIT_SYMBOL: Readonly<Record<AamiClass, string>> = Object.freeze({
  N: 'N',
  S: 'A',
  V: 'V',
  F: 'F',
  Q: 'Q',
});

/**
 * Whether a WFDB mnemonic denotes a QRS complex, with the semantics of WFDB's `isqrs` macro (`lib/ecgmap.h`):
 * true for codes 1–13, 25, 30, 31, 34, 35, 38, 41.
 * @param symbol WFDB mnemonic.
 */
export function isBeatSymbol(symbol: string): boolean {
  const code = CODE_BY_SYMBOL.get(symbol);
  return code !== undefined && (MIT_CODES[code]?.isBeat ?? false);
}
