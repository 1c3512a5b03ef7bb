import { seededRandom } from '../../src/main/core/ml/seeded-random';

/**
 * Seeded generator of malformed variants of a valid binary file, for reader hardening tests (bad-file corpora).
 *
 * Format-neutral: the caller may describe the header's fields (offset, width, whether they hold an ASCII number or
 * text or a binary integer) to get targeted mutations, and a `fixup` that re-establishes an integrity check (e.g. a
 * header CRC) so that some variants get past it and exercise the validation behind it.
 */

/** A header field the generator may target. */
export interface MutationField {
  name: string;
  offset: number;
  width: number;
  /** `ascii-number`: space-padded decimal text (EDF); `ascii-text`; `binary`: little-endian integer bytes. */
  kind: 'ascii-number' | 'ascii-text' | 'binary';
}

/** Options of {@link binaryMutations}. */
export interface MutationOptions {
  /** Fields for targeted mutations (none: only format-neutral mutations). */
  fields?: readonly MutationField[];
  /** Re-computes an integrity check in place; applied to the `+fixup` twin of every header-field mutation. */
  fixup?: (bytes: Uint8Array) => void;
  /** Number of format-neutral cases added to the field-targeted ones (default 240). */
  count?: number;
}

/** One malformed file. */
export interface MutationCase {
  /** Unique, stable name: `kind:detail` (usable as a file name after replacing `/`). */
  name: string;
  /** The mutation family, e.g. `truncate`, `field-number`. */
  kind: string;
  bytes: Uint8Array;
}

const ASCII_NUMBERS = ['-1', '0', '99999999', '-99999999', '1e308', 'NaN', '+', '.', '1.5', '00000001', '2147483648', '  12  '];
const BINARY_INTS = [0, -1, 1, 0x7fffffff, -0x80000000, 0x7fff, -0x8000, 0xffff, 522, 4096];

function pad(text: string, width: number, left: boolean): Uint8Array {
  const s = (left ? text.padEnd(width, ' ') : text.padStart(width, ' ')).slice(0, width);
  return Uint8Array.from(s, (c) => c.charCodeAt(0) & 0xff);
}

/**
 * Makes malformed variants of a valid file: truncations (at random offsets and at every field boundary), appended
 * bytes, random byte flips and runs, zeroed and random blocks, inserted/deleted bytes (shifting every later field),
 * whole random files, and, for each described field, extreme or non-numeric numbers, non-ASCII bytes, binary
 * extremes, and the field's width changed (its text shifted into the next field).
 * @param seed any integer; the same seed and bytes give the same cases.
 * @param valid the valid file.
 * @param options fields, fixup and count; see {@link MutationOptions}.
 * @returns the cases, each with bytes different from `valid` (unless a fixup restored them, which is dropped).
 */
export function binaryMutations(seed: number, valid: Uint8Array, options: MutationOptions = {}): MutationCase[] {
  const random = seededRandom(seed);
  const int = (n: number): number => Math.floor(random() * n);
  const fields = options.fields ?? [];
  const cases: MutationCase[] = [];
  const seen = new Set<string>();
  const add = (kind: string, detail: string, bytes: Uint8Array, fixable: boolean): void => {
    const push = (name: string, b: Uint8Array): void => {
      if (seen.has(name) || (b.length === valid.length && b.every((v, i) => v === valid[i]))) return;
      seen.add(name);
      cases.push({ name, kind, bytes: b });
    };
    push(`${kind}:${detail}`, bytes);
    if (fixable && options.fixup !== undefined) {
      const fixed = bytes.slice();
      options.fixup(fixed);
      push(`${kind}:${detail}+fixup`, fixed);
    }
  };
  const copy = (): Uint8Array => valid.slice();

  for (const f of fields) {
    add('truncate', `before-${f.name}`, valid.slice(0, f.offset), false);
    add('truncate', `inside-${f.name}`, valid.slice(0, f.offset + Math.max(1, f.width >> 1)), false);
    if (f.kind === 'ascii-number') {
      for (const n of ASCII_NUMBERS) {
        const b = copy();
        b.set(pad(n, f.width, true), f.offset);
        add('field-number', `${f.name}=${n.trim()}`, b, true);
      }
      const right = copy();
      right.set(pad(new TextDecoder('latin1').decode(valid.subarray(f.offset, f.offset + f.width)).trim(), f.width, false), f.offset);
      add('field-width', `${f.name}-right-justified`, right, true);
    }
    if (f.kind === 'binary') {
      for (const v of BINARY_INTS) {
        const b = copy();
        const view = new DataView(b.buffer);
        if (f.width >= 4) view.setInt32(f.offset, v | 0, true);
        else if (f.width >= 2) view.setUint16(f.offset, v & 0xffff, true);
        else b[f.offset] = v & 0xff;
        add('field-binary', `${f.name}=${v}`, b, true);
      }
    }
    const nonAscii = copy();
    nonAscii[f.offset + int(f.width)] = 0x80 + int(0x80);
    add('field-non-ascii', f.name, nonAscii, true);
    const wider = copy();
    wider.copyWithin(f.offset + 1, f.offset, f.offset + f.width);
    add('field-width', `${f.name}-shifted-right`, wider, true);
    const narrower = copy();
    narrower.copyWithin(f.offset, f.offset + 1, f.offset + f.width + 1);
    add('field-width', `${f.name}-shifted-left`, narrower, true);
  }

  const families: (() => void)[] = [
    () => {
      const at = int(valid.length);
      add('truncate', `at-${at}`, valid.slice(0, at), false);
    },
    () => {
      const n = 1 + int(4096);
      const extra = Uint8Array.from({ length: n }, () => int(256));
      const b = new Uint8Array(valid.length + n);
      b.set(valid);
      b.set(extra, valid.length);
      add('append', `${n}-bytes`, b, false);
    },
    () => {
      const b = copy();
      const at = int(valid.length);
      b[at] = (b[at] as number) ^ (1 + int(255));
      add('flip', `byte-${at}`, b, true);
    },
    () => {
      const b = copy();
      const at = int(valid.length);
      const n = 1 + int(64);
      for (let i = at; i < Math.min(valid.length, at + n); i++) b[i] = int(256);
      add('random-run', `${at}+${n}`, b, true);
    },
    () => {
      const b = copy();
      const at = int(valid.length);
      const n = 1 + int(512);
      b.fill(0, at, at + n);
      add('zero-run', `${at}+${n}`, b, true);
    },
    () => {
      const at = int(valid.length);
      const b = new Uint8Array(valid.length + 1);
      b.set(valid.subarray(0, at));
      b[at] = int(256);
      b.set(valid.subarray(at), at + 1);
      add('insert-byte', `${at}`, b, true);
    },
    () => {
      const at = int(valid.length);
      const b = new Uint8Array(valid.length - 1);
      b.set(valid.subarray(0, at));
      b.set(valid.subarray(at + 1), at);
      add('delete-byte', `${at}`, b, true);
    },
    () => {
      const n = int(2 * valid.length + 1);
      add(
        'random-file',
        `${n}-bytes-${cases.length}`,
        Uint8Array.from({ length: n }, () => int(256)),
        false,
      );
    },
    () => {
      const b = copy();
      const head = Math.min(valid.length, 8);
      add(
        'random-file',
        `keep-magic-${cases.length}`,
        b.map((v, i) => (i < head ? v : int(256))),
        false,
      );
    },
  ];
  const target = cases.length + (options.count ?? 240);
  for (let guard = 0; cases.length < target && guard < target * 20; guard++) (families[int(families.length)] as () => void)();
  return cases;
}
