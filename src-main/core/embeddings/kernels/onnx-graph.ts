/**
 * A minimal ONNX model writer: enough of the protobuf wire format (ModelProto, GraphProto, NodeProto,
 * ValueInfoProto, AttributeProto) to describe the small float graphs our dense kernels run in
 * onnxruntime. Field numbers follow onnx/onnx.proto3; the graphs are checked against plain-JS math in tests.
 */

export type ElemType = 'float' | 'int64';
const ELEM: Record<ElemType, number> = { float: 1, int64: 7 };

export interface OnnxValue {
  name: string;
  type: ElemType;
  /** A number is a fixed size, a string a symbolic dimension. */
  shape: (number | string)[];
}

export interface OnnxNode {
  op: string;
  inputs: string[];
  outputs: string[];
  attributes?: Record<string, number | number[]>;
  /** Attributes that must be written as floats even when the value is integral. */
  floatAttributes?: Record<string, number>;
}

export interface OnnxGraph {
  name: string;
  inputs: OnnxValue[];
  outputs: OnnxValue[];
  nodes: OnnxNode[];
  opset?: number;
}

class Writer {
  private chunks: number[] = [];
  varint(v: number | bigint): void {
    let x = BigInt.asUintN(64, BigInt(v));
    while (x >= 0x80n) {
      this.chunks.push(Number((x & 0x7fn) | 0x80n));
      x >>= 7n;
    }
    this.chunks.push(Number(x));
  }
  tag(field: number, wire: number): void {
    this.varint((field << 3) | wire);
  }
  int(field: number, v: number): void {
    this.tag(field, 0);
    this.varint(v);
  }
  bytes(field: number, b: Uint8Array): void {
    this.tag(field, 2);
    this.varint(b.length);
    for (const x of b) this.chunks.push(x);
  }
  string(field: number, s: string): void {
    this.bytes(field, new TextEncoder().encode(s));
  }
  message(field: number, build: (w: Writer) => void): void {
    const w = new Writer();
    build(w);
    this.bytes(field, w.finish());
  }
  float(field: number, v: number): void {
    this.tag(field, 5);
    const b = new Uint8Array(4);
    new DataView(b.buffer).setFloat32(0, v, true);
    for (const x of b) this.chunks.push(x);
  }
  finish(): Uint8Array {
    return Uint8Array.from(this.chunks);
  }
}

function valueInfo(w: Writer, v: OnnxValue): void {
  w.string(1, v.name);
  w.message(2, (type) => type.message(1, (tensor) => {
    tensor.int(1, ELEM[v.type]);
    tensor.message(2, (shape) => {
      for (const d of v.shape) shape.message(1, (dim) => (typeof d === 'number' ? dim.int(1, d) : dim.string(2, d)));
    });
  }));
}

const ATTR_FLOAT = 1, ATTR_INT = 2, ATTR_INTS = 7;

function node(w: Writer, n: OnnxNode, index: number): void {
  for (const i of n.inputs) w.string(1, i);
  for (const o of n.outputs) w.string(2, o);
  w.string(3, `${n.op}_${index}`);
  w.string(4, n.op);
  for (const [name, value] of Object.entries(n.attributes ?? {})) {
    w.message(5, (a) => {
      a.string(1, name);
      if (Array.isArray(value)) {
        for (const v of value) a.int(8, v);
        a.int(20, ATTR_INTS);
      } else {
        a.int(3, value);
        a.int(20, ATTR_INT);
      }
    });
  }
  for (const [name, value] of Object.entries(n.floatAttributes ?? {})) {
    w.message(5, (a) => {
      a.string(1, name);
      a.float(2, value);
      a.int(20, ATTR_FLOAT);
    });
  }
}

/** The serialised ModelProto (IR version 8, default domain at the given opset, 17 unless set). */
export function encodeOnnxModel(g: OnnxGraph): Uint8Array {
  const w = new Writer();
  w.int(1, 8);
  w.string(2, 'relata');
  w.message(7, (graph) => {
    g.nodes.forEach((n, i) => graph.message(1, (nw) => node(nw, n, i)));
    graph.string(2, g.name);
    for (const v of g.inputs) graph.message(11, (vw) => valueInfo(vw, v));
    for (const v of g.outputs) graph.message(12, (vw) => valueInfo(vw, v));
  });
  w.message(8, (op) => {
    op.string(1, '');
    op.int(2, g.opset ?? 17);
  });
  return w.finish();
}
