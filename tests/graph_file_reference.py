"""A plain reader of graph file schema 2, written from docs/graph.md alone: each edge back
as the JSON object schema 1 wrote (``source``, ``target``, ``key`` and the properties).

Slow and simple on purpose: tests compare lawgraph's fast reader and writer against it."""

from __future__ import annotations


def edge_objects(doc: dict) -> list[dict]:
    ids = [n["id"] for n in doc["nodes"]]
    sentences: list[str] = []
    out = []
    for block in doc["edges"]:
        sentences += block["sentences"]
        tables = []
        for shape in block["shapes"]:
            columns = []
            for column in shape["columns"]:
                if "same" in column:
                    columns.append(None)  # filled per row below
                elif "table" in column:
                    columns.append([column["table"][i] for i in column["index"]])
                elif "texts" in column:
                    columns.append([[sentences[i] for i in row] for row in column["texts"]])
                else:
                    columns.append(column["values"])
            tables.append((shape["fields"], shape["columns"], columns))
        taken = [0] * len(tables)
        for i in range(block["n"]):
            s = block["shape"][i]
            fields, raw, columns = tables[s]
            row = taken[s]
            taken[s] += 1
            edge = {f: (r["same"] if c is None else c[row]) for f, r, c in zip(fields, raw, columns)}
            edge.update(source=ids[block["source"][i]], target=ids[block["target"][i]], key=block["keys"][block["key"][i]])
            out.append(edge)
    return out


def sentence_table(doc: dict) -> list[str]:
    return [s for block in doc["edges"] for s in block["sentences"]]
