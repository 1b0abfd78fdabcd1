import { create } from '@bufbuild/protobuf';
import { describe, expect, it } from 'vitest';
import { DataTypeSchema } from '../../src/gen/spark/connect/types_pb.js';
import {
  ArrayType,
  BinaryType,
  BooleanType,
  ByteType,
  CalendarInterval,
  CalendarIntervalType,
  CharType,
  type DataType,
  DataTypeParseError,
  DataTypes,
  DateType,
  DayTimeIntervalType,
  DecimalType,
  DoubleType,
  dataTypeFromJson,
  FloatType,
  fromProtoDataType,
  GeographyType,
  GeometryType,
  IntegerType,
  LocalTime,
  LongType,
  MapType,
  NullType,
  parseDataType,
  parseDDL,
  ShortType,
  SparkTimestamp,
  SparkTimestampNTZ,
  StringType,
  StructField,
  StructType,
  structTypeFromJson,
  TimestampNTZType,
  TimestampType,
  TimeType,
  toProtoDataType,
  UnsupportedDataTypeError,
  UserDefinedType,
  VarcharType,
  VariantDecodeError,
  VariantType,
  VariantValue,
  YearMonthIntervalType,
} from '../../src/types/index.js';

/** Every type, with its simpleString, typeName, sql and JSON value. */
const CASES: [DataType, string, string, string, unknown][] = [
  [new NullType(), 'void', 'void', 'VOID', 'void'],
  [new BooleanType(), 'boolean', 'boolean', 'BOOLEAN', 'boolean'],
  [new ByteType(), 'tinyint', 'byte', 'TINYINT', 'byte'],
  [new ShortType(), 'smallint', 'short', 'SMALLINT', 'short'],
  [new IntegerType(), 'int', 'integer', 'INT', 'integer'],
  [new LongType(), 'bigint', 'long', 'BIGINT', 'long'],
  [new FloatType(), 'float', 'float', 'FLOAT', 'float'],
  [new DoubleType(), 'double', 'double', 'DOUBLE', 'double'],
  [new DecimalType(), 'decimal(10,0)', 'decimal', 'DECIMAL(10,0)', 'decimal(10,0)'],
  [new DecimalType(38, 18), 'decimal(38,18)', 'decimal', 'DECIMAL(38,18)', 'decimal(38,18)'],
  [new StringType(), 'string', 'string', 'STRING', 'string'],
  [
    new StringType('UTF8_LCASE'),
    'string collate UTF8_LCASE',
    'string',
    'STRING COLLATE UTF8_LCASE',
    'string',
  ],
  [new CharType(5), 'char(5)', 'char', 'CHAR(5)', 'char(5)'],
  [new VarcharType(20), 'varchar(20)', 'varchar', 'VARCHAR(20)', 'varchar(20)'],
  [new BinaryType(), 'binary', 'binary', 'BINARY', 'binary'],
  [new DateType(), 'date', 'date', 'DATE', 'date'],
  [new TimestampType(), 'timestamp', 'timestamp', 'TIMESTAMP', 'timestamp'],
  [new TimestampNTZType(), 'timestamp_ntz', 'timestamp_ntz', 'TIMESTAMP_NTZ', 'timestamp_ntz'],
  [
    new DayTimeIntervalType(),
    'interval day to second',
    'daytimeinterval',
    'INTERVAL DAY TO SECOND',
    'interval day to second',
  ],
  [new DayTimeIntervalType(1, 1), 'interval hour', 'daytimeinterval', 'INTERVAL HOUR', 'interval hour'],
  [
    new DayTimeIntervalType(2, 3),
    'interval minute to second',
    'daytimeinterval',
    'INTERVAL MINUTE TO SECOND',
    'interval minute to second',
  ],
  [
    new YearMonthIntervalType(),
    'interval year to month',
    'yearmonthinterval',
    'INTERVAL YEAR TO MONTH',
    'interval year to month',
  ],
  [
    new YearMonthIntervalType(1, 1),
    'interval month',
    'yearmonthinterval',
    'INTERVAL MONTH',
    'interval month',
  ],
  [new CalendarIntervalType(), 'interval', 'interval', 'INTERVAL', 'interval'],
  [new TimeType(), 'time(6)', 'time', 'TIME(6)', 'time(6)'],
  [new TimeType(3), 'time(3)', 'time', 'TIME(3)', 'time(3)'],
  [new VariantType(), 'variant', 'variant', 'VARIANT', 'variant'],
  [new GeometryType(4326), 'geometry(4326)', 'geometry', 'GEOMETRY(4326)', 'geometry(4326)'],
  [new GeographyType('ANY'), 'geography(any)', 'geography', 'GEOGRAPHY(ANY)', 'geography(any)'],
  [
    new ArrayType(new StringType()),
    'array<string>',
    'array',
    'ARRAY<STRING>',
    { type: 'array', elementType: 'string', containsNull: true },
  ],
  [
    new MapType(new StringType(), new ArrayType(new IntegerType(), false), false),
    'map<string,array<int>>',
    'map',
    'MAP<STRING, ARRAY<INT>>',
    {
      type: 'map',
      keyType: 'string',
      valueType: { type: 'array', elementType: 'integer', containsNull: false },
      valueContainsNull: false,
    },
  ],
  [
    new StructType([
      new StructField('a', new IntegerType()),
      new StructField('b c', new ArrayType(new StringType()), false, { comment: "it's" }),
    ]),
    'struct<a:int,b c:array<string>>',
    'struct',
    "STRUCT<a: INT, `b c`: ARRAY<STRING> NOT NULL COMMENT 'it\\'s'>",
    {
      type: 'struct',
      fields: [
        { name: 'a', type: 'integer', nullable: true, metadata: {} },
        {
          name: 'b c',
          type: { type: 'array', elementType: 'string', containsNull: true },
          nullable: false,
          metadata: { comment: "it's" },
        },
      ],
    },
  ],
];

