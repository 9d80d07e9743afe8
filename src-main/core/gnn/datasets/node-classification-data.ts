/** A node-classification problem in memory: graph, features, labels and a train/validation/test split. */
import type { CsrMatrix } from '../kernels/csr-matrix.js';

export interface NodeClassificationData {
  readonly name: string;
  readonly numNodes: number;
  readonly numFeatures: number;
  readonly numClasses: number;
  /** Node features, numNodes × numFeatures, sparse (not yet normalised). */
  readonly features: CsrMatrix;
  /** Undirected edges as two parallel lists of node indices. */
  readonly edgeSrc: Int32Array;
  readonly edgeDst: Int32Array;
  /** Class per node, −1 where unknown. */
  readonly labels: Int32Array;
  readonly classNames: readonly string[];
  readonly nodeIds: readonly string[];
  readonly trainIdx: Int32Array;
  readonly valIdx: Int32Array;
  readonly testIdx: Int32Array;
}
