/**
 * Binary search over a range ordered so that `holds` is false up to some index and true from
 * there on: that first index where it holds (`length` when it never does). The in-memory
 * indexes of published runs find sort keys and cursors this way.
 */
export function firstIndexWhere(length: number, holds: (index: number) => boolean): number {
  let low = 0;
  let high = length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (holds(middle)) high = middle;
    else low = middle + 1;
  }
  return low;
}