const udt = new UserDefinedType({
  jvmClass: 'org.apache.spark.ml.linalg.VectorUDT',
  pythonClass: 'pyspark.ml.linalg.VectorUDT',
  sqlType: new StructType([
    new StructField('type', new ByteType(), false),
    new StructField('values', new ArrayType(new DoubleType(), false)),
  ]),
});

const ALL_TYPES: DataType[] = [...CASES.map((c) => c[0]), udt];

describe('DataType model', () => {
  it.each(CASES)('%s: simpleString, typeName, sql, jsonValue', (t, simple, name, sql, json) => {
    expect(t.simpleString()).toBe(simple);
    expect(t.typeName()).toBe(name);
    expect(t.sql()).toBe(sql);
    expect(t.jsonValue()).toEqual(json);
    expect(t.json()).toBe(JSON.stringify(json));
  });

  it('equals compares structure, parameters, nullability and metadata', () => {
    for (const [i, a] of ALL_TYPES.entries()) {
      for (const [j, b] of ALL_TYPES.entries()) expect(a.equals(b)).toBe(i === j);
    }
    expect(new DecimalType(10, 2).equals(new DecimalType(10, 2))).toBe(true);
    expect(new StringType('utf8_lcase').equals(new StringType('UTF8_LCASE'))).toBe(true);
    expect(new StringType('UTF8_BINARY').equals(new StringType())).toBe(true);
    expect(new ArrayType(new IntegerType(), false).equals(new ArrayType(new IntegerType(), true))).toBe(
      false,
    );
    const f = (m: Record<string, string>) =>
      new StructType([new StructField('a', new IntegerType(), true, m)]);
    expect(f({ x: '1', y: '2' }).equals(f({ y: '2', x: '1' }))).toBe(true);
    expect(f({ x: '1' }).equals(f({ x: '2' }))).toBe(false);
  });

  it('validates parameters', () => {
    expect(() => new DecimalType(39, 0)).toThrow(RangeError);
    expect(() => new DecimalType(5, 6)).toThrow(/scale 6/);
    expect(() => new DayTimeIntervalType(3, 1)).toThrow(RangeError);
    expect(() => new YearMonthIntervalType(0, 2)).toThrow(RangeError);
    expect(() => new TimeType(7)).toThrow(RangeError);
    expect(() => new CharType(-1)).toThrow(RangeError);
  });

  it('toString looks like PySpark', () => {
    expect(new ArrayType(new StringType(), false).toString()).toBe('ArrayType(StringType(), False)');
    expect(new StructType([new StructField('a', new DecimalType(10, 2))]).toString()).toBe(
      "StructType([StructField('a', DecimalType(10,2), True)])",
    );
  });

  it('DataTypes gives short names', () => {
    const T = DataTypes;
    const s = T.struct([
      T.field('id', T.long, false),
      T.field('p', T.decimal(10, 2)),
      T.field('t', T.array(T.string)),
    ]);
    expect(s.equals(parseDDL('id BIGINT NOT NULL, p DECIMAL(10,2), t ARRAY<STRING>'))).toBe(true);
    expect(T.map(T.string, T.int).simpleString()).toBe('map<string,int>');
    expect(T.dayTimeInterval(1, 2).simpleString()).toBe('interval hour to minute');
  });
});

