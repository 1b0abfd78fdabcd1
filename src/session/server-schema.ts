/**
 * Schema strings as the server reads them: DDL parsed by Spark's own parser (AnalyzePlan
 * `ddl_parse`) and a schema rendered as DDL by Spark (AnalyzePlan `json_to_ddl`, Spark 4.0+), as
 * PySpark's Connect session does for `createDataFrame(schema='...')` and `StructType.toDDL`.
 */
import type { CallOptions, SessionRpc } from '../client/session-rpc.js';
import { ProtocolError } from '../errors/base.js';
import { type DataType, fromProtoDataType, StructType } from '../types/index.js';

/** Parses a DDL schema or type string with the server's parser. @internal */
export async function parseDdlOnServer(rpc: SessionRpc, ddl: string, opts?: CallOptions): Promise<DataType> {
  if (typeof ddl !== 'string' || ddl.trim() === '') {
    throw new TypeError('parseDataType() takes a non-empty DDL string, e.g. "a INT, b STRING"');
  }
  const resp = await rpc.analyze({ case: 'ddlParse', value: { ddlString: ddl } }, opts);
  if (resp.result.case !== 'ddlParse' || resp.result.value.parsed === undefined) {
    throw new ProtocolError('The server did not answer the ddl_parse request with a data type');
  }
  return fromProtoDataType(resp.result.value.parsed);
}

/** Renders a schema as DDL with the server (json_to_ddl). @internal */
export async function schemaToDdlOnServer(
  rpc: SessionRpc,
  schema: StructType,
  opts?: CallOptions,
): Promise<string> {
  if (!(schema instanceof StructType)) {
    throw new TypeError('toDDL() takes a StructType (a schema)');
  }
  const resp = await rpc.analyze({ case: 'jsonToDdl', value: { jsonString: schema.json() } }, opts);
  if (resp.result.case !== 'jsonToDdl') {
    throw new ProtocolError('The server did not answer the json_to_ddl request with a DDL string');
  }
  return resp.result.value.ddlString;
}
