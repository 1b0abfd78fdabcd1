"""Python AST -> TypeScript for PySpark doctest examples (used by scripts/translate-examples.py).

Expressions are translated with a small kind system (df, col, grouped, wspec, session, conf,
rows, row, value) so that `df.a` becomes `df.col('a')`, `a + b` on Columns becomes `a.plus(b)`,
async methods are awaited, and keyword arguments land on the client's parameter of that name.
Anything else raises Untranslatable with the reason.
"""

import ast
import json
import re

BINOPS = {ast.Add: "plus", ast.Sub: "minus", ast.Mult: "multiply", ast.Div: "divide", ast.Mod: "mod",
          ast.BitAnd: "and", ast.BitOr: "or"}
JS_BINOPS = {ast.Add: "+", ast.Sub: "-", ast.Mult: "*", ast.Div: "/", ast.Mod: "%"}
CMPOPS = {ast.Eq: "eq", ast.NotEq: "neq", ast.Lt: "lt", ast.LtE: "leq", ast.Gt: "gt", ast.GtE: "geq"}
# PySpark names whose client name is not their camelCase.
RENAMES = {"groupby": "groupBy", "orderby": "orderBy", "where": "where", "astype": "cast", "_joinAsOf": "joinAsOf"}
TYPE_CLASSES = {"IntegerType", "LongType", "StringType", "DoubleType", "FloatType", "BooleanType",
                "ShortType", "ByteType", "DateType", "TimestampType", "TimestampNTZType", "BinaryType",
                "DecimalType", "ArrayType", "MapType", "StructType", "StructField", "NullType",
                "VariantType", "DayTimeIntervalType", "YearMonthIntervalType", "CalendarIntervalType"}
NOT_TRANSLATABLE_MODULES = {"pandas": "uses pandas", "numpy": "uses numpy", "pyarrow": "uses pyarrow",
                            "tempfile": "uses local files", "os": "uses local files", "time": "uses time.sleep"}
KIND_OF_RETURN = {"DataFrame": "df", "Column": "col", "GroupedData": "grouped", "WindowSpec": "wspec",
                  "Row[]": "rows", "Row": "row", "Row | null": "row", "StructType": "schema",
                  "DataFrameNaFunctions": "na", "DataFrameStatFunctions": "stat", "RuntimeConfig": "conf"}
API_CLASS = {"df": "DataFrame", "col": "Column", "grouped": "GroupedData", "wspec": "WindowSpec",
             "session": "SparkSession", "conf": "RuntimeConfig", "na": "DataFrameNaFunctions",
             "stat": "DataFrameStatFunctions", "window": "Window", "catalog": "Catalog",
             "tvf": "TableValuedFunction"}
# DataFrame properties in PySpark that are async methods here.
DF_PROPERTIES = {"columns": "value", "schema": "schema", "dtypes": "tuples", "storageLevel": "value",
                 "isStreaming": "value"}
# Methods whose result PySpark documents as float (a JS number alone cannot say 1.0 from 1).
FLOAT_RESULTS = {"corr", "cov", "approxQuantile"}
# Methods whose output is Python-only.
PYTHON_ONLY = {"toArrow": "prints a pyarrow.Table", "toPandas": "uses pandas", "rdd": "uses an RDD",
               "toJSON": "returns an RDD of str in PySpark (a DataFrame of JSON strings here)",
               "mapInPandas": "uses pandas", "mapInArrow": "uses pyarrow", "foreach": "runs a Python function",
               "foreachPartition": "runs a Python function", "applyInPandas": "uses pandas",
               "applyInArrow": "uses pyarrow", "cogroup": "uses pandas"}


class Untranslatable(Exception):
    """An example the client's API cannot express as written (the message says why)."""


def ts_str(s: str) -> str:
    body = json.dumps(s, ensure_ascii=False)[1:-1].replace('\\"', '"').replace("'", "\\'")
    return f"'{body}'"


def camel(name: str) -> str:
    head, *rest = name.split("_")
    return head + "".join(p[:1].upper() + p[1:] for p in rest)


class Env:
    def __init__(self):
        self.names: dict[str, str] = {"spark": "session"}  # python name -> kind
        self.assignments: dict[str, int] = {}  # python name -> times assigned
        self.ts_names: dict[str, str] = {}  # python name -> its current TS constant