describe('StructType', () => {
  const schema = new StructType([new StructField('a', new IntegerType())])
    .add('b', 'array<string>')
    .add(new StructField('c', new MapType(new StringType(), new DoubleType()), false))
    .add('d', new StructType().add('x', new DecimalType(10, 2)).add('y', 'timestamp'), true, {
      comment: 'nested',
    });

  it('fields, fieldNames, length, get, iteration', () => {
    expect(schema.length).toBe(4);
    expect(schema.fieldNames()).toEqual(['a', 'b', 'c', 'd']);
    expect(schema.get('b').dataType.simpleString()).toBe('array<string>');
    expect(schema.get(2).nullable).toBe(false);
    expect(schema.get('d').comment).toBe('nested');
    expect([...schema].map((f) => f.name)).toEqual(['a', 'b', 'c', 'd']);
    expect(schema.fieldIndex('c')).toBe(2);
    expect(schema.getFieldIndex('zz')).toBeUndefined();
  });

  it('is immutable: add returns a new StructType', () => {
    const s0 = new StructType();
    const s1 = s0.add('a', 'int');
    expect(s0.length).toBe(0);
    expect(s1.length).toBe(1);
    expect(Object.isFrozen(s1.fields)).toBe(true);
  });

  it('unknown names and bad indexes throw RangeErrors listing the fields', () => {
    expect(() => schema.get('zz')).toThrow(RangeError);
    expect(() => schema.get('zz')).toThrow("No field named 'zz'; available fields: 'a', 'b', 'c', 'd'");
    expect(() => schema.get(4)).toThrow('Field index 4 is out of range [0, 4)');
    expect(() => schema.get(-1)).toThrow(RangeError);
  });

  it('simpleString, toDDL and treeString follow Spark', () => {
    expect(schema.simpleString()).toBe(
      'struct<a:int,b:array<string>,c:map<string,double>,d:struct<x:decimal(10,2),y:timestamp>>',
    );
    expect(schema.toDDL()).toBe(
      "a INT,b ARRAY<STRING>,c MAP<STRING, DOUBLE> NOT NULL,d STRUCT<x: DECIMAL(10,2), y: TIMESTAMP> COMMENT 'nested'",
    );
    expect(schema.treeString()).toBe(
      [
        'root',
        ' |-- a: integer (nullable = true)',
        ' |-- b: array (nullable = true)',
        ' |    |-- element: string (containsNull = true)',
        ' |-- c: map (nullable = false)',
        ' |    |-- key: string',
        ' |    |-- value: double (valueContainsNull = true)',
        ' |-- d: struct (nullable = true)',
        ' |    |-- x: decimal(10,2) (nullable = true)',
        ' |    |-- y: timestamp (nullable = true)',
        '',
      ].join('\n'),
    );
    expect(schema.treeString(1)).toBe(
      'root\n |-- a: integer (nullable = true)\n |-- b: array (nullable = true)\n |-- c: map (nullable = false)\n |-- d: struct (nullable = true)\n',
    );
  });

  it('treeString prints nested arrays of structs and maps of arrays', () => {
    const s = parseDDL('x ARRAY<STRUCT<y: BIGINT NOT NULL>>, m MAP<INT, ARRAY<DATE>>, `n\tl` TIMESTAMP_NTZ');
    expect(s.treeString()).toBe(
      [
        'root',
        ' |-- x: array (nullable = true)',
        ' |    |-- element: struct (containsNull = true)',
        ' |    |    |-- y: long (nullable = false)',
        ' |-- m: map (nullable = true)',
        ' |    |-- key: integer',
        ' |    |-- value: array (valueContainsNull = true)',
        ' |    |    |-- element: date (containsNull = true)',
        ' |-- n\\tl: timestamp_ntz (nullable = true)',
        '',
      ].join('\n'),
    );
  });
});

