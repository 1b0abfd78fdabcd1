/** spark.udf.registerJavaFunction / registerJavaUDAF lower to a RegisterFunction command with a JavaUDF. */
import { describe, expect, it } from 'vitest';
import type { Plan } from '../../src/gen/spark/connect/base_pb.js';
import type { CommonInlineUserDefinedFunction } from '../../src/gen/spark/connect/expressions_pb.js';
import { UDFRegistration } from '../../src/session/udf-registration.js';
import { DataTypeParseError, DataTypes, fromProtoDataType } from '../../src/types/index.js';
import { fakeSession } from './fake-session.js';

function registered(plan: Plan): CommonInlineUserDefinedFunction {
  if (plan.opType.case !== 'command') throw new Error('not a command plan');
  const cmd = plan.opType.value.commandType;
  if (cmd.case !== 'registerFunction') throw new Error(`not a registerFunction command: ${cmd.case}`);
  return cmd.value;
}

function setup() {
  const fake = fakeSession('4.1.0');
  return { fake, udf: new UDFRegistration(fake.session) };
}

describe('spark.udf.registerJavaFunction', () => {
  it('sends the name, class name and a DataType return type', async () => {
    const { fake, udf } = setup();
    await udf.registerJavaFunction('plus_one', 'com.example.PlusOne', DataTypes.long);
    expect(fake.plans).toHaveLength(1);
    const fn = registered(fake.plans[0]);
    expect(fn.functionName).toBe('plus_one');
    expect(fn.arguments).toEqual([]);
    expect(fn.function.case).toBe('javaUdf');
    if (fn.function.case !== 'javaUdf') return;
    expect(fn.function.value.className).toBe('com.example.PlusOne');
    expect(fn.function.value.aggregate).toBe(false);
    expect(fn.function.value.outputType?.kind.case).toBe('long');
  });

  it('parses a DDL return type client-side', async () => {
    const { fake, udf } = setup();
    await udf.registerJavaFunction('tags', 'com.example.Tags', 'array<struct<k: string, v: decimal(10,2)>>');
    const fn = registered(fake.plans[0]);
    if (fn.function.case !== 'javaUdf') throw new Error('no javaUdf');
    const out = fn.function.value.outputType;
    expect(out).toBeDefined();
    expect(fromProtoDataType(out!).simpleString()).toBe('array<struct<k:string,v:decimal(10,2)>>');
  });

  it('leaves the output type out without a returnType (the server infers it)', async () => {
    const { fake, udf } = setup();
    await udf.registerJavaFunction('len', 'com.example.Len');
    const fn = registered(fake.plans[0]);
    if (fn.function.case !== 'javaUdf') throw new Error('no javaUdf');
    expect(fn.function.value.outputType).toBeUndefined();
  });

  it('accepts nested ($) class names', async () => {
    const { fake, udf } = setup();
    await udf.registerJavaFunction('f', 'com.example.Outer$Inner', 'int');
    const fn = registered(fake.plans[0]);
    expect(fn.function.case === 'javaUdf' && fn.function.value.className).toBe('com.example.Outer$Inner');
  });

  it('rejects bad input before any call, naming the problem', async () => {
    const { fake, udf } = setup();
    await expect(udf.registerJavaFunction('', 'com.example.X')).rejects.toThrow(
      /registerJavaFunction\(\): 'name' must be a non-empty string/,
    );
    await expect(udf.registerJavaFunction('f', 'com example X')).rejects.toThrow(
      /'javaClassName' must be a fully qualified Java class name.*'com example X'/,
    );
    await expect(udf.registerJavaFunction('f', 'com.example.X', 'intt<')).rejects.toBeInstanceOf(
      DataTypeParseError,
    );
    await expect(udf.registerJavaFunction('f', 'com.example.X', 42 as unknown as string)).rejects.toThrow(
      /'returnType' must be a DataType or a DDL type string, got number/,
    );
    expect(fake.plans).toHaveLength(0);
  });
});

describe('spark.udf.registerJavaUDAF', () => {
  it('sends aggregate = true and no output type', async () => {
    const { fake, udf } = setup();
    await udf.registerJavaUDAF('my_sum', 'com.example.MySum');
    const fn = registered(fake.plans[0]);
    expect(fn.functionName).toBe('my_sum');
    if (fn.function.case !== 'javaUdf') throw new Error('no javaUdf');
    expect(fn.function.value.className).toBe('com.example.MySum');
    expect(fn.function.value.aggregate).toBe(true);
    expect(fn.function.value.outputType).toBeUndefined();
  });

  it('rejects an empty class name', async () => {
    const { fake, udf } = setup();
    await expect(udf.registerJavaUDAF('my_sum', '  ')).rejects.toThrow(
      /registerJavaUDAF\(\): 'javaClassName' must be a non-empty string/,
    );
    expect(fake.plans).toHaveLength(0);
  });
});
