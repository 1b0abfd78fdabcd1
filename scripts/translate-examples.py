#!/usr/bin/env python3
"""Translates the PySpark doctest examples extracted by extract-pyspark-examples.py to TypeScript.

    python3 scripts/translate-examples.py [module ...]   # default: functions.builtin, column, dataframe, group, window

Reads test/conformance/examples-<module>.json and the client's API (scripts/lib/client-api.mjs,
read from src/index.ts with the TypeScript compiler), and writes
test/conformance/generated/<module>.<n>.ts plus generated/index.ts. Each docstring becomes one
async function run on one session, as doctest runs a docstring's examples in one namespace:
setup lines (imports, assignments, calls that print nothing) become statements, and each example
with expected output becomes `await ex.step(i, async () => <what it prints>)`. An example the
translator cannot write with the client's API (pandas, UDFs, RDDs, a missing method, ...) becomes
`ex.untranslated(i, '<reason>')`, and so does every later example that depends on it.
"""

import ast
import json
import os
import re
import subprocess
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "lib"))
from translate_py import Translator, Untranslatable  # noqa: E402

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
CONF = os.path.join(ROOT, "test", "conformance")
CHARS_PER_FILE = 16_000  # 300-600 lines once formatted
MODULES = ["functions.builtin", "column", "dataframe", "group", "window"]
# Examples whose output depends on what other sessions did on the server, not on the client.
NOT_DETERMINISTIC = {
    "dataframe": {
        "DataFrame.storageLevel#1": "the server's cache is shared: another session may have cached spark.range(10)",
    },
}


def ts_string(s: str) -> str:
    return json.dumps(s, ensure_ascii=False).replace("'", "\\'")[1:-1].join("''").replace('\\"', '"')


def identifier(name: str) -> str:
    return name if re.fullmatch(r"[A-Za-z_$][\w$]*", name) else ts_string(name)


def translate_docstring(tr: Translator, doc: dict, module: str) -> tuple[list[str], dict]:
    """The TS lines of one docstring's function, and counts by outcome."""
    lines: list[str] = []
    stats = {"translated": 0, "untranslated": 0}
    env = tr.new_env()
    poisoned: dict[str, str] = {}  # names whose definition was not translated -> why
    for i, ex in enumerate(doc["examples"]):
        has_output = bool(ex["want"]) or ex["exception"] is not None
        try:
            unstable = NOT_DETERMINISTIC.get(module, {}).get(f"{doc['name']}#{i}")
            if unstable:
                raise Untranslatable(f"not deterministic: {unstable}")
            if ex["options"].get("SKIP"):
                raise Untranslatable("marked +SKIP in PySpark (not run by its doctests)")
            if "after" in ex:
                raise Untranslatable(f"runs after an untranslated step: {ex['after']}")
            tree = ast.parse(ex["source"])
            used = {n.id for n in ast.walk(tree) if isinstance(n, ast.Name)}
            for name in sorted(used & poisoned.keys()):
                raise Untranslatable(poisoned[name])
            out = tr.statements(tree, env, has_output)
        except Untranslatable as e:
            reason = str(e)
            if not has_output and has_effect(ex["source"]) and not [n for n in assigned_names(ex["source"]) if n != "_"]:
                # A call for its effect (a registration, a conf): later examples may rely on it.
                root = re.sub(r"^(runs after an untranslated step: |depends on `[^`]*`: )+", "", reason)
                for later in doc["examples"][i + 1 :]:
                    later.setdefault("after", root)
            for name in assigned_names(ex["source"]):
                root = re.sub(r"^(runs after an untranslated step: |depends on `[^`]*`: )+", "", reason)
                poisoned[name] = f"depends on `{name}`: {root}"
            if has_output:
                lines.append(f"    ex.untranslated({i}, {ts_string(reason)});")
                stats["untranslated"] += 1
            continue
        for name in assigned_names(ex["source"]):
            poisoned.pop(name, None)
        if has_output:
            stats["translated"] += 1
            if len(out) == 1 and out[0].startswith("return "):
                lines.append(f"    await ex.step({i}, async () => {out[0][len('return ') :].rstrip(';')});")
            else:
                lines.append(f"    await ex.step({i}, async () => {{")
                lines.extend(f"      {line}" for line in out)
                lines.append("    });")
        else:
            lines.extend(f"    {line}" for line in out)
    return lines, stats


def drop_unused(body: list[str]) -> list[str]:
    """Constants nothing uses (their users were not translated): kept as statements when awaited."""
    out = list(body)
    changed = True
    while changed:
        changed = False
        for i, line in enumerate(out):
            m = re.match(r"(\s*)const (\w+) = (.*)$", line)
            if not m or any(
                re.search(rf"\b{m.group(2)}\b", later) for later in out[i + 1 :] if "ex.untranslated(" not in later
            ):
                continue
            # A multi-line initializer is not produced here: assignments are one line each.
            out[i] = f"{m.group(1)}{m.group(3)}" if m.group(3).startswith("await ") else None
            out = [x for x in out if x is not None]
            changed = True
            break
    return out


