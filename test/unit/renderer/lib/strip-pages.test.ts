import { describe, expect, it } from 'vitest';
import { StripPages, type StripSpan } from '../../../../src/renderer/src/lib/strip-pages';

const span = (startSample: number, recordId = 1): StripSpan => ({ recordId, startSample, endSample: startSample + 3600 });

/** Pages whose requests are answered by hand: `asked` lists each request, `answer(i, value)` settles the i-th. */
function manual() {
  const asked: { span: StripSpan; resolve: (value: string | undefined) => void }[] = [];
  const pages = new StripPages<string>((s) => new Promise((resolve) => asked.push({ span: s, resolve })));
  const answer = async (i: number, value: string | undefined): Promise<void> => {
    asked[i]?.resolve(value);
    await Promise.resolve();
    await Promise.resolve();
  };
  return { pages, asked, answer };
}

describe('strip pages', () => {
  it('asks for each page ahead once, and has its reply at hand once it is in', async () => {
    const { pages, asked, answer } = manual();
    pages.keep([], [span(3600), span(7200)]);
    pages.keep([], [span(3600), span(7200)]);
    expect(asked.map((a) => a.span.startSample)).toEqual([3600, 7200]);
    expect(pages.find(span(3600))?.settled).toBeUndefined();
    await answer(0, 'page 2');
    expect(pages.find(span(3600))?.settled).toBe('page 2');
    expect(pages.find(span(7200))?.settled).toBeUndefined();
    expect(pages.find(span(0))).toBeNull();
    expect(pages.find(span(3600, 2))).toBeNull();
  });

  it('keeps the page just left when it is wanted behind, without asking for it', async () => {
    const { pages, asked } = manual();
    pages.show(span(0), 'page 1');
    pages.show(span(3600), 'page 2');
    pages.keep([span(0)], [span(7200)]);
    expect(pages.find(span(0))?.settled).toBe('page 1');
    expect(asked.map((a) => a.span.startSample)).toEqual([7200]);
    // a page that is not wanted (behind or ahead) is forgotten
    pages.keep([], [span(7200)]);
    expect(pages.find(span(0))).toBeNull();
    expect(asked).toHaveLength(1);
  });

  it('does not keep a failed reply, and forgets every page (the shown one too) when cleared', async () => {
    const { pages, asked, answer } = manual();
    pages.keep([], [span(3600)]);
    await answer(0, undefined);
    expect(pages.find(span(3600))?.settled).toBeUndefined();
    pages.show(span(0), 'before the edit');
    pages.clear();
    expect(pages.find(span(3600))).toBeNull();
    pages.show(span(3600), 'after the edit');
    pages.keep([span(0)], []);
    // the page shown before the clear may hold beats the edit changed: it is not kept
    expect(pages.find(span(0))).toBeNull();
    expect(asked).toHaveLength(1);
  });
});
