import { describe, expect, it } from 'vitest';
import { reviewKeyCommand } from '../../../../src/renderer/src/lib/review-keys';

const key = (k: string, mods: Partial<{ shiftKey: boolean; ctrlKey: boolean; metaKey: boolean; altKey: boolean }> = {}) => ({
  key: k,
  shiftKey: false,
  ctrlKey: false,
  metaKey: false,
  altKey: false,
  ...mods,
});

describe('reviewKeyCommand', () => {
  it('maps Ctrl/Cmd+Z to undo and Ctrl/Cmd+Shift+Z or Ctrl+Y to redo (Shift gives an upper-case Z)', () => {
    expect(reviewKeyCommand(key('z', { ctrlKey: true }), false)).toBe('undo');
    expect(reviewKeyCommand(key('z', { metaKey: true }), false)).toBe('undo');
    expect(reviewKeyCommand(key('Z', { ctrlKey: true, shiftKey: true }), false)).toBe('redo');
    expect(reviewKeyCommand(key('y', { ctrlKey: true }), false)).toBe('redo');
    expect(reviewKeyCommand(key('z'), false)).toBeNull();
  });

  it('maps the beat edits, and nothing while typing or with Alt', () => {
    expect(reviewKeyCommand(key('a'), false)).toBe('toggle-artefact');
    expect(reviewKeyCommand(key('Delete'), false)).toBe('delete-beat');
    expect(reviewKeyCommand(key('Backspace'), false)).toBe('delete-beat');
    expect(reviewKeyCommand(key('Insert'), false)).toBe('insert-beat');
    expect(reviewKeyCommand(key('e'), false)).toBe('next-event');
    expect(reviewKeyCommand(key('E', { shiftKey: true }), false)).toBe('previous-event');
    expect(reviewKeyCommand(key('+', { shiftKey: true }), false)).toBe('insert-beat');
    expect(reviewKeyCommand(key('a'), true)).toBeNull();
    expect(reviewKeyCommand(key('z', { ctrlKey: true }), true)).toBeNull();
    expect(reviewKeyCommand(key('Delete', { altKey: true }), false)).toBeNull();
    // the relabel keys stay the strip's
    expect(reviewKeyCommand(key('v'), false)).toBeNull();
  });
});
