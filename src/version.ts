/**
 * Version constants. Kept by hand in sync with package.json and src/gen/SPARK_RELEASE; unit tests
 * (test/unit/connection-string.test.ts) fail when they drift apart.
 */

/** The version of this client (equal to package.json's `version`). */
export const CLIENT_VERSION = '0.1.0';

/** The Spark release the generated protobuf code in src/gen was built from (src/gen/SPARK_RELEASE). */
export const SPARK_PROTO_VERSION = '4.3.0';