def strip_parens(code: str) -> str:
    """`(await x)` -> `await x` when the parentheses enclose the whole expression."""
    if not (code.startswith("(") and code.endswith(")")):
        return code
    depth = 0
    for i, c in enumerate(code):
        depth += c == "("
        depth -= c == ")"
        if depth == 0 and i < len(code) - 1:
            return code
    return code[1:-1]


class Translator:
    IMPORTABLE = ["Window", "typed", "StructType", "StructField", "ArrayType", "MapType", "IntegerType",
                  "LongType", "StringType", "DoubleType", "FloatType", "BooleanType", "ShortType",
                  "ByteType", "DateType", "TimestampType", "TimestampNTZType", "BinaryType", "DecimalType",
                  "NullType", "VariantType", "DayTimeIntervalType", "YearMonthIntervalType",
                  "CalendarIntervalType", "LocalTime"]

    def __init__(self, api: dict, bare_functions: bool = False):
        self.api = api
        # doctest runs the functions module's examples in that module's namespace: its functions
        # are bare names there (`col(...)`); other modules' examples import them.
        self.bare_functions = bare_functions

    def new_env(self) -> Env:
        return Env()

    # ---- statements --------------------------------------------------------------------------
    def statements(self, tree: ast.Module, env: Env, has_output: bool) -> list[str]:
        out: list[str] = []
        for i, st in enumerate(tree.body):
            last = i == len(tree.body) - 1
            out.extend(self.statement(st, env, has_output and last))
        if has_output and not (out and out[-1].startswith("return ")):
            raise Untranslatable("prints output from a statement that is not an expression")
        return out

    def statement(self, st: ast.stmt, env: Env, printed: bool) -> list[str]:
        if isinstance(st, (ast.Import, ast.ImportFrom)):
            return self.imports(st, env)
        if isinstance(st, ast.Assign):
            if len(st.targets) != 1 or not isinstance(st.targets[0], ast.Name):
                raise Untranslatable("assignment to a pattern")
            name = st.targets[0].id
            code, kind = self.expr(st.value, env)
            env.names[name] = kind
            code = strip_parens(code)
            # A name assigned again gets a new constant (`df2`): its type may differ.
            n = env.assignments.get(name, 0) + 1
            env.assignments[name] = n
            env.ts_names[name] = self.safe(name) if n == 1 else f"{self.safe(name)}{n}"
            return [f"const {env.ts_names[name]} = {code};"]
        if isinstance(st, ast.Expr):
            return [self.expression_statement(st.value, env, printed)]
        raise Untranslatable(f"Python statement `{type(st).__name__}`")

    def safe(self, name: str) -> str:
        return {"function": "fn", "default": "dflt", "new": "nw", "delete": "del_"}.get(name, name)

    def imports(self, st, env: Env) -> list[str]:
        for alias in st.names:
            mod = st.module if isinstance(st, ast.ImportFrom) else alias.name
            name = alias.asname or alias.name.split(".")[0]
            root = (mod or "").split(".")[0]
            if root in NOT_TRANSLATABLE_MODULES:
                raise Untranslatable(NOT_TRANSLATABLE_MODULES[root])
            if isinstance(st, ast.Import):
                if alias.name in ("pyspark.sql.functions", "pyspark.sql.functions.builtin"):
                    env.names[name] = "F"
                elif alias.name in ("datetime", "decimal"):
                    env.names[name] = f"pymod:{alias.name}"
                else:
                    raise Untranslatable(f"imports {alias.name}")
            elif mod in ("pyspark.sql", "pyspark.sql.functions") and alias.name == "functions":
                env.names[name] = "F"
            elif mod == "pyspark.sql.functions":
                if alias.name not in self.api["functions"]:
                    raise Untranslatable(f"no F.{alias.name} in the client")
                env.names[name] = f"Ffn:{alias.name}"
            elif mod in ("pyspark.sql", "pyspark.sql.window") and alias.name in ("Window", "Row"):
                env.names[name] = f"cls:{alias.name}"
            elif mod == "pyspark.sql.types" and alias.name in TYPE_CLASSES:
                env.names[name] = f"type:{alias.name}"
            elif mod == "datetime" and alias.name in ("date", "datetime", "time", "timedelta"):
                env.names[name] = f"pyfn:datetime.{alias.name}"
            elif mod == "decimal" and alias.name == "Decimal":
                env.names[name] = "pyfn:decimal.Decimal"
            else:
                raise Untranslatable(f"imports {alias.name} from {mod}")
        return []

    def expression_statement(self, node: ast.expr, env: Env, printed: bool) -> str:
        # show() / printSchema() print; everything else is printed as its repr when not None.
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
            base_node, method = node.func.value, node.func.attr
            if method == "show":
                base, kind = self.expr(base_node, env)
                if kind != "df":
                    raise Untranslatable("show() on something that is not a DataFrame")
                args = self.call_args(node, "DataFrame", "show", env)
                return f"return show({', '.join([base, *args])});"
            if method == "explain":
                base, kind = self.expr(base_node, env)
                # PySpark's explain(extended=...) is the client's boolean mode.
                node = ast.Call(node.func, node.args, [ast.keyword("mode", k.value) if k.arg == "extended" else k
                                                       for k in node.keywords])
                args = self.call_args(node, "DataFrame", "explainString", env)
                return f"return str(await {base}.explainString({', '.join(args)}));"
            if method == "printSchema":
                base, kind = self.expr(base_node, env)
                args = self.call_args(node, "DataFrame", "schemaTreeString", env)
                return f"return `${{await {base}.schemaTreeString({', '.join(args)})}}\\n`;"
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "print":
            if len(node.args) != 1 or node.keywords:
                raise Untranslatable("print() of several values")
            code, _ = self.expr(node.args[0], env)
            return f"return str({code});"
        code, kind = self.expr(node, env)
        if printed and kind == "df":
            return f"return reprDataFrame({code});"
        if printed and kind == "floats":
            return f"return reprFloat({code});"
        if printed and kind == "tuples":
            return f"return reprTuples({code});"
        if printed:
            return f"return repr({code});"
        return f"{code};" if code.startswith("await ") else f"{code};"

    # ---- expressions -------------------------------------------------------------------------
    def expr(self, node: ast.expr, env: Env, data: bool | str = False) -> tuple[str, str]:
        """(TS code, kind). `data` is true inside createDataFrame's rows and literal values."""
        if isinstance(node, ast.Constant):
            return self.constant(node.value, data), "value"
        if isinstance(node, ast.Tuple) and data == "nested":
            # A tuple inside a row is a struct of fields _1, _2, ... (a list is an array).
            fields = [f"_{i + 1}: {self.expr(e, env, 'nested')[0]}" for i, e in enumerate(node.elts)]
            return f"{{ {', '.join(fields)} }}", "value"
        if isinstance(node, (ast.List, ast.Tuple)):
            items = [self.expr(e, env, data)[0] for e in node.elts]
            return f"[{', '.join(items)}]", "value"
        if isinstance(node, ast.Dict):
            if any(k is None for k in node.keys):
                raise Untranslatable("dict unpacking")
            pairs = [(self.expr(k, env, data)[0], self.expr(v, env, data)[0]) for k, v in zip(node.keys, node.values)]
            if data:  # PySpark infers a dict as a map
                return f"new Map([{', '.join(f'[{k}, {v}]' for k, v in pairs)}])", "value"
            if not all(isinstance(k, ast.Constant) and isinstance(k.value, str) for k in node.keys):
                # Keys that are not names (sampleBy's strata): the client takes a Map.
                return f"new Map([{', '.join(f'[{k}, {v}]' for k, v in pairs)}])", "value"
            pairs = [(self.key(k.value), v) for k, (_, v) in zip(node.keys, pairs)]
            return f"{{ {', '.join(f'{k}: {v}' for k, v in pairs)} }}", "value"
        if isinstance(node, ast.Name):
            return self.name(node.id, env)
        if isinstance(node, ast.UnaryOp):
            operand, kind = self.expr(node.operand, env, data)
            if isinstance(node.op, ast.USub):
                if isinstance(node.operand, ast.Constant) and isinstance(node.operand.value, (int, float)):
                    return self.constant(-node.operand.value, data), "value"
                if kind == "col":
                    return f"{operand}.negate()", "col"
                return f"-{operand}", "value"
            if isinstance(node.op, ast.Invert) and kind == "col":
                return f"{operand}.not()", "col"
            if isinstance(node.op, ast.Not) and kind == "value":
                return f"!{operand}", "value"
            raise Untranslatable(f"unary {type(node.op).__name__}")
        if isinstance(node, ast.BinOp):
            return self.binop(node, env, data)
        if isinstance(node, ast.Compare):
            if len(node.ops) != 1 or type(node.ops[0]) not in CMPOPS:
                raise Untranslatable("chained or non-column comparison")
            left, lk = self.expr(node.left, env, True)
            right, rk = self.expr(node.comparators[0], env, True)
            if lk != "col" and rk != "col":
                raise Untranslatable("comparison of Python values")
            if lk != "col":
                left = f"F.lit({left})"
            return f"{left}.{CMPOPS[type(node.ops[0])]}({right})", "col"
        if isinstance(node, ast.Lambda):
            args = [a.arg for a in node.args.args]
            inner = Env()
            inner.names = {**env.names, **{a: "col" for a in args}}
            inner.ts_names = {**env.ts_names, **{a: a for a in args}}
            body, _ = self.expr(node.body, inner)
            return f"({', '.join(args)}) => {body}", "value"
        if isinstance(node, ast.Attribute):
            return self.attribute(node, env)
        if isinstance(node, ast.Subscript):
            return self.subscript(node, env)
        if isinstance(node, ast.Call):
            return self.call(node, env, data)
        raise Untranslatable(f"Python expression `{type(node).__name__}`")

    def constant(self, v, data: bool | str) -> str:
        if v is None:
            return "null"
        if v is True or v is False:
            return "true" if v else "false"
        if isinstance(v, int):
            return f"{v}n" if abs(v) > 2**53 - 1 else str(v)
        if isinstance(v, float):
            text = repr(v)
            # A JS number with no fraction is an integer to the client: keep Python's float a double.
            return f"typed.double({text})" if data and v.is_integer() else text
        if isinstance(v, str):
            return ts_str(v)
        if isinstance(v, bytes):  # BINARY values are Uint8Arrays
            return f"new Uint8Array([{', '.join(str(b) for b in v)}])"
        raise Untranslatable(f"{type(v).__name__} literal")

    def name(self, n: str, env: Env) -> tuple[str, str]:
        kind = env.names.get(n)
        if kind is None and self.bare_functions and n in self.api["functions"]:
            # doctest's namespace is the functions module's: its functions are bare names there.
            return f"F.{n}", f"Ffn:{n}"
        if kind is None:
            raise Untranslatable(f"uses `{n}`, defined outside the example")
        if kind.startswith("Ffn:"):
            return f"F.{kind[4:]}", kind
        if kind.startswith("cls:") or kind.startswith("type:"):
            return kind.split(":")[1], kind
        return env.ts_names.get(n, n), kind

    def binop(self, node: ast.BinOp, env: Env, data: bool | str) -> tuple[str, str]:
        left, lk = self.expr(node.left, env, True)
        right, rk = self.expr(node.right, env, True)
        if lk != "col" and rk != "col":
            numeric = all(isinstance(x, ast.Constant) and type(x.value) in (int, float) for x in (node.left, node.right))
            if type(node.op) in JS_BINOPS and numeric:
                if isinstance(node.op, ast.Div):
                    raise Untranslatable("Python division of values")
                return f"({left} {JS_BINOPS[type(node.op)]} {right})", "value"
            raise Untranslatable(f"{type(node.op).__name__} of Python values")
        if isinstance(node.op, ast.Pow):
            return f"F.pow({left}, {right})", "col"
        if type(node.op) not in BINOPS:
            raise Untranslatable(f"Column operator {type(node.op).__name__}")
        if lk != "col":
            left = f"F.lit({left})"
        return f"{left}.{BINOPS[type(node.op)]}({right})", "col"

    def attribute(self, node: ast.Attribute, env: Env, callee: bool = False) -> tuple[str, str]:
        base, kind = self.expr(node.value, env)
        attr = node.attr
        if kind == "F":
            if attr not in self.api["functions"]:
                raise Untranslatable(f"no F.{attr} in the client")
            return f"F.{attr}", f"Ffn:{attr}"
        if kind == "df":
            if attr in PYTHON_ONLY:
                raise Untranslatable(PYTHON_ONLY[attr])
            if attr in DF_PROPERTIES:
                return f"(await {base}.{attr}())", DF_PROPERTIES[attr]
            if attr in ("na", "stat", "write", "writeTo"):
                if attr not in self.api["DataFrame"]:
                    raise Untranslatable(f"no DataFrame.{attr}")
                return f"{base}.{attr}", {"na": "na", "stat": "stat"}.get(attr, "other")
            if callee and (attr in self.api["DataFrame"] or camel(attr) in self.api["DataFrame"] or attr in RENAMES):
                return f"{base}.{attr}", f"method:df:{attr}"
            return f"{base}.col({ts_str(attr)})", "col"
        if kind == "session":
            if attr == "conf":
                return f"{base}.conf", "conf"
            if attr == "catalog":
                return f"{base}.catalog", "catalog"
            if attr == "tvf":
                return f"{base}.tvf", "tvf"
            if attr in ("read", "udf", "version"):
                raise Untranslatable(f"spark.{attr}")
            return f"{base}.{attr}", f"method:session:{attr}"
        if kind == "col":
            if callee:
                return f"{base}.{attr}", f"method:col:{attr}"
            return f"{base}.getField({ts_str(attr)})", "col"
        if kind == "row":
            return f"{base}.get({ts_str(attr)})", "value"
        if kind == "cls:Window":
            return f"{base}.{attr}", f"method:window:{attr}"
        if kind.startswith("pymod:"):
            return f"{base}.{attr}", f"pyfn:{kind[6:]}.{attr}"
        if kind in ("grouped", "wspec", "conf", "na", "stat", "catalog", "tvf"):
            if kind == "grouped" and attr in PYTHON_ONLY:
                raise Untranslatable(PYTHON_ONLY[attr])
            return f"{base}.{attr}", f"method:{kind}:{attr}"
        raise Untranslatable(f"attribute .{attr} of a {kind}")

    def subscript(self, node: ast.Subscript, env: Env) -> tuple[str, str]:
        base, kind = self.expr(node.value, env)
        key, kk = self.expr(node.slice, env)
        if kind == "df":
            if isinstance(node.slice, ast.Constant) and isinstance(node.slice.value, str):
                return f"{base}.col({key})", "col"
            # df[condition] filters, df[[names]] selects (PySpark's __getitem__).
            if kk == "col":
                return f"{base}.filter({key})", "df"
            if isinstance(node.slice, ast.List):
                return f"{base}.select({key[1:-1]})", "df"
            raise Untranslatable("DataFrame indexed by a non-name")
        if kind == "col":
            if isinstance(node.slice, ast.Slice):
                raise Untranslatable("Column slice")
            return f"{base}.getItem({key})", "col"
        if kind == "rows":
            return f"{base}[{key}]", "row"
        if kind == "row":
            return f"{base}.get({key})", "value"
        raise Untranslatable(f"indexing a {kind}")

    # ---- calls -------------------------------------------------------------------------------
    def call(self, node: ast.Call, env: Env, data: bool | str) -> tuple[str, str]:
        if isinstance(node.func, ast.Name) and node.func.id in ("list", "sorted", "len", "str", "int", "float",
                                                                 "bytearray", "bytes", "range", "set", "dict"):
            if node.func.id in ("bytes", "bytearray") and len(node.args) == 1 and not node.keywords:
                arg = node.args[0]
                if isinstance(arg, ast.Constant) and isinstance(arg.value, (bytes, str)):
                    raw = arg.value if isinstance(arg.value, bytes) else arg.value.encode("utf-8")
                    return self.constant(raw, data), "value"
            if node.func.id == "float" and len(node.args) == 1 and isinstance(node.args[0], ast.Constant):
                special = {"nan": "Number.NaN", "inf": "Number.POSITIVE_INFINITY", "-inf": "Number.NEGATIVE_INFINITY"}
                if str(node.args[0].value).lower() in special:
                    return special[str(node.args[0].value).lower()], "value"
            raise Untranslatable(f"Python builtin {node.func.id}()")
        if isinstance(node.func, ast.Name) and node.func.id == "Row" and env.names.get("Row") == "cls:Row":
            if node.args:
                raise Untranslatable("Row with positional values")
            fields = [f"{kw.arg}: {self.expr(kw.value, env, True)[0]}" for kw in node.keywords]
            return f"{{ {', '.join(fields)} }}", "value"
        if isinstance(node.func, ast.Attribute):
            fcode, fkind = self.attribute(node.func, env, callee=True)
        else:
            fcode, fkind = self.expr(node.func, env)
        if fkind.startswith("Ffn:"):
            name = fkind[4:]
            args = self.call_args(node, "functions", name, env)
            return f"{fcode}({', '.join(args)})", "col"
        if fkind.startswith("type:"):
            return self.type_ctor(fkind[5:], node, env), "type"
        if fkind.startswith("pyfn:"):
            return self.python_value(fkind[5:], node, env), "value"
        if fkind.startswith("method:"):
            _, owner, method = fkind.split(":", 2)
            cls = API_CLASS.get(owner)
            if cls is None:
                raise Untranslatable(f"calls a method of {owner}")
            target = RENAMES.get(method, method)
            if target not in self.api[cls]:
                target = camel(method)
            if target not in self.api[cls]:
                raise Untranslatable(f"no {cls}.{method} in the client")
            info = self.api[cls][target]
            if info["kind"] != "method":
                raise Untranslatable(f"{cls}.{target} is a property")
            if owner == "session" and target == "createDataFrame":
                args, sig = self.create_df_args(node, env), info["signatures"][-1]
            else:
                args, sig = self.call_args_sig(node, cls, target, env)
            receiver = fcode[: -len(method)] if fcode.endswith(method) else fcode
            code = f"{receiver}{target}({', '.join(args)})"
            ret = sig["returns"]
            if sig["async"]:
                ret = ret[len("Promise<") : -1]
                code = f"(await {code})"
            return code, "floats" if method in FLOAT_RESULTS else KIND_OF_RETURN.get(ret, "value")
        raise Untranslatable(f"calls {ast.unparse(node.func)}")

    def call_args(self, node: ast.Call, cls: str, method: str, env: Env) -> list[str]:
        return self.call_args_sig(node, cls, method, env)[0]

    def call_args_sig(self, node: ast.Call, cls: str, method: str, env: Env) -> tuple[list[str], dict]:
        """The TS arguments for the first overload the Python arguments fit, and that overload."""
        info = self.api[cls].get(method)
        if info is None or info["kind"] != "method":
            raise Untranslatable(f"no {cls}.{method} in the client")
        first_error = None
        for sig in info["signatures"]:
            try:
                return self.fit(node, cls, method, sig["params"], env), sig
            except Untranslatable as e:
                first_error = first_error or e
        raise first_error

    def fit(self, node: ast.Call, cls: str, method: str, params: list, env: Env) -> list[str]:
        if any(isinstance(a, ast.Starred) for a in node.args):
            raise Untranslatable("*args")
        out: list[str | None] = []
        options: dict[int, list[str]] = {}
        trailing: list[str] = []
        rest = next((i for i, p in enumerate(params) if p["rest"]), None)
        for i, a in enumerate(node.args):
            if rest is None and i >= len(params):
                raise Untranslatable(f"{cls}.{method} takes {len(params)} arguments, the example passes more")
            p = params[min(i, rest) if rest is not None else i]
            out.append(self.arg(a, p, env))
        for kw in node.keywords:
            if kw.arg is None:
                raise Untranslatable("**kwargs")
            idx = next((i for i, p in enumerate(params) if p["name"] in (kw.arg, camel(kw.arg))), None)
            if idx is None:
                # A keyword of PySpark's is a key of the client's options object.
                opt = next((i for i, p in enumerate(params) if p.get("props") and camel(kw.arg) in p["props"]), None)
                if opt is not None:
                    options.setdefault(opt, []).append(f"{camel(kw.arg)}: {self.expr(kw.value, env, True)[0]}")
                    continue
                # ... or of the options object a rest parameter may end with.
                if rest is not None and camel(kw.arg) in (params[rest].get("restProps") or []):
                    trailing.append(f"{camel(kw.arg)}: {self.expr(kw.value, env, True)[0]}")
                    continue
            if idx is None or (rest is not None and idx >= rest):
                raise Untranslatable(f"keyword `{kw.arg}` has no parameter in {cls}.{method}")
            while len(out) <= idx:
                out.append(None)
            if out[idx] is not None:
                raise Untranslatable(f"`{kw.arg}` given twice")
            out[idx] = self.arg(kw.value, params[idx], env)
        for idx, fields in options.items():
            while len(out) <= idx:
                out.append(None)
            if out[idx] is not None:
                raise Untranslatable(f"options of {cls}.{method} given twice")
            out[idx] = f"{{ {', '.join(fields)} }}"
        missing = [p["name"] for i, p in enumerate(params) if not p["optional"] and not p["rest"] and (i >= len(out) or out[i] is None)]
        if missing:
            raise Untranslatable(f"{cls}.{method} needs {', '.join(missing)}")
        args = [a if a is not None else "undefined" for a in out]
        return args + ([f"{{ {', '.join(trailing)} }}"] if trailing else [])

    def arg(self, a: ast.expr, param: dict, env: Env) -> str:
        valueish = "number" not in param["type"] and any(t in param["type"] for t in ("Literal", "unknown", "ColumnOrValue"))
        return self.expr(a, env, data=valueish)[0]

    def create_df_args(self, node: ast.Call, env: Env) -> list[str]:
        args = list(node.args)
        kws = {kw.arg: kw.value for kw in node.keywords}
        if set(kws) - {"schema", "data"}:
            raise Untranslatable(f"createDataFrame keywords {sorted(set(kws) - {'schema', 'data'})}")
        data = args[0] if args else kws.get("data")
        schema = args[1] if len(args) > 1 else kws.get("schema")
        if data is None:
            raise Untranslatable("createDataFrame without data")
        if isinstance(data, (ast.List, ast.Tuple)):
            # A dict row is a record of named fields (a nested dict is a map).
            rows = [self.record(r, env) if isinstance(r, ast.Dict) else self.row(r, env) for r in data.elts]
            out = [f"[{', '.join(rows)}]"]
        else:
            out = [self.expr(data, env, data=True)[0]]
        if schema is not None:
            out.append(self.expr(schema, env)[0])
        return out

    def row(self, node: ast.expr, env: Env) -> str:
        if isinstance(node, (ast.List, ast.Tuple)):
            return f"[{', '.join(self.expr(e, env, 'nested')[0] for e in node.elts)}]"
        return self.expr(node, env, data=True)[0]

    def record(self, node: ast.Dict, env: Env) -> str:
        if not all(isinstance(k, ast.Constant) and isinstance(k.value, str) for k in node.keys):
            raise Untranslatable("dict row with non-string keys")
        fields = [f"{self.key(k.value)}: {self.expr(v, env, 'nested')[0]}" for k, v in zip(node.keys, node.values)]
        return f"{{ {', '.join(fields)} }}"

    def key(self, name: str) -> str:
        return name if re.fullmatch(r"[A-Za-z_$][\w$]*", name) else ts_str(name)

    def type_ctor(self, name: str, node: ast.Call, env: Env) -> str:
        args = [self.expr(a, env)[0] for a in node.args]
        if node.keywords:
            raise Untranslatable(f"{name} with keywords")
        return f"new {name}({', '.join(args)})"

    def python_value(self, fn: str, node: ast.Call, env: Env) -> str:
        vals = []
        for a in node.args:
            if isinstance(a, ast.Constant):
                vals.append(a.value)
            elif isinstance(a, ast.UnaryOp) and isinstance(a.op, ast.USub) and isinstance(a.operand, ast.Constant):
                vals.append(-a.operand.value)
            else:
                raise Untranslatable(f"{fn}() of a non-constant")
        if node.keywords:
            raise Untranslatable(f"{fn}() with keywords")
        if fn == "datetime.date" and len(vals) == 3:
            return f"typed.date('{vals[0]:04d}-{vals[1]:02d}-{vals[2]:02d}')"
        if fn == "datetime.datetime" and 3 <= len(vals) <= 7:
            y, mo, d, h, mi, s, us = (vals + [0, 0, 0, 0])[:7]
            frac = f".{us:06d}".rstrip("0").rstrip(".") if us else ""
            # A naive datetime: PySpark reads it in the client's zone, which is the session's here (UTC).
            return f"new Date('{y:04d}-{mo:02d}-{d:02d}T{h:02d}:{mi:02d}:{s:02d}{frac}Z')"
        if fn == "datetime.time" and 1 <= len(vals) <= 4:
            h, mi, s, us = (vals + [0, 0, 0])[:4]
            return f"LocalTime.of({h}, {mi}, {s}{f', {us * 1000}' if us else ''})"
        if fn == "decimal.Decimal" and len(vals) == 1 and isinstance(vals[0], str):
            if not re.fullmatch(r"-?\d+(\.\d+)?", vals[0]):
                raise Untranslatable(f"Decimal('{vals[0]}')")
            return f"typed.decimal('{vals[0]}')"
        raise Untranslatable(f"{fn}({', '.join(map(repr, vals))})")
