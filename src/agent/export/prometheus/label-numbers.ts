// A number for each label text the exporter's series use, shared by every family. A family then indexes its
// series by these small integers in typed arrays (family.ts) instead of by the text in a Map of its own.
//
// Why: one label text is usually shared by many families (a distribution's ten, a rate's gauge and
// counter, every metric of a tag set), and a Map entry per series cost ~33 bytes: 6.2 MB of the agent's
// 36.5 MB live heap at 50,000 contexts and 188,000 series (bench/FINDINGS.md, item 30). Numbers are counted by
// the series using them and reused once none does, so they stay below the number of series.

import { grownTo } from '../../typed-array-growth';

export class LabelNumbers {
  private readonly numberOf = new Map<string, number>();
  private texts: (string | undefined)[] = [];
  private users = new Int32Array(64);
  private readonly free: number[] = [];

  /** The text's number, if a series uses it. */
  find(text: string): number | undefined {
    return this.numberOf.get(text);
  }

  /** The text's number for one more series using it (a new number if none does). */
  retain(text: string): number {
    let number = this.numberOf.get(text);
    if (number === undefined) {
      number = this.free.pop() ?? this.texts.length;
      if (number === this.texts.length) this.texts.push(text);
      else this.texts[number] = text;
      if (number >= this.users.length) this.users = grownTo(this.users, this.users.length * 2);
      this.numberOf.set(text, number);
    }
    this.users[number] = (this.users[number] as number) + 1;
    return number;
  }

  /** One series less uses the number; the last one gives the number back. */
  release(number: number): void {
    const left = (this.users[number] as number) - 1;
    this.users[number] = left;
    if (left > 0) return;
    const text = this.texts[number];
    if (text !== undefined) this.numberOf.delete(text);
    this.texts[number] = undefined;
    this.free.push(number);
  }

  text(number: number): string {
    return this.texts[number] ?? '';
  }
}
