/**
 * `spark.udf`: registers Java user-defined functions that the server loads by class name
 * (a RegisterFunction command holding a CommonInlineUserDefinedFunction with a JavaUDF), as
 * PySpark's `spark.udf.registerJavaFunction` / `registerJavaUDAF` do. The class must be on the
 * server's class path, e.g. from a jar uploaded with `spark.addArtifacts()`.
 */
import type { ExecuteOptions } from '../client/execute.js';
import { DataType, parseDataType, toProtoDataType } from '../types/index.js';
import { type CommandType, runSessionCommand } from './command.js';
import type { SparkSession } from './spark-session.js';

/** A Java class name: dot-separated Java identifiers, `$` for nested classes. */
const JAVA_CLASS_NAME = /^[\p{L}_$][\p{L}\p{N}_$]*(\.[\p{L}_$][\p{L}\p{N}_$]*)*$/u;

function requireName(method: string, what: string, value: unknown): string {
  if (typeof value !== 'string' || value.trim().length === 0) {
    throw new TypeError(`${method}(): '${what}' must be a non-empty string, got ${describe(value)}`);
  }
  return value;
}

function requireClassName(method: string, value: unknown): string {
  const name = requireName(method, 'javaClassName', value);
  if (!JAVA_CLASS_NAME.test(name)) {
    throw new TypeError(
      `${method}(): 'javaClassName' must be a fully qualified Java class name (e.g. com.example.MyUdf), got '${name}'`,
    );
  }
  return name;
}

function describe(v: unknown): string {
  if (v === null) return 'null';
  if (typeof v === 'string') return `'${v}'`;
  return typeof v;
}

/**
 * The RegisterFunction command of a Java UDF or UDAF. `returnType` undefined leaves the output
 * type out, so the server infers it from the class's generic signature (UDF1<A, R> → R), as
 * PySpark does without a returnType. @internal
 */
export function javaUdfCommand(
  name: string,
  javaClassName: string,
  returnType: DataType | undefined,
  aggregate: boolean,
): CommandType {
  return {
    case: 'registerFunction',
    value: {
      functionName: name,
      function: {
        case: 'javaUdf',
        value: {
          className: javaClassName,
          aggregate,
          ...(returnType === undefined ? {} : { outputType: toProtoDataType(returnType) }),
        },
      },
    },
  };
}

/**
 * Registers Java functions for SQL and `F.call_udf`: `spark.udf`.
 *
 * @example
 * await spark.addArtifacts('/libs/udfs.jar');
 * await spark.udf.registerJavaFunction('str_len', 'com.example.StrLen', 'int');
 * await spark.sql("SELECT str_len('hello')"); // 5
 */
export class UDFRegistration {
  /** @internal Use `spark.udf`. */
  constructor(private readonly session: SparkSession) {}

  /**
   * Registers a Java UDF (a class implementing `org.apache.spark.sql.api.java.UDF1` ... `UDF22`
   * with a public no-argument constructor) under `name` for this session. `returnType` is a
   * DataType or a DDL type string (`'int'`, `'array<string>'`); without it the server infers the
   * type from the class's generic return type. The function is then callable from SQL and with
   * `F.call_udf(name, ...cols)`.
   *
   * @example
   * await spark.udf.registerJavaFunction('plus_one', 'com.example.PlusOne', DataTypes.long);
   * await spark.range(3).select(F.call_udf('plus_one', 'id')).collect(); // 1n, 2n, 3n
   * @throws TypeError for an empty name or a malformed class name; DataTypeParseError for a bad
   *   DDL type; the server's AnalysisException when it cannot load the class
   */
  async registerJavaFunction(
    name: string,
    javaClassName: string,
    returnType?: DataType | string,
    opts?: ExecuteOptions,
  ): Promise<void> {
    const method = 'registerJavaFunction';
    requireName(method, 'name', name);
    requireClassName(method, javaClassName);
    let type: DataType | undefined;
    if (typeof returnType === 'string') type = parseDataType(returnType);
    else if (returnType instanceof DataType) type = returnType;
    else if (returnType !== undefined) {
      throw new TypeError(
        `${method}(): 'returnType' must be a DataType or a DDL type string, got ${describe(returnType)}`,
      );
    }
    await runSessionCommand(this.session, javaUdfCommand(name, javaClassName, type, false), opts);
  }

  /**
   * Registers a Java user-defined aggregate function (a class extending
   * `org.apache.spark.sql.expressions.UserDefinedAggregateFunction`, with a public no-argument
   * constructor) under `name` for this session; its types come from the class itself. Callable
   * from SQL (also with GROUP BY) and with `F.call_udf`.
   *
   * @example
   * await spark.udf.registerJavaUDAF('my_sum', 'com.example.MySum');
   * await spark.sql('SELECT k, my_sum(v) FROM t GROUP BY k');
   * @throws TypeError for an empty name or a malformed class name; the server's error when the
   *   class cannot be loaded or is not a UserDefinedAggregateFunction
   */
  async registerJavaUDAF(name: string, javaClassName: string, opts?: ExecuteOptions): Promise<void> {
    const method = 'registerJavaUDAF';
    requireName(method, 'name', name);
    requireClassName(method, javaClassName);
    await runSessionCommand(this.session, javaUdfCommand(name, javaClassName, undefined, true), opts);
  }
}
