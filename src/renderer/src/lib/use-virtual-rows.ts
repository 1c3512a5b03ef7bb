import { computed, onBeforeUnmount, onMounted, ref, type ComputedRef, type Ref } from 'vue';
import { visibleRows } from './visible-rows';

/** What a list drawn through {@link useVirtualRows} binds. */
export interface VirtualRows<T> {
  /** the scrolled box (bind with `ref="box"`) */
  box: Ref<HTMLElement | null>;
  /** the rows to draw: index of the first in the list, the rows, and the heights of the spacers above and below, in px */
  shown: ComputedRef<{ first: number; rows: T[]; abovePx: number; belowPx: number }>;
  /** the box's scroll handler */
  onScroll: () => void;
  /** scrolls the box so that row `index` is the first shown, unless it is shown already */
  reveal: (index: number) => void;
}

/**
 * A long list of fixed-height rows in a scrolled box, of which only the rows the box shows (and `overscan` more on
 * each side) are in the DOM, between two spacers that keep the scroll height: a 24 h record's thousands of events
 * and episodes would otherwise cost every style and layout pass of the record screen tens of thousands of elements.
 * @param list - the rows
 * @param rowPx - each row's height, in px (its style must fix it)
 * @param boxPx - the box's height until it is measured, in px
 * @param overscan - rows drawn beyond each edge of the box
 */
export function useVirtualRows<T>(list: () => readonly T[], rowPx: number, boxPx: number, overscan: number): VirtualRows<T> {
  const box = ref<HTMLElement | null>(null);
  const scrollTopPx = ref(0);
  const heightPx = ref(boxPx);
  const shown = computed(() => {
    const rows = list();
    const { first, end } = visibleRows(scrollTopPx.value, heightPx.value, rowPx, rows.length, overscan);
    return { first, rows: rows.slice(first, end), abovePx: first * rowPx, belowPx: Math.max(0, rows.length - end) * rowPx };
  });
  const onScroll = (): void => {
    if (box.value) scrollTopPx.value = box.value.scrollTop;
  };
  const reveal = (index: number): void => {
    const el = box.value;
    if (!el) return;
    const top = index * rowPx;
    if (top >= el.scrollTop && top + rowPx <= el.scrollTop + el.clientHeight) return;
    el.scrollTop = top;
    scrollTopPx.value = el.scrollTop;
  };
  let resize: ResizeObserver | null = null;
  onMounted(() => {
    resize = new ResizeObserver(() => {
      if (box.value) heightPx.value = box.value.clientHeight;
    });
    if (box.value) resize.observe(box.value);
  });
  onBeforeUnmount(() => resize?.disconnect());
  return { box, shown, onScroll, reveal };
}
