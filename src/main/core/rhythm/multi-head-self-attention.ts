import * as tf from '@tensorflow/tfjs';
import { sequenceShape } from '../ml/sequence-shape';

/** Constructor arguments of {@link MultiHeadSelfAttention}. */
export interface MultiHeadSelfAttentionArgs {
  /** number of attention heads (> 0) */
  numHeads: number;
  /** width of each head's query/key/value projection (> 0) */
  keyDim: number;
  /** layer name (tfjs-layers naming rules) */
  name?: string;
}

/**
 * Multi-head scaled dot-product self-attention over time steps, as a tfjs-layers layer (tfjs-layers
 * has none). Maps a sequence `x` of shape [batch, T, D] to two outputs:
 * - the attended sequence [batch, T, D]: per head h, softmax(Q_h K_hᵀ / √keyDim) V_h with
 *   Q_h, K_h, V_h linear projections of `x`, heads concatenated and projected back to D;
 * - the attention over time steps [batch, T]: the attention matrices averaged over heads and over
 *   query positions, i.e. how much the sequence as a whole attends to each step. Each matrix row
 *   sums to 1, so each output row sums to 1.
 *
 * Registered with `tf.serialization.registerClass`, so a saved model.json containing it loads again
 * once this module has been imported.
 *
 * Source: A. Vaswani et al., "Attention is all you need", NeurIPS 2017, arXiv:1706.03762.
 */
export class MultiHeadSelfAttention extends tf.layers.Layer {
  /** Name under which the class is registered for (de)serialisation. */
  static className = 'MultiHeadSelfAttention';
  private readonly numHeads: number;
  private readonly keyDim: number;
  private weightsQkv: tf.LayerVariable | null = null;
  private biasQkv: tf.LayerVariable | null = null;
  private weightsOut: tf.LayerVariable | null = null;
  private biasOut: tf.LayerVariable | null = null;

  /**
   * @param args - `numHeads` and `keyDim`, positive integers
   * @throws RangeError when either is not a positive integer
   */
  constructor(args: MultiHeadSelfAttentionArgs) {
    super(args.name === undefined ? {} : { name: args.name });
    for (const [key, value] of [
      ['numHeads', args.numHeads],
      ['keyDim', args.keyDim],
    ] as const) {
      if (!Number.isInteger(value) || value <= 0) {
        throw new RangeError(`MultiHeadSelfAttention: ${key} must be a positive integer, got ${value}`);
      }
    }
    this.numHeads = args.numHeads;
    this.keyDim = args.keyDim;
  }

  override build(inputShape: tf.Shape | tf.Shape[]): void {
    const features = sequenceShape(inputShape, 'MultiHeadSelfAttention')[2];
    if (typeof features !== 'number') throw new Error('MultiHeadSelfAttention: the feature axis must be known');
    const width = this.numHeads * this.keyDim;
    const glorot = tf.initializers.glorotUniform({});
    this.weightsQkv = this.addWeight('qkv_kernel', [features, 3 * width], 'float32', glorot);
    this.biasQkv = this.addWeight('qkv_bias', [3 * width], 'float32', tf.initializers.zeros());
    this.weightsOut = this.addWeight('out_kernel', [width, features], 'float32', glorot);
    this.biasOut = this.addWeight('out_bias', [features], 'float32', tf.initializers.zeros());
    this.built = true;
  }

  override computeOutputShape(inputShape: tf.Shape | tf.Shape[]): tf.Shape[] {
    const shape = sequenceShape(inputShape, 'MultiHeadSelfAttention');
    return [shape.slice(), [shape[0] ?? null, shape[1] ?? null]];
  }

  override call(inputs: tf.Tensor | tf.Tensor[]): tf.Tensor[] {
    return tf.tidy(() => {
      const x = (Array.isArray(inputs) ? inputs[0] : inputs) as tf.Tensor3D;
      if (this.weightsQkv === null || this.biasQkv === null || this.weightsOut === null || this.biasOut === null) {
        throw new Error('MultiHeadSelfAttention: called before build');
      }
      const [batch, steps, features] = x.shape;
      const width = this.numHeads * this.keyDim;
      const qkv = tf.add(tf.matMul(tf.reshape(x, [batch * steps, features]), this.weightsQkv.read()), this.biasQkv.read());
      const heads = (part: number): tf.Tensor4D =>
        tf.transpose(
          tf.reshape(tf.slice(qkv, [0, part * width], [batch * steps, width]), [batch, steps, this.numHeads, this.keyDim]),
          [0, 2, 1, 3],
        );
      const scores = tf.div(tf.matMul(heads(0), heads(1), false, true), Math.sqrt(this.keyDim));
      const attention = tf.softmax(scores, -1);
      const context = tf.reshape(tf.transpose(tf.matMul(attention, heads(2)), [0, 2, 1, 3]), [batch * steps, width]);
      const out = tf.reshape(tf.add(tf.matMul(context, this.weightsOut.read()), this.biasOut.read()), [batch, steps, features]);
      return [out, tf.mean(attention, [1, 2])];
    });
  }

  override getConfig(): tf.serialization.ConfigDict {
    return { ...super.getConfig(), numHeads: this.numHeads, keyDim: this.keyDim };
  }
}

tf.serialization.registerClass(MultiHeadSelfAttention);