describe('DDL parsing', () => {
  it('parses the common types', () => {
    const s = parseDDL(
      'a INT, b ARRAY<STRING>, c STRUCT<x: DECIMAL(10,2)>, d BIGINT NOT NULL, e MAP<STRING, ARRAY<DOUBLE>>, ' +
        'f BOOLEAN, g TINYINT, h SMALLINT, i FLOAT, j DATE, k TIMESTAMP, l TIMESTAMP_NTZ, m BINARY, n DECIMAL, ' +
        'o CHAR(3), p VARCHAR(10), q INTERVAL DAY TO SECOND, r INTERVAL YEAR, s INTERVAL, t VOID, u VARIANT, ' +
        'v TIME(3), w STRING COLLATE UTF8_LCASE, x REAL, y NUMERIC(5, 1), z TIMESTAMP_LTZ',
    );
    expect(s.simpleString()).toBe(
      'struct<a:int,b:array<string>,c:struct<x:decimal(10,2)>,d:bigint,e:map<string,array<double>>,' +
        'f:boolean,g:tinyint,h:smallint,i:float,j:date,k:timestamp,l:timestamp_ntz,m:binary,n:decimal(10,0),' +
        'o:char(3),p:varchar(10),q:interval day to second,r:interval year,s:interval,t:void,u:variant,' +
        'v:time(3),w:string collate UTF8_LCASE,x:float,y:decimal(5,1),z:timestamp>',
    );
    expect(s.get('d').nullable).toBe(false);
  });

  it('handles backquoted names, NOT NULL, COMMENT, case and whitespace', () => {
    const s = parseDDL(
      "`a b` int not null comment 'first \\'one\\'',`we``ird` struct < x : int not null , `y.z` string comment \"c\" >",
    );
    expect(s.fieldNames()).toEqual(['a b', 'we`ird']);
    expect(s.get(0).nullable).toBe(false);
    expect(s.get(0).metadata).toEqual({ comment: "first 'one'" });
    const inner = s.get(1).dataType as StructType;
    expect(inner.fieldNames()).toEqual(['x', 'y.z']);
    expect(inner.get('x').nullable).toBe(false);
    expect(inner.get('y.z').comment).toBe('c');
  });

  it('accepts simpleString forms and field lists with colons', () => {
    expect(parseDDL('struct<a:int,b:array<string>>').fieldNames()).toEqual(['a', 'b']);
    expect(parseDDL('a: int, b: string').simpleString()).toBe('struct<a:int,b:string>');
    expect(parseDDL('').length).toBe(0);
    expect(parseDDL('s STRUCT<>').simpleString()).toBe('struct<s:struct<>>');
  });

  it('parseDataType parses single types and field lists', () => {
    expect(parseDataType('int')).toEqual(new IntegerType());
    expect(parseDataType('map<string, array<bigint>>').simpleString()).toBe('map<string,array<bigint>>');
    expect(parseDataType('array<array<int>>').simpleString()).toBe('array<array<int>>');
    expect(parseDataType('interval hour to second').simpleString()).toBe('interval hour to second');
    expect(parseDataType('a int, b string')).toBeInstanceOf(StructType);
    expect(parseDataType('geometry(4326)')).toEqual(new GeometryType(4326));
    expect(parseDataType('GEOGRAPHY(ANY)').simpleString()).toBe('geography(any)');
  });

  it('round-trips every type through simpleString and sql', () => {
    for (const t of ALL_TYPES) {
      if (t instanceof UserDefinedType) continue;
      // DDL has no syntax for containsNull / valueContainsNull = false (as Spark): compare the SQL.
      expect(parseDataType(t.sql()).sql()).toBe(t.sql());
      // simpleString does not quote field names (as Spark), so 'b c' cannot come back.
      if (!t.simpleString().includes('b c'))
        expect(parseDataType(t.simpleString()).simpleString()).toBe(t.simpleString());
    }
  });

  it('round-trips a schema through toDDL', () => {
    const s = parseDDL(
      "`odd name` DECIMAL(38,18) NOT NULL COMMENT 'it\\'s \\\\ here', arr ARRAY<STRUCT<`1`: INT, b: MAP<STRING, BINARY>>>, " +
        'c STRING COLLATE UNICODE_CI, d INTERVAL MINUTE TO SECOND, e CHAR(2)',
    );
    const back = parseDDL(s.toDDL());
    expect(back.equals(s)).toBe(true);
    expect(back.get(0).comment).toBe("it's \\ here");
  });

  it('names the offending token in errors', () => {
    const err = (ddl: string): DataTypeParseError => {
      try {
        parseDDL(ddl);
      } catch (e) {
        expect(e).toBeInstanceOf(DataTypeParseError);
        return e as DataTypeParseError;
      }
      throw new Error(`no error for ${ddl}`);
    };
    expect(err('a INT,, b STRING').message).toBe(
      "Cannot parse 'a INT,, b STRING': expected a field name but found ',' at position 6",
    );
    expect(err('a FOO').message).toContain("expected a data type but found 'FOO' at position 2");
    expect(err('a ARRAY<INT').message).toContain("expected '>' but found end of input at position 11");
    expect(err('a INT b INT').message).toContain("expected ',' or end of input but found 'b'");
    expect(err('a DECIMAL(40,2)').message).toContain('precision 40');
    expect(err('a INTERVAL SECOND TO DAY').message).toContain("found 'DAY'");
    expect(err('a MAP<STRING>').message).toContain("expected ',' but found '>'");
    expect(err('a INT COMMENT x').message).toContain('string literal after COMMENT');
    expect(err('a INT; DROP').message).toContain("unexpected character ';' at position 5");
    expect(err('`a INT').message).toContain('unterminated backquoted name');
    expect(err('a INT,, b').position).toBe(6);
    expect(() => parseDataType('array<int')).toThrow(/expected '>' but found end of input at position 9/);
  });
});

