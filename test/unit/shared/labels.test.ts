import { describe, expect, it } from 'vitest';
import {
  AAMI_CLASSES,
  AAMI_TO_MIT_SYMBOL,
  MIT_CODES,
  aamiClassOfSymbol,
  isBeatSymbol,
  mitCodeOfSymbol,
  symbolOfMitCode,
} from '../../../src/shared/labels';

// Code → mnemonic pairs as defined in WFDB's lib/ecgcodes.h and lib/annot.c (cstring[]).
const WFDB_MNEMONICS: readonly [number, string][] = [
  [1, 'N'],
  [2, 'L'],
  [3, 'R'],
  [4, 'a'],
  [5, 'V'],
  [6, 'F'],
  [7, 'J'],
  [8, 'A'],
  [9, 'S'],
  [10, 'E'],
  [11, 'j'],
  [12, '/'],
  [13, 'Q'],
  [14, '~'],
  [16, '|'],
  [18, 's'],
  [19, 'T'],
  [20, '*'],
  [21, 'D'],
  [22, '"'],
  [23, '='],
  [24, 'p'],
  [25, 'B'],
  [26, '^'],
  [27, 't'],
  [28, '+'],
  [29, 'u'],
  [30, '?'],
  [31, '!'],
  [32, '['],
  [33, ']'],
  [34, 'e'],
  [35, 'n'],
  [36, '@'],
  [37, 'x'],
  [38, 'f'],
  [39, '('],
  [40, ')'],
  [41, 'r'],
];
// WFDB lib/ecgmap.h wfdb_qrs[]: codes for which isqrs() is 1.
const WFDB_ISQRS_CODES = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 25, 30, 31, 34, 35, 38, 41];

describe('MIT_CODES', () => {
  it('covers codes 0..49, indexed by code', () => {
    expect(MIT_CODES).toHaveLength(50);
    MIT_CODES.forEach((c, i) => expect(c.code).toBe(i));
  });

  it('has WFDB mnemonics for every defined code and [n] for the undefined ones', () => {
    for (const [code, symbol] of WFDB_MNEMONICS) expect(MIT_CODES[code]?.symbol).toBe(symbol);
    for (const code of [15, 17, 42, 43, 44, 45, 46, 47, 48, 49]) expect(MIT_CODES[code]?.symbol).toBe(`[${code}]`);
    expect(new Set(MIT_CODES.map((c) => c.symbol)).size).toBe(50);
  });

  it('maps symbols to codes and back', () => {
    for (const [code, symbol] of WFDB_MNEMONICS) {
      expect(mitCodeOfSymbol(symbol)).toBe(code);
      expect(symbolOfMitCode(code)).toBe(symbol);
    }
    expect(mitCodeOfSymbol('[55]')).toBe(55);
    expect(symbolOfMitCode(55)).toBe('[55]');
    expect(mitCodeOfSymbol('[64]')).toBeNull();
    expect(mitCodeOfSymbol('XYZ')).toBeNull();
  });
});

describe('isBeatSymbol', () => {
  it('follows WFDB isqrs', () => {
    for (const c of MIT_CODES) expect(isBeatSymbol(c.symbol)).toBe(WFDB_ISQRS_CODES.includes(c.code));
    expect(isBeatSymbol('(AFIB')).toBe(false);
  });
});

describe('aamiClassOfSymbol', () => {
  it('groups MIT beats as de Chazal 2004 (data/README.md table)', () => {
    const table: Record<string, string> = {
      N: 'N',
      L: 'N',
      R: 'N',
      e: 'N',
      j: 'N',
      A: 'S',
      a: 'S',
      J: 'S',
      S: 'S',
      V: 'V',
      E: 'V',
      F: 'F',
      '/': 'Q',
      f: 'Q',
      Q: 'Q',
    };
    for (const c of MIT_CODES) expect(aamiClassOfSymbol(c.symbol)).toBe(table[c.symbol] ?? null);
  });

  it('returns null for non-beat annotations', () => {
    for (const s of ['+', '~', '|', '"', 'x', '[', ']', '!']) expect(aamiClassOfSymbol(s)).toBeNull();
  });

  it('writes each AAMI class as an MIT symbol that reads back as the same class', () => {
    expect(AAMI_CLASSES).toEqual(['N', 'S', 'V', 'F', 'Q']);
    for (const c of AAMI_CLASSES) {
      expect(aamiClassOfSymbol(AAMI_TO_MIT_SYMBOL[c])).toBe(c);
      expect(isBeatSymbol(AAMI_TO_MIT_SYMBOL[c])).toBe(true);
    }
  });
});
