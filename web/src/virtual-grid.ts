import { h } from "./dom";

// A table too wide to lay out whole (the runs page with thousands of metric and param columns): the first columns
// always stay, the others have one fixed width, and only those in the horizontal view — plus a few on either side —
// are in the document. Two spacer cells per row stand for the columns left out, so the scroll width is the full
// table's, and scrolling swaps cells in and out. Rows are not virtualised: a page holds at most 1000 runs.

/** From this many param and metric columns on, the runs table keeps only the columns in view in the document. */
export const VIRTUAL_FROM = 50;

/** Width of each virtualised column, in CSS pixels. */
export const COLUMN_WIDTH = 140;

/** Columns kept on either side of the view, so a small scroll shows cells already there. */
const OVERSCAN = 4;

export interface VirtualRow {
  row: HTMLTableRowElement;
  /** The cells of the first columns, always present. */
  fixed: HTMLElement[];
  /** The text of virtualised column i. */
  text: (i: number) => string;
}

interface Line {
  left: HTMLElement;
  right: HTMLElement;
  cells: HTMLElement[];
}

interface BodyLine extends Line {
  text: (i: number) => string;
  /** The column each cell shows. */
  shown: number[];
}

export class VirtualGrid {
  public readonly scroller: HTMLDivElement;
  public readonly table: HTMLTableElement;
  private readonly head: Line & { make: (i: number) => HTMLElement };
  private readonly body: BodyLine[] = [];
  private readonly fixedWidth: number;
  private readonly fixedCount: number;
  private first = 0;
  private end = 0;
  private drawn = false;
  private readonly onScroll = (): void => this.update();

  /**
   * @param count virtualised columns
   * @param fixedHeaders header cells of the first columns, with their widths in CSS pixels
   * @param header makes the header cell of virtualised column i
   */
  public constructor(private readonly count: number, fixedHeaders: { cell: HTMLElement; width: number }[],
    header: (i: number) => HTMLElement, rows: VirtualRow[]) {
    this.fixedWidth = fixedHeaders.reduce((sum, f) => sum + f.width, 0);
    this.fixedCount = fixedHeaders.length;
    for (const f of fixedHeaders) f.cell.style.width = `${f.width}px`;
    const head = h("tr", null, fixedHeaders.map(f => f.cell));
    this.head = { ...spacers(head, "th"), cells: [], make: header };
    for (const r of rows) {
      r.row.append(...r.fixed);
      this.body.push({ ...spacers(r.row, "td"), cells: [], text: r.text, shown: [] });
    }
    this.table = h("table", { class: "grid virtual", "data-testid": "runs", "aria-colcount": fixedHeaders.length + count },
      h("thead", null, head), h("tbody", null, rows.map(r => r.row)));
    this.table.style.width = `${this.fixedWidth + count * COLUMN_WIDTH}px`;
    this.scroller = h("div", { class: "scroll" }, this.table);
    this.update(window.innerWidth);
  }

  /** Once in the document: follows scrolling and resizing, from the real width of the view. */
  public mount(): void {
    this.scroller.addEventListener("scroll", this.onScroll, { passive: true });
    window.addEventListener("resize", this.onScroll);
    this.update();
  }

  public dispose(): void {
    this.scroller.removeEventListener("scroll", this.onScroll);
    window.removeEventListener("resize", this.onScroll);
  }

  /**
   * Brings the columns in view into every row. Header cells (sort buttons) that stay in view are kept, so they keep
   * focus; body cells hold text only and are reused for whichever column comes into view.
   */
  private update(viewWidth = this.scroller.clientWidth): void {
    const from = this.scroller.scrollLeft - this.fixedWidth;
    const first = Math.max(0, Math.min(this.count, Math.floor(from / COLUMN_WIDTH) - OVERSCAN));
    const end = Math.max(first, Math.min(this.count, Math.ceil((from + viewWidth) / COLUMN_WIDTH) + OVERSCAN));
    if (this.drawn && first === this.first && end === this.end) return;
    this.updateHead(first, end);
    for (const line of this.body) this.updateBody(line, first, end);
    for (const line of [this.head, ...this.body]) {
      line.left.style.width = `${first * COLUMN_WIDTH}px`;
      line.right.style.width = `${(this.count - end) * COLUMN_WIDTH}px`;
    }
    this.first = first;
    this.end = end;
    this.drawn = true;
  }

  private updateHead(first: number, end: number): void {
    const line = this.head;
    const kept: HTMLElement[] = [];
    line.cells.forEach((cell, k) => {
      const i = this.first + k;
      if (i >= first && i < end) kept.push(cell); else cell.remove();
    });
    const before = this.headers(first, Math.min(end, Math.max(first, this.first)));
    const after = this.headers(Math.max(first, Math.min(end, this.end)), end);
    if (kept.length === 0) {
      line.left.after(...before, ...after);
    } else {
      line.left.after(...before);
      line.right.before(...after);
    }
    line.cells = [...before, ...kept, ...after];
  }

  private headers(from: number, to: number): HTMLElement[] {
    const cells: HTMLElement[] = [];
    for (let i = from; i < to; i++) {
      const cell = this.place(this.head.make(i), i);
      cell.style.width = `${COLUMN_WIDTH}px`; // the first row's widths are the columns' (table-layout: fixed)
      cells.push(cell);
    }
    return cells;
  }

  private updateBody(line: BodyLine, first: number, end: number): void {
    const size = end - first;
    while (line.cells.length > size) {
      line.cells.pop()?.remove();
      line.shown.pop();
    }
    while (line.cells.length < size) {
      const cell = h("td", null, "");
      line.right.before(cell);
      line.cells.push(cell);
      line.shown.push(-1);
    }
    line.cells.forEach((cell, k) => {
      const i = first + k;
      if (line.shown[k] === i) return;
      line.shown[k] = i;
      this.place(cell, i);
      const text = line.text(i);
      if (cell.firstChild instanceof Text) cell.firstChild.data = text; else cell.textContent = text;
    });
  }

  private place(cell: HTMLElement, i: number): HTMLElement {
    cell.setAttribute("aria-colindex", String(this.fixedCount + i + 1));
    return cell;
  }
}

function spacers(row: HTMLTableRowElement, tag: "th" | "td"): { left: HTMLElement; right: HTMLElement } {
  const left = h(tag, { class: "spacer", "aria-hidden": "true" });
  const right = h(tag, { class: "spacer", "aria-hidden": "true" });
  row.append(left, right);
  return { left, right };
}
