/**
 * Live progress on stderr. On a terminal one line is redrawn in place; when piped, a plain line is printed only when
 * the text changes, so logs stay short.
 */
import type { TextOut } from './cli-io';

/** When piped, how often an unchanged state is printed again, in milliseconds. */
export const PIPED_REPEAT_MS = 15_000;

/** A progress line that redraws on a TTY and, when piped, prints on a change of state (or every 15 s). */
export class ProgressLine {
  private last = '';
  private lastKey = '';
  private lastPrintedAt = 0;
  private drawn = false;

  constructor(
    private readonly out: TextOut,
    private readonly now: () => number = Date.now,
  ) {}

  /**
   * Shows `text` (one line). `key` is the part of the state that matters when piped (say, the status and poll count,
   * not the elapsed time); it defaults to the text.
   */
  update(text: string, key: string = text): void {
    if (text === this.last) return;
    this.last = text;
    if (!this.out.isTTY) {
      if (key === this.lastKey && this.now() - this.lastPrintedAt < PIPED_REPEAT_MS) return;
      this.lastKey = key;
      this.lastPrintedAt = this.now();
      this.out.write(`${text}\n`);
      return;
    }
    {
      const width = this.out.columns ?? 120;
      this.out.write(`\r\x1b[2K${text.length > width - 1 ? text.slice(0, width - 2) + '…' : text}`);
      this.drawn = true;
    }
  }

  /** Ends the line so that what follows starts on a fresh one. */
  done(): void {
    if (this.drawn) this.out.write('\n');
    this.drawn = false;
  }
}

/** `[#########...........]` for `done` of `total`, `width` characters inside the brackets. */
export function progressBar(done: number, total: number, width = 24): string {
  const filled = total > 0 ? Math.round((done / total) * width) : 0;
  return `[${'#'.repeat(filled)}${'.'.repeat(width - filled)}]`;
}
