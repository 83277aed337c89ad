# Reads one hex EncodingUnit a line on stdin, parses it with impacket's MS-WMIO structures and
# prints what impacket makes of it as one JSON line: class name, and for an instance the values it
# reads, for a class its properties and methods. Run with Debian's /usr/bin/python3.
import json
import sys

from impacket.dcerpc.v5.dcom.wmi import ENCODING_UNIT


def plain(v):
    if isinstance(v, (list, tuple)):
        return [plain(e) for e in v]
    if v is None or isinstance(v, (bool, int, float, str)):
        return v
    return "<%s>" % type(v).__name__


for line in sys.stdin:
    line = line.strip()
    if not line:
        continue
    try:
        unit = ENCODING_UNIT(bytes.fromhex(line))
        block = unit["ObjectBlock"]
        block.parseObject()
    except Exception as e:
        print(json.dumps({"error": "%s: %s" % (type(e).__name__, e)}), flush=True)
        continue
    current = block.ctCurrent
    out = {"name": current["name"], "instance": block.isInstance()}
    if block.isInstance():
        out["values"] = {k: plain(p["value"]) for k, p in current["values"].items()}
    else:
        out["properties"] = {k: {"type": p["stype"], "qualifiers": {q: plain(v) for q, v in p["qualifiers"].items()}}
                             for k, p in current["properties"].items()}
        out["methods"] = {n: {"in": list((m.get("InParams") or {}).keys()),
                              "out": list((m.get("OutParams") or {}).keys())}
                          for n, m in current["methods"].items()}
    print(json.dumps(out), flush=True)
