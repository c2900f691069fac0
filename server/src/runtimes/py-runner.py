# Child side of Python on the node runtime (inside the OS sandbox). Reads one request from stdin:
# {"code": str, "inputs": dict, "maxOutputBytes": int}; user output goes to stdout/stderr; the result is one
# JSON document on fd 3: {"kind": "result", "output": ...} or {"kind": "error", "code", "message", "stack"?}.
import asyncio
import inspect
import json
import os
import sys
import traceback

channel = os.fdopen(3, "w", encoding="utf-8")
request = json.loads(sys.stdin.read())
sys.stdin.close()


def send(frame):
    sys.stdout.flush()
    sys.stderr.flush()
    channel.write(json.dumps(frame))
    channel.flush()
    os._exit(0)


class Ctx:
    def __init__(self, env):
        self.env = dict(env)

    def log(self, *args):
        print(*args, flush=True)


def user_trace(err):
    frames = [f for f in traceback.extract_tb(err.__traceback__) if f.filename == "main.py"]
    text = "".join(traceback.format_list(frames)) + "".join(traceback.format_exception_only(type(err), err))
    return "Traceback (most recent call last):\n" + text


namespace = {"__name__": "main"}
try:
    compiled = compile(request["code"], "main.py", "exec")
except SyntaxError as err:
    send({"kind": "error", "code": "syntax_error", "message": f"SyntaxError: {err.msg} (main.py, line {err.lineno})"})
try:
    exec(compiled, namespace)
    main = namespace.get("main")
    if not callable(main):
        send({"kind": "error", "code": "invalid_module", "message": "the code must define main(inputs, ctx)"})
    arity = len(inspect.signature(main).parameters)
    args = (request["inputs"], Ctx(os.environ))[: max(arity, 1)]
    value = main(*args)
    if inspect.isawaitable(value):
        value = asyncio.run(value) if inspect.iscoroutine(value) else asyncio.get_event_loop().run_until_complete(value)
except MemoryError:
    send({"kind": "error", "code": "out_of_memory", "message": "MemoryError: the code ran out of memory"})
except RecursionError as err:
    send({"kind": "error", "code": "user_error", "message": f"RecursionError: {err}", "stack": user_trace(err)})
except SystemExit as err:
    send({"kind": "error", "code": "user_error", "message": f"the code called exit({err.code})"})
except BaseException as err:  # noqa: BLE001 - every user failure becomes a result
    send({"kind": "error", "code": "user_error", "message": f"{type(err).__name__}: {err}", "stack": user_trace(err)})
try:
    text = json.dumps(value, allow_nan=False)
except (TypeError, ValueError) as err:
    send({"kind": "error", "code": "output_not_serializable", "message": f"the return value is not JSON-serializable: {err}"})
if len(text.encode("utf-8")) > request["maxOutputBytes"]:
    send({"kind": "error", "code": "output_too_large", "message": f"the return value is over the {request['maxOutputBytes']}-byte limit"})
send({"kind": "result", "output": value})