describe('JSON schema format', () => {
  it('json() is compact JSON in Spark key order', () => {
    expect(parseDDL('a INT NOT NULL, b ARRAY<DECIMAL(10,2)>').json()).toBe(
      '{"type":"struct","fields":[{"name":"a","type":"integer","nullable":false,"metadata":{}},' +
        '{"name":"b","type":{"type":"array","elementType":"decimal(10,2)","containsNull":true},"nullable":true,"metadata":{}}]}',
    );
  });

  it('round-trips every type', () => {
    for (const t of ALL_TYPES) {
      // As in Spark, a collation is kept by the enclosing field's metadata, not by the type's JSON.
      if (t instanceof StringType && !t.isDefaultCollation) continue;
      const back = dataTypeFromJson(t.json());
      expect(back.equals(t), t.simpleString()).toBe(true);
      expect(dataTypeFromJson(t.jsonValue()).equals(t)).toBe(true);
    }
  });

  it('keeps string collations in field metadata, as Spark 4', () => {
    const s = parseDDL(
      'a STRING COLLATE UTF8_LCASE, b ARRAY<STRING COLLATE UNICODE_CI>, c MAP<STRING, STRING>',
    );
    const json = s.jsonValue() as { fields: { metadata: unknown }[] };
    expect(json.fields[0].metadata).toEqual({ __COLLATIONS: { a: 'spark.UTF8_LCASE' } });
    expect(json.fields[1].metadata).toEqual({ __COLLATIONS: { 'b.element': 'icu.UNICODE_CI' } });
    expect(json.fields[2].metadata).toEqual({});
    const back = structTypeFromJson(s.json());
    expect(back.equals(s)).toBe(true);
    expect(back.get('a').metadata).toEqual({});
  });

  it('parses what Spark writes, including legacy names', () => {
    const t = dataTypeFromJson(
      '{"type":"struct","fields":[{"name":"n","type":"null","nullable":true,"metadata":{}},' +
        '{"name":"m","type":{"type":"map","keyType":"string","valueType":"long","valueContainsNull":true},"nullable":true,"metadata":{"k":[1,2]}}]}',
    ) as StructType;
    expect(t.simpleString()).toBe('struct<n:void,m:map<string,bigint>>');
    expect(t.get('m').metadata).toEqual({ k: [1, 2] });
    expect(dataTypeFromJson('"decimal( 12, 3 )"')).toEqual(new DecimalType(12, 3));
    expect(dataTypeFromJson('integer')).toEqual(new IntegerType());
  });

  it('reports malformed JSON clearly', () => {
    expect(() => dataTypeFromJson('{"type":"struct","fields":[{"type":"int"}]}')).toThrow(
      "Missing field 'name' at $.fields[0]",
    );
    expect(() => dataTypeFromJson('"blob"')).toThrow("Unknown data type name 'blob' at $");
    expect(() => dataTypeFromJson('{"type":"tuple"}')).toThrow('Unknown complex type "tuple" at $');
    expect(() => dataTypeFromJson('{oops')).toThrow(DataTypeParseError);
    expect(() => structTypeFromJson('"int"')).toThrow('Expected a struct type');
  });
});

