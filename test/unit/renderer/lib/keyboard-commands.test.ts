import { describe, expect, it } from 'vitest';
import { isTypingTarget, keyCommand } from '../../../../src/renderer/src/lib/keyboard-commands';

const key = (k: string, mods: Partial<{ shiftKey: boolean; ctrlKey: boolean; metaKey: boolean; altKey: boolean }> = {}) => ({
  key: k,
  shiftKey: false,
  ctrlKey: false,
  metaKey: false,
  altKey: false,
  ...mods,
});

describe('record view keyboard map', () => {
  it('pages the strip with the arrows and Page Up/Down, and scrolls 1 s with Shift+arrows', () => {
    expect(keyCommand(key('ArrowRight'), false)).toEqual({ kind: 'page', pages: 1 });
    expect(keyCommand(key('ArrowLeft'), false)).toEqual({ kind: 'page', pages: -1 });
    expect(keyCommand(key('PageDown'), false)).toEqual({ kind: 'page', pages: 1 });
    expect(keyCommand(key('PageUp'), false)).toEqual({ kind: 'page', pages: -1 });
    expect(keyCommand(key('ArrowRight', { shiftKey: true }), false)).toEqual({ kind: 'scroll', seconds: 1 });
    expect(keyCommand(key('ArrowLeft', { shiftKey: true }), false)).toEqual({ kind: 'scroll', seconds: -1 });
  });

  it('leaves Tab and Shift+Tab to the browser (focus moves to the controls) and steps beats with ] and [', () => {
    expect(keyCommand(key('Tab'), false)).toBeNull();
    expect(keyCommand(key('Tab', { shiftKey: true }), false)).toBeNull();
    expect(keyCommand(key(']'), false)).toEqual({ kind: 'step-selection', direction: 1 });
    expect(keyCommand(key('['), false)).toEqual({ kind: 'step-selection', direction: -1 });
  });

  it('relabels with N S V F Q in either case and clears with Esc', () => {
    expect(keyCommand(key('v'), false)).toEqual({ kind: 'relabel', label: 'V' });
    expect(keyCommand(key('S', { shiftKey: true }), false)).toEqual({ kind: 'relabel', label: 'S' });
    expect(keyCommand(key('q'), false)).toEqual({ kind: 'relabel', label: 'Q' });
    expect(keyCommand(key('x'), false)).toBeNull();
    expect(keyCommand(key('Escape'), false)).toEqual({ kind: 'clear-selection' });
  });

  it('stays quiet while typing and on Ctrl/Meta/Alt chords', () => {
    expect(keyCommand(key('v'), true)).toBeNull();
    expect(keyCommand(key('ArrowRight'), true)).toBeNull();
    expect(keyCommand(key('r', { ctrlKey: true }), false)).toBeNull();
    expect(keyCommand(key('ArrowLeft', { altKey: true }), false)).toBeNull();
    expect(keyCommand(key('v', { metaKey: true }), false)).toBeNull();
  });

  it('treats text fields as typing, checkboxes and buttons not', () => {
    expect(isTypingTarget({ tagName: 'INPUT', type: 'text' })).toBe(true);
    expect(isTypingTarget({ tagName: 'input' })).toBe(true);
    expect(isTypingTarget({ tagName: 'TEXTAREA' })).toBe(true);
    expect(isTypingTarget({ tagName: 'SELECT' })).toBe(true);
    expect(isTypingTarget({ tagName: 'DIV', isContentEditable: true })).toBe(true);
    expect(isTypingTarget({ tagName: 'INPUT', type: 'checkbox' })).toBe(false);
    expect(isTypingTarget({ tagName: 'BUTTON' })).toBe(false);
    expect(isTypingTarget(null)).toBe(false);
  });
});