def has_effect(source: str) -> bool:
    """May the example change the session (a call), as opposed to an assert or an import?"""
    try:
        tree = ast.parse(source)
    except SyntaxError:
        return True
    return any(isinstance(n, ast.Call) for st in tree.body if not isinstance(st, ast.Assert) for n in ast.walk(st))


def assigned_names(source: str) -> list[str]:
    try:
        tree = ast.parse(source)
    except SyntaxError:
        return []
    names = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Name) and isinstance(node.ctx, ast.Store):
            names.append(node.id)
        elif isinstance(node, (ast.Import, ast.ImportFrom)):
            names.extend((a.asname or a.name).split(".")[0] for a in node.names)
    return names


def main() -> None:
    modules = sys.argv[1:] or MODULES
    api = json.loads(subprocess.check_output(["node", os.path.join(ROOT, "scripts", "lib", "client-api.mjs")]))
    out_dir = os.path.join(CONF, "generated")
    os.makedirs(out_dir, exist_ok=True)
    index_entries = []
    for module in modules:
        with open(os.path.join(CONF, f"examples-{module}.json"), encoding="utf-8") as f:
            data = json.load(f)
        tr = Translator(api, bare_functions=module == "functions.builtin")
        for old in os.listdir(out_dir):
            if old.startswith(f"{module}.") and old.endswith(".ts"):
                os.remove(os.path.join(out_dir, old))
        chunks: list[list[str]] = [[]]
        totals = {"translated": 0, "untranslated": 0}
        for doc in data["docstrings"]:
            if not any(e["want"] or e["exception"] is not None for e in doc["examples"]):
                continue
            body, stats = translate_docstring(tr, doc, module)
            for k in totals:
                totals[k] += stats[k]
            body = drop_unused(body)
            uses_spark = any(re.search(r"\bspark\b", line) for line in body if "ex.untranslated(" not in line)
            entry = [f"  {identifier(doc['name'])}: async ({'spark' if uses_spark else '_spark'}, ex) => {{", *body, "  },"]
            if sum(map(len, chunks[-1] + entry)) > CHARS_PER_FILE and chunks[-1]:
                chunks.append([])
            chunks[-1].extend(entry)
        for n, chunk in enumerate(chunks, start=1):
            text = "\n".join(chunk)
            imports = [name for name in tr.IMPORTABLE if re.search(rf"\b{name}\b[.(]", text)]
            if "F." in text:
                imports.insert(0, "functions as F")
            header = [
                f"// Generated by scripts/translate-examples.py from examples-{module}.json",
                f"// (PySpark {data['pyspark']}'s docstrings of pyspark.sql.{module}). Do not edit: regenerate.",
            ]
            if imports:
                header.append(f"import {{ {', '.join(imports)} }} from '../../../src/index.js';")
            helpers = [h for h in ("repr", "reprDataFrame", "reprFloat", "reprTuples", "show", "str") if re.search(rf"\b{h}\(", text)]
            header.append(f"import {{ type Docstrings, {', '.join(helpers)} }} from '../support.js';".replace(", }", " }"))
            header.append("")
            header.append("export const docstrings: Docstrings = {")
            name = f"{module}.{n}"
            with open(os.path.join(out_dir, f"{name}.ts"), "w", encoding="utf-8") as f:
                f.write("\n".join(header + chunk + ["};", ""]))
        print(f"{module}: translated {totals['translated']}, untranslated {totals['untranslated']}, {len(chunks)} files")
    # The index lists every generated file, of this run's modules and earlier runs' alike.
    files = sorted(f[:-3] for f in os.listdir(out_dir) if f.endswith(".ts") and f != "index.ts")
    index_entries = sorted(((n.rsplit(".", 1)[0], n) for n in files), key=lambda e: (e[0], int(e[1].rsplit(".", 1)[1])))
    with open(os.path.join(out_dir, "index.ts"), "w", encoding="utf-8") as f:
        f.write("// Generated by scripts/translate-examples.py. Do not edit: regenerate.\n")
        f.write("import type { Docstrings } from '../support.js';\n")
        for module, name in index_entries:
            f.write(f"import {{ docstrings as {varname(name)} }} from './{name}.js';\n")
        f.write("\n/** The translated docstrings of each module. */\n")
        f.write("export const modules: Record<string, Docstrings[]> = {\n")
        for module in dict.fromkeys(m for m, _ in index_entries):
            names = ", ".join(varname(n) for m, n in index_entries if m == module)
            f.write(f"  {identifier(module)}: [{names}],\n")
        f.write("};\n")
    # Biome's layout, so the committed files read as the rest of the code and stay lint-clean.
    subprocess.run(["npx", "biome", "check", "--write", out_dir], cwd=ROOT, check=True, capture_output=True)


def varname(name: str) -> str:
    return re.sub(r"\W", "_", name)


if __name__ == "__main__":
    main()