describe('protobuf DataType', () => {
  it('round-trips every type', () => {
    for (const t of ALL_TYPES) {
      const back = fromProtoDataType(toProtoDataType(t));
      expect(back.equals(t), t.simpleString()).toBe(true);
    }
  });

  it('produces the expected messages', () => {
    const dec = toProtoDataType(new DecimalType(10, 2));
    expect(dec.kind.case).toBe('decimal');
    expect(dec.kind.value).toMatchObject({ precision: 10, scale: 2 });
    const str = toProtoDataType(new StringType());
    expect(str.kind.case === 'string' && str.kind.value.collation).toBe('');
    const lcase = toProtoDataType(new StringType('UTF8_LCASE'));
    expect(lcase.kind.case === 'string' && lcase.kind.value.collation).toBe('UTF8_LCASE');
    const st = toProtoDataType(parseDDL("a INT NOT NULL COMMENT 'x', b STRING"));
    if (st.kind.case !== 'struct') throw new Error('not a struct');
    expect(st.kind.value.fields[0]).toMatchObject({
      name: 'a',
      nullable: false,
      metadata: '{"comment":"x"}',
    });
    expect(st.kind.value.fields[1].metadata).toBeUndefined();
    expect(st.kind.value.fields[0].dataType?.kind.case).toBe('integer');
    const dt = toProtoDataType(new DayTimeIntervalType(1, 2));
    expect(dt.kind.value).toMatchObject({ startField: 1, endField: 2 });
    const ntz = toProtoDataType(new TimestampNTZType());
    expect(ntz.kind.case).toBe('timestampNtz');
    const vc = toProtoDataType(new VarcharType(3));
    expect(vc.kind.case).toBe('varChar');
  });

  it('applies proto defaults for unset optional fields', () => {
    expect(fromProtoDataType(create(DataTypeSchema, { kind: { case: 'decimal', value: {} } }))).toEqual(
      new DecimalType(10, 0),
    );
    expect(
      fromProtoDataType(
        create(DataTypeSchema, { kind: { case: 'dayTimeInterval', value: {} } }),
      ).simpleString(),
    ).toBe('interval day to second');
    expect(
      fromProtoDataType(
        create(DataTypeSchema, { kind: { case: 'yearMonthInterval', value: { endField: 0 } } }),
      ).simpleString(),
    ).toBe('interval year');
    expect(fromProtoDataType(create(DataTypeSchema, { kind: { case: 'time', value: {} } }))).toEqual(
      new TimeType(6),
    );
  });

  it('parses unparsed type strings and rejects empty kinds', () => {
    const t = fromProtoDataType(
      create(DataTypeSchema, { kind: { case: 'unparsed', value: { dataTypeString: 'array<int>' } } }),
    );
    expect(t.simpleString()).toBe('array<int>');
    expect(() => fromProtoDataType(create(DataTypeSchema, {}))).toThrow(UnsupportedDataTypeError);
    expect(() => fromProtoDataType(create(DataTypeSchema, {}))).toThrow(/no kind set/);
  });

  it('reads struct field metadata JSON and rejects bad JSON', () => {
    const proto = create(DataTypeSchema, {
      kind: {
        case: 'struct',
        value: {
          fields: [
            {
              name: 'a',
              nullable: true,
              metadata: '{"comment":"hi","n":1}',
              dataType: { kind: { case: 'long', value: {} } },
            },
          ],
        },
      },
    });
    const s = fromProtoDataType(proto) as StructType;
    expect(s.get('a').metadata).toEqual({ comment: 'hi', n: 1 });
    const fields = proto.kind.case === 'struct' ? proto.kind.value.fields : [];
    fields[0].metadata = '{bad';
    expect(() => fromProtoDataType(proto)).toThrow("Invalid metadata JSON for field 'a'");
  });
});

