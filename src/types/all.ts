/**
 * @internal Every data type class under one name, for the modules that handle all of them (DDL,
 * JSON and protobuf mapping, `DataTypes`): `import * as T from './all.js'`, then `T.StringType`.
 */
export * from './complex-types.js';
export * from './data-types.js';
export * from './timestamp-nanos-types.js';
