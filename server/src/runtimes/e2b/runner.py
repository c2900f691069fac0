# Runner for Python in an E2B sandbox, uploaded next to the call's files and run as
# `python3 -u runner.py <maxOutputBytes>` in the call's directory (one process per call). It runs main.py,
# calls `main(inputs, ctx)` (awaited when it is a coroutine function) and writes exactly one file:
#   output.json  the return value as JSON (None becomes null), at most maxOutputBytes bytes; or
#   error.json   {code, message, stack?} with the node runtime's codes: syntax_error, invalid_module,
#                user_error, output_not_serializable, output_too_large (and out_of_memory for MemoryError).
# print() and ctx.log go to stdout/stderr, which the server streams as logs.
# call.json holds {envKeys}: the names of the policy's variables, which form `ctx.env`.
import asyncio
import inspect
import json
import os
import sys
import traceback
import types

MAIN_HINT = "the module must define def main(inputs, ctx) (it may be async)"
MODULE_FILE = "main.py"


def _finish(name, text):
    with open(name, "w", encoding="utf-8") as f:
        f.write(text)
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(0)


def _clip(text, limit):
    return text if len(text) <= limit else text[:limit] + "…[truncated]"


def _fail(code, message, stack=None):
    body = {"code": code, "message": _clip(message, 8000)}
    if stack:
        body["stack"] = _clip(stack, 16000)
    _finish("error.json", json.dumps(body))


def _user_error(err):
    code = "out_of_memory" if isinstance(err, MemoryError) else "user_error"
    frames = [f for f in traceback.extract_tb(err.__traceback__) if f.filename == MODULE_FILE]
    stack = "Traceback (most recent call last):\n" + "".join(traceback.format_list(frames))
    stack += "".join(traceback.format_exception_only(type(err), err))
    message = f"{type(err).__name__}: {err}" if str(err) else type(err).__name__
    _fail(code, message, stack)


class Ctx:
    def __init__(self, env):
        self.env = env

    def log(self, *args):
        print(*args, flush=True)


def _accepts_two(fn):
    try:
        params = inspect.signature(fn).parameters.values()
    except (TypeError, ValueError):
        return True
    positional = [p for p in params if p.kind in (p.POSITIONAL_ONLY, p.POSITIONAL_OR_KEYWORD)]
    return len(positional) >= 2 or any(p.kind == p.VAR_POSITIONAL for p in params)


def run():
    max_output = int(sys.argv[1])
    with open("inputs.json", encoding="utf-8") as f:
        inputs = json.load(f)
    with open("call.json", encoding="utf-8") as f:
        call = json.load(f)
    with open(MODULE_FILE, encoding="utf-8") as f:
        source = f.read()
    try:
        code = compile(source, MODULE_FILE, "exec")
    except SyntaxError as err:
        _fail("syntax_error", f"SyntaxError: {err.msg} ({MODULE_FILE}:{err.lineno}:{err.offset})")
    module = types.ModuleType("main")
    module.__file__ = MODULE_FILE
    sys.modules["main"] = module
    try:
        exec(code, module.__dict__)
    except BaseException as err:  # noqa: BLE001 - everything the module raises is the user's error
        _user_error(err)
    main = module.__dict__.get("main")
    if not callable(main):
        found = "there is no main" if main is None else f"main is a {type(main).__name__}"
        _fail("invalid_module", f"{MAIN_HINT} ({found})")
    env = {k: os.environ[k] for k in call.get("envKeys", []) if k in os.environ}
    ctx = Ctx(env)
    try:
        value = main(inputs, ctx) if _accepts_two(main) else main(inputs)
        if inspect.isawaitable(value):
            value = asyncio.run(_await(value))
    except BaseException as err:  # noqa: BLE001
        _user_error(err)
    try:
        text = json.dumps(value, ensure_ascii=False, allow_nan=False)
    except (TypeError, ValueError) as err:
        _fail("output_not_serializable", f"the return value is not JSON-serializable: {err}")
    size = len(text.encode("utf-8"))
    if size > max_output:
        _fail("output_too_large", f"the return value is {size} bytes, over the {max_output}-byte limit")
    _finish("output.json", text)


async def _await(value):
    return await value


run()
