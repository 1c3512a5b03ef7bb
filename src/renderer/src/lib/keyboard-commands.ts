/**
 * The record view's keyboard map, as a pure function of the key event so it can be tested without a DOM.
 */
import { AAMI_CLASSES, type AamiClass } from '../../../shared/labels';

/** Strip scrolling step (Shift + ← / →), in s; ← / → and Page Up / Page Down move one page (what the screen shows). */
export const SCROLL_STEP_S = 1;

/** What a key asks the record view to do. */
export type StripCommand =
  | { kind: 'page'; pages: 1 | -1 }
  | { kind: 'scroll'; seconds: number }
  | { kind: 'go-to-edge'; edge: 'start' | 'end' }
  | { kind: 'step-selection'; direction: 1 | -1 }
  | { kind: 'relabel'; label: AamiClass }
  | { kind: 'clear-selection' };

/** The parts of a `KeyboardEvent` the map reads. */
export interface KeyInput {
  key: string;
  shiftKey: boolean;
  ctrlKey: boolean;
  metaKey: boolean;
  altKey: boolean;
}

/** The parts of an event target that tell whether the user is typing. */
export interface TargetInput {
  tagName?: string;
  type?: string;
  isContentEditable?: boolean;
}

const NON_TEXT_INPUT_TYPES: ReadonlySet<string> = new Set(['checkbox', 'radio', 'button', 'submit', 'reset', 'range', 'color']);

/**
 * Whether keystrokes on this element are text entry (so the strip shortcuts must stay quiet).
 * @param target - the focused element, or null
 * @returns true for textareas, selects, contenteditable elements and inputs other than checkbox/radio/button-like ones
 */
export function isTypingTarget(target: TargetInput | null): boolean {
  if (!target) return false;
  if (target.isContentEditable === true) return true;
  const tag = (target.tagName ?? '').toUpperCase();
  if (tag === 'TEXTAREA' || tag === 'SELECT') return true;
  if (tag !== 'INPUT') return false;
  return !NON_TEXT_INPUT_TYPES.has((target.type ?? 'text').toLowerCase());
}

/**
 * Maps a key press to a strip command: ←/→ and Page Up/Page Down move one page, Shift+←/→ scroll
 * {@link SCROLL_STEP_S}, Home/End go to the record's edges, ]/[ step the beat selection, N S V F Q relabel the
 * selected beat, Esc clears the selection (and the calipers). Tab is never taken: it moves the focus as everywhere.
 * @param input - the key event's key and modifiers
 * @param typing - whether the focus is in a text field (then nothing maps)
 * @returns the command, or null when the key is not a shortcut (Ctrl/Meta/Alt chords never are)
 */
export function keyCommand(input: KeyInput, typing: boolean): StripCommand | null {
  if (typing || input.ctrlKey || input.metaKey || input.altKey) return null;
  switch (input.key) {
    case 'ArrowRight':
      return input.shiftKey ? { kind: 'scroll', seconds: SCROLL_STEP_S } : { kind: 'page', pages: 1 };
    case 'ArrowLeft':
      return input.shiftKey ? { kind: 'scroll', seconds: -SCROLL_STEP_S } : { kind: 'page', pages: -1 };
    case 'PageDown':
      return { kind: 'page', pages: 1 };
    case 'PageUp':
      return { kind: 'page', pages: -1 };
    case 'Home':
      return { kind: 'go-to-edge', edge: 'start' };
    case 'End':
      return { kind: 'go-to-edge', edge: 'end' };
    case ']':
      return { kind: 'step-selection', direction: 1 };
    case '[':
      return { kind: 'step-selection', direction: -1 };
    case 'Escape':
      return { kind: 'clear-selection' };
    default: {
      const upper = input.key.length === 1 ? input.key.toUpperCase() : '';
      const label = AAMI_CLASSES.find((c) => c === upper);
      return label === undefined ? null : { kind: 'relabel', label };
    }
  }
}
