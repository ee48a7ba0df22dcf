/**
 * Many small binary max-heaps in one buffer, for the stable mechanism: one heap per offer
 * (its tentatively admitted students) and one per enterprise whose capacity binds. The worst
 * admitted student is the top; any member can be removed (an enterprise rejecting its worst
 * student takes them off their offer's heap too).
 *
 * A member belongs to at most one heap of a family at a time (a student holds at most one
 * offer), so one position array per member serves every heap of the family.
 */
export class GroupedMaxHeaps {
  private readonly start: Int32Array;
  private readonly size: Int32Array;
  private readonly items: Int32Array;
  /** Per member: its index in its heap's slice of `items`, or -1 when in no heap. */
  private readonly position: Int32Array;

  /**
   * @param slots the most members each heap ever holds at once
   * @param key per member, the value the heaps order by (larger = nearer the top); read live,
   *   so a member's key must not change while it is in a heap
   */
  constructor(slots: ArrayLike<number>, memberCount: number, private readonly key: Int32Array) {
    const groups = slots.length;
    this.start = new Int32Array(groups + 1);
    for (let g = 0; g < groups; g++) this.start[g + 1] = this.start[g] + slots[g];
    this.size = new Int32Array(groups);
    this.items = new Int32Array(this.start[groups]);
    this.position = new Int32Array(memberCount).fill(-1);
  }

  count(group: number): number {
    return this.size[group];
  }

  /** The member with the largest key; the heap must not be empty. */
  top(group: number): number {
    return this.items[this.start[group]];
  }

  push(group: number, member: number): void {
    const i = this.size[group]++;
    this.place(group, i, member);
    this.siftUp(group, i);
  }

  remove(group: number, member: number): void {
    const i = this.position[member];
    const last = --this.size[group];
    this.position[member] = -1;
    if (i === last) return;
    const moved = this.items[this.start[group] + last];
    this.place(group, i, moved);
    this.siftUp(group, i);
    this.siftDown(group, this.position[moved]);
  }

  private place(group: number, i: number, member: number): void {
    this.items[this.start[group] + i] = member;
    this.position[member] = i;
  }

  private siftUp(group: number, i: number): void {
    const base = this.start[group];
    const member = this.items[base + i];
    const key = this.key[member];
    while (i > 0) {
      const parent = (i - 1) >> 1;
      const above = this.items[base + parent];
      if (this.key[above] >= key) break;
      this.place(group, i, above);
      i = parent;
    }
    this.place(group, i, member);
  }

  private siftDown(group: number, i: number): void {
    const base = this.start[group];
    const size = this.size[group];
    const member = this.items[base + i];
    const key = this.key[member];
    for (;;) {
      let child = 2 * i + 1;
      if (child >= size) break;
      if (child + 1 < size && this.key[this.items[base + child + 1]] > this.key[this.items[base + child]]) child++;
      const below = this.items[base + child];
      if (this.key[below] <= key) break;
      this.place(group, i, below);
      i = child;
    }
    this.place(group, i, member);
  }
}
