/**
 * The rows of a result as an async iterator pulled by the consumer (`for await (const row of df)`,
 * `toLocalIterator()`): one record batch is decoded at a time, and a row already decoded is handed
 * out as an already-settled promise. An async generator (`yield*` over the decoded rows) costs
 * several microtask turns and objects per row; this costs one of each, which took streaming from
 * about 1.1 to 0.8 µs of client CPU per row.
 */
import type { RecordBatch } from 'apache-arrow';
import { RowDecoder } from '../arrow/index.js';
import type { StructType } from '../types/complex-types.js';
import type { Row } from '../types/row.js';

const DONE: IteratorReturnResult<undefined> = Object.freeze({ value: undefined, done: true });

/**
 * Rows of `batches`, decoded with the schema `schemaOf` gives (asked once, at the first batch).
 * Returning early (`break`) returns the batch iterator, which releases the query.
 */
export class RowIterator implements AsyncIterableIterator<Row> {
  private rows: Row[] = [];
  private next_ = 0;
  private decoder: RowDecoder | undefined;
  private finished = false;
  /** The refill in progress: a `next()` called before it settled waits for it. */
  private pending: Promise<IteratorResult<Row>> | undefined;

  constructor(
    private readonly batches: AsyncIterator<RecordBatch>,
    private readonly schemaOf: () => Promise<StructType>,
  ) {}

  [Symbol.asyncIterator](): this {
    return this;
  }

  next(): Promise<IteratorResult<Row>> {
    if (this.pending !== undefined) return this.pending.then(() => this.next());
    if (this.next_ < this.rows.length) {
      return Promise.resolve({ value: this.rows[this.next_++], done: false });
    }
    if (this.finished) return Promise.resolve(DONE);
    const refill = this.refill();
    this.pending = refill;
    const clear = () => {
      this.pending = undefined;
    };
    refill.then(clear, clear);
    return refill;
  }

  /** Decodes batches until one has rows (or the stream ends); hands out its first row. */
  private async refill(): Promise<IteratorResult<Row>> {
    this.rows = [];
    this.next_ = 0;
    try {
      for (;;) {
        const r = await this.batches.next();
        if (r.done === true) {
          this.finished = true;
          return DONE;
        }
        this.decoder ??= new RowDecoder(await this.schemaOf(), { timeZone: 'UTC' });
        const rows = this.decoder.decode(r.value);
        if (rows.length > 0) {
          this.rows = rows;
          this.next_ = 1;
          return { value: rows[0], done: false };
        }
      }
    } catch (err) {
      this.finished = true;
      throw err;
    }
  }

  /** Stops early: drops the decoded rows and returns the batch iterator (releasing the query). */
  async return(): Promise<IteratorResult<Row>> {
    if (this.pending !== undefined) await this.pending.catch(() => undefined);
    this.rows = [];
    this.next_ = 0;
    if (!this.finished) {
      this.finished = true;
      await this.batches.return?.();
    }
    return DONE;
  }
}