describe('value classes', () => {
  it('SparkTimestamp keeps microseconds, also before 1970', () => {
    const t = SparkTimestamp.fromEpochMicros(1_700_000_000_123_456n);
    expect(t).toBeInstanceOf(Date);
    expect(t.getTime()).toBe(1_700_000_000_123);
    expect(t.microsOfMillisecond).toBe(456);
    expect(t.epochMicros).toBe(1_700_000_000_123_456n);
    expect(t.toISOStringMicros()).toBe('2023-11-14T22:13:20.123456Z');
    expect(JSON.stringify(t)).toBe('"2023-11-14T22:13:20.123456Z"');
    const neg = SparkTimestamp.fromEpochMicros(-1n);
    expect(neg.getTime()).toBe(-1);
    expect(neg.microsOfMillisecond).toBe(999);
    expect(neg.epochMicros).toBe(-1n);
    expect(neg.toISOStringMicros()).toBe('1969-12-31T23:59:59.999999Z');
    expect(SparkTimestamp.fromEpochMicros(-62_135_596_800_000_000n).toISOStringMicros()).toBe(
      '0001-01-01T00:00:00.000000Z',
    );
    const ntz = SparkTimestampNTZ.fromEpochMicros(253_402_300_799_999_999n);
    expect(ntz.toISOStringMicros()).toBe('9999-12-31T23:59:59.999999');
    expect(ntz.epochMicros).toBe(253_402_300_799_999_999n);
  });

  it('LocalTime formats and exposes fields', () => {
    const t = LocalTime.of(13, 45, 30, 123_456_000);
    expect(t.toString()).toBe('13:45:30.123456');
    expect([t.hour, t.minute, t.second, t.nanosecond]).toEqual([13, 45, 30, 123_456_000]);
    expect(LocalTime.of(0, 0).toString()).toBe('00:00:00');
    expect(new LocalTime(86_399_999_999_999).toString()).toBe('23:59:59.999999999');
    expect(() => LocalTime.of(24, 0)).toThrow(RangeError);
    expect(LocalTime.of(1, 0) < LocalTime.of(2, 0)).toBe(true);
  });

  it('CalendarInterval formats and serializes', () => {
    const i = new CalendarInterval(14, 3, 3_600_000_001n);
    expect(i.toString()).toBe('1 years 2 months 3 days 1 hours 0.000001 seconds');
    expect(new CalendarInterval(0, 0, 0n).toString()).toBe('0 seconds');
    expect(new CalendarInterval(0, 0, -90_500_000n).toString()).toBe('-1 minutes -30.5 seconds');
    expect(JSON.stringify(new CalendarInterval(1, 2, 2n ** 60n))).toBe(
      '{"months":1,"days":2,"microseconds":"1152921504606846976"}',
    );
  });
});

