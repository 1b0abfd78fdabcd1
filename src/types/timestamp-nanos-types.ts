/**
 * Spark 4.3's nanosecond-precision timestamp types, `timestamp_ntz(p)` and `timestamp_ltz(p)`
 * with 7 ≤ p ≤ 9. A 4.3 server only accepts them with `spark.sql.timestampNanosTypes.enabled=true`;
 * precision 6 is the ordinary microsecond `timestamp_ntz` / `timestamp`.
 */

import { OneParameterType } from './data-types.js';

/** Base of the two nanosecond timestamp types. @internal */
abstract class TimestampNanosType extends OneParameterType {
  static readonly MIN_PRECISION = 7;
  static readonly MAX_PRECISION = 9;

  /** @param precision fraction digits of the second, 7..9 (default 9) */
  constructor(readonly precision: number = 9) {
    super();
    if (!Number.isInteger(precision) || precision < 7 || precision > 9) {
      throw new RangeError(
        `${new.target.name} precision ${precision} is out of range [7, 9] (use the microsecond type for 0..6)`,
      );
    }
  }
  protected get parameter(): number {
    return this.precision;
  }
  typeName(): string {
    return this.simpleString();
  }
}

/**
 * `timestamp_ntz(p)` (Spark 4.3+, behind `spark.sql.timestampNanosTypes.enabled`): a wall-clock
 * date-time without time zone with 7..9 fraction digits; values are `SparkTimestampNTZNanos`.
 *
 * @example
 * new TimestampNTZNanosType(9).simpleString(); // 'timestamp_ntz(9)'
 * new TimestampNTZNanosType(7).sql();          // 'TIMESTAMP_NTZ(7)'
 */
export class TimestampNTZNanosType extends TimestampNanosType {
  readonly kind = 'timestamp_ntz_nanos' as const;
  protected readonly name = 'timestamp_ntz';
}

/**
 * `timestamp_ltz(p)` (Spark 4.3+, behind `spark.sql.timestampNanosTypes.enabled`; `TIMESTAMP(p)`
 * in DDL): an instant with 7..9 fraction digits; values are `SparkTimestampNanos`.
 *
 * @example
 * new TimestampLTZNanosType(9).simpleString(); // 'timestamp_ltz(9)'
 * new TimestampLTZNanosType(8).json();         // '"timestamp_ltz(8)"'
 */
export class TimestampLTZNanosType extends TimestampNanosType {
  readonly kind = 'timestamp_ltz_nanos' as const;
  protected readonly name = 'timestamp_ltz';
}
