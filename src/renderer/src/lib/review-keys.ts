/**
 * The review loop's keys, apart from the strip's (`keyboard-commands.ts`), as a pure function of the key event:
 * Ctrl/Cmd+Z undo, Ctrl/Cmd+Shift+Z and Ctrl/Cmd+Y redo, A toggles artefact on the selected beat, Delete/Backspace
 * deletes it, Insert or + inserts a missed beat after it, E / Shift+E open the next / previous event.
 */
import type { KeyInput } from './keyboard-commands';

/** What a review key asks for. */
export type ReviewCommand = 'undo' | 'redo' | 'toggle-artefact' | 'delete-beat' | 'insert-beat' | 'next-event' | 'previous-event';

/**
 * @param input - the key event's key and modifiers
 * @param typing - whether the focus is in a text field (then nothing maps, so the field keeps its own undo)
 * @returns the command, or null when the key is not a review key
 */
export function reviewKeyCommand(input: KeyInput, typing: boolean): ReviewCommand | null {
  if (typing || input.altKey) return null;
  const chord = input.ctrlKey || input.metaKey;
  const key = input.key.length === 1 ? input.key.toLowerCase() : input.key;
  if (chord) {
    if (key === 'z') return input.shiftKey ? 'redo' : 'undo';
    if (key === 'y' && !input.shiftKey) return 'redo';
    return null;
  }
  switch (key) {
    case 'a':
      return input.shiftKey ? null : 'toggle-artefact';
    case 'e':
      return input.shiftKey ? 'previous-event' : 'next-event';
    case 'Delete':
    case 'Backspace':
      return 'delete-beat';
    case 'Insert':
    case '+':
      return 'insert-beat';
    default:
      return null;
  }
}