describe('VariantValue', () => {
  /** Metadata with 1-byte offsets for the given keys. */
  const meta = (...keys: string[]): Uint8Array => {
    const bytes = keys.map((k) => new TextEncoder().encode(k));
    const offsets = [0];
    for (const b of bytes) offsets.push(offsets[offsets.length - 1] + b.length);
    return Uint8Array.from([0x11, keys.length, ...offsets, ...bytes.flatMap((b) => [...b])]);
  };
  const le = (v: bigint, size: number): number[] =>
    Array.from({ length: size }, (_, i) => Number((BigInt.asUintN(size * 8, v) >> BigInt(8 * i)) & 0xffn));
  const prim = (typeId: number, ...bytes: number[]): number[] => [typeId << 2, ...bytes];
  const v = (value: number[], metadata = meta(), tz?: string) =>
    new VariantValue(Uint8Array.from(value), metadata, tz);

  it('decodes integers, decimals and floating point', () => {
    expect(v(prim(3, 0xfb)).toValue()).toBe(-5);
    expect(v(prim(4, ...le(-300n, 2))).toJSON()).toBe(-300);
    expect(v(prim(5, ...le(70000n, 4))).toString()).toBe('70000');
    const big = v(prim(6, ...le(2n ** 60n, 8)));
    expect(big.toValue()).toBe(2n ** 60n);
    expect(big.toJSON()).toBe('1152921504606846976');
    expect(big.toString()).toBe('1152921504606846976');
    const d4 = v(prim(8, 2, ...le(12345n, 4)));
    expect([d4.toValue(), d4.toJSON(), d4.toString()]).toEqual(['123.45', 123.45, '123.45']);
    expect(v(prim(9, 3, ...le(-1n, 8))).toValue()).toBe('-0.001');
    const d16 = v(prim(10, 0, ...le(10n ** 38n - 1n, 16)));
    expect(d16.toJSON()).toBe('99999999999999999999999999999999999999');
    expect(d16.toString()).toBe('99999999999999999999999999999999999999');
    expect(v(prim(10, 10, ...le(-(10n ** 20n), 16))).toValue()).toBe('-10000000000.0000000000');
    const nan = v(prim(7, ...le(0x7ff8000000000000n, 8)));
    expect(nan.toValue()).toBeNaN();
    expect(nan.toJSON()).toBe('NaN');
    expect(nan.toString()).toBe('"NaN"');
    expect(v(prim(14, ...le(0x3fc00000n, 4))).toValue()).toBe(1.5);
  });

  it('decodes strings, binary, uuid, null and booleans', () => {
    expect(v([0x05 | (3 << 2), 0x61, 0x62, 0x63]).toValue()).toBe('abc');
    const long = new TextEncoder().encode('ünïcode');
    expect(v(prim(16, ...le(BigInt(long.length), 4), ...long)).toJSON()).toBe('ünïcode');
    const bin = v(prim(15, ...le(3n, 4), 1, 2, 3));
    expect([...(bin.toValue() as Uint8Array)]).toEqual([1, 2, 3]);
    expect(bin.toJSON()).toBe('AQID');
    const uuid = v(
      prim(
        20,
        0x00,
        0x11,
        0x22,
        0x33,
        0x44,
        0x55,
        0x66,
        0x77,
        0x88,
        0x99,
        0xaa,
        0xbb,
        0xcc,
        0xdd,
        0xee,
        0xff,
      ),
    );
    expect(uuid.toJSON()).toBe('00112233-4455-6677-8899-aabbccddeeff');
    expect([v(prim(0)).toJSON(), v(prim(1)).toJSON(), v(prim(2)).toJSON()]).toEqual([null, true, false]);
    expect(v(prim(0)).toString()).toBe('null');
  });

  it('decodes dates, timestamps (in the session time zone) and times', () => {
    const date = v(prim(11, ...le(19723n, 4)));
    expect(date.toJSON()).toBe('2024-01-01');
    expect((date.toValue() as Date).toISOString()).toBe('2024-01-01T00:00:00.000Z');
    const tsBytes = prim(12, ...le(1_700_000_000_123_456n, 8));
    expect(v(tsBytes).toJSON()).toBe('2023-11-14 22:13:20.123456+00:00');
    expect(v(tsBytes, meta(), 'Asia/Kolkata').toString()).toBe('"2023-11-15 03:43:20.123456+05:30"');
    expect((v(tsBytes).toValue() as SparkTimestamp).epochMicros).toBe(1_700_000_000_123_456n);
    const ntz = v(prim(13, ...le(1_700_000_000_123_456n, 8)), meta(), 'Asia/Kolkata');
    expect(ntz.toJSON()).toBe('2023-11-14 22:13:20.123456');
    expect(ntz.toValue()).toBeInstanceOf(SparkTimestampNTZ);
    expect(v(prim(18, ...le(1_700_000_000_123_456_789n, 8))).toJSON()).toBe(
      '2023-11-14 22:13:20.123456+00:00',
    );
    expect(v(prim(17, ...le(49_530_123_456n, 8))).toJSON()).toBe('13:45:30.123456');
  });

  it('decodes nested objects and arrays, with wide offsets and ids', () => {
    // {"a": [1, {"b": null}], "c": "x"}; the object uses 2-byte ids/offsets and a 4-byte count.
    const inner = [0x02, 1, 1, 0, 1, 0x00]; // {"b": null}: id 1 ("b")
    const arr = [0x03, 2, 0, 2, 2 + inner.length, ...prim(3, 1), ...inner];
    const c = [0x05 | (1 << 2), 0x78];
    const header = ((1 | (1 << 2) | (1 << 4)) << 2) | 2;
    const obj = [
      header,
      ...le(2n, 4),
      ...le(0n, 2),
      ...le(2n, 2),
      ...le(0n, 2),
      ...le(BigInt(arr.length), 2),
      ...le(BigInt(arr.length + c.length), 2),
      ...arr,
      ...c,
    ];
    const value = v(obj, meta('a', 'b', 'c'));
    expect(value.toValue()).toEqual({ a: [1, { b: null }], c: 'x' });
    expect(value.toString()).toBe('{"a":[1,{"b":null}],"c":"x"}');
    expect(JSON.stringify({ value })).toBe('{"value":{"a":[1,{"b":null}],"c":"x"}}');
  });

  it('reports malformed bytes', () => {
    expect(() => v(prim(6, 1, 2)).toValue()).toThrow(VariantDecodeError);
    expect(() => v(prim(6, 1, 2)).toValue()).toThrow('truncated');
    expect(() => new VariantValue(Uint8Array.from([0]), Uint8Array.from([0x02, 0, 0])).toValue()).toThrow(
      'Unsupported variant metadata version 2',
    );
    expect(() => v(prim(40)).toValue()).toThrow('Unknown variant primitive type id 40');
    expect(() => v([0x02, 1, 5, 0, 0]).toValue()).toThrow('field id 5');
  });
});
