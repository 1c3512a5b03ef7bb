import * as tf from '@tensorflow/tfjs';
import { sequenceShape } from '../ml/sequence-shape';

/** Constructor arguments of {@link AdditiveAttentionPooling}. */
export interface AdditiveAttentionPoolingArgs {
  /** width of the hidden scoring layer (number of units of W and v) */
  units: number;
  /** layer name (tfjs-layers naming rules) */
  name?: string;
  /** seed of the random initial weights (W from seed, v from seed + 1); unseeded when absent */
  seed?: number;
}

/**
 * Additive attention pooling over time steps: a tfjs-layers layer that maps a sequence
 * `h` of shape [batch, T, D] to two outputs, the context vector [batch, D] and the attention
 * weights [batch, T] (each row sums to 1):
 *
 *   score_t = vᵀ · tanh(W · h_t + b),   α = softmax_t(score),   context = Σ_t α_t · h_t.
 *
 * Registered with `tf.serialization.registerClass`, so a saved model.json that contains it loads
 * again once this module has been imported.
 *
 * Source: D. Bahdanau, K. Cho, Y. Bengio, "Neural machine translation by jointly learning to align
 * and translate", ICLR 2015, arXiv:1409.0473 (additive scoring); Z. Yang et al., "Hierarchical
 * attention networks for document classification", NAACL 2016, doi:10.18653/v1/N16-1174 (attention
 * used as pooling over a recurrent sequence).
 */
export class AdditiveAttentionPooling extends tf.layers.Layer {
  /** Name under which the class is registered for (de)serialisation. */
  static className = 'AdditiveAttentionPooling';
  private readonly units: number;
  private readonly seed: number | undefined;
  private kernel: tf.LayerVariable | null = null;
  private bias: tf.LayerVariable | null = null;
  private scoreVector: tf.LayerVariable | null = null;

  /**
   * @param args - `units` (> 0): width of the scoring layer
   * @throws RangeError when `units` is not a positive integer
   */
  constructor(args: AdditiveAttentionPoolingArgs) {
    super(args.name === undefined ? {} : { name: args.name });
    if (!Number.isInteger(args.units) || args.units <= 0) {
      throw new RangeError(`AdditiveAttentionPooling: units must be a positive integer, got ${args.units}`);
    }
    this.units = args.units;
    this.seed = args.seed;
  }

  override build(inputShape: tf.Shape | tf.Shape[]): void {
    const shape = sequenceShape(inputShape, 'AdditiveAttentionPooling');
    const featureCount = shape[2];
    if (typeof featureCount !== 'number') throw new Error('AdditiveAttentionPooling: the feature axis must be known');
    this.kernel = this.addWeight('kernel', [featureCount, this.units], 'float32', tf.initializers.glorotUniform(this.seedFrom(0)));
    this.bias = this.addWeight('bias', [this.units], 'float32', tf.initializers.zeros());
    this.scoreVector = this.addWeight('score_vector', [this.units, 1], 'float32', tf.initializers.glorotUniform(this.seedFrom(1)));
    this.built = true;
  }

  private seedFrom(offset: number): { seed?: number } {
    return this.seed === undefined ? {} : { seed: this.seed + offset };
  }

  override computeOutputShape(inputShape: tf.Shape | tf.Shape[]): tf.Shape[] {
    const shape = sequenceShape(inputShape, 'AdditiveAttentionPooling');
    return [
      [shape[0] ?? null, shape[2] ?? null],
      [shape[0] ?? null, shape[1] ?? null],
    ];
  }

  override call(inputs: tf.Tensor | tf.Tensor[]): tf.Tensor[] {
    return tf.tidy(() => {
      const h = (Array.isArray(inputs) ? inputs[0] : inputs) as tf.Tensor3D;
      if (this.kernel === null || this.bias === null || this.scoreVector === null) {
        throw new Error('AdditiveAttentionPooling: called before build');
      }
      const [batch, steps, features] = h.shape;
      const flat = tf.reshape(h, [batch * steps, features]);
      const hidden = tf.tanh(tf.add(tf.matMul(flat, this.kernel.read()), this.bias.read()));
      const scores = tf.reshape(tf.matMul(hidden, this.scoreVector.read()), [batch, steps]);
      const weights = tf.softmax(scores, -1);
      const context = tf.sum(tf.mul(h, tf.expandDims(weights, 2)), 1);
      return [context, weights];
    });
  }

  override getConfig(): tf.serialization.ConfigDict {
    return { ...super.getConfig(), units: this.units, ...(this.seed === undefined ? {} : { seed: this.seed }) };
  }
}

tf.serialization.registerClass(AdditiveAttentionPooling);
