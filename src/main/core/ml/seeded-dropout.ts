import * as tf from '@tensorflow/tfjs';

/** Constructor arguments of {@link SeededDropout}. */
export interface SeededDropoutArgs {
  /** fraction of the inputs set to 0 in training, in [0, 1) */
  rate: number;
  /** seed of the first mask; training call k draws its mask with seed + k */
  seed: number;
  /** layer name (tfjs-layers naming rules) */
  name?: string;
}

/**
 * Inverted dropout (Srivastava et al., "Dropout: a simple way to prevent neural networks from overfitting", JMLR 15,
 * 2014) whose masks come from a seeded sequence: training call k draws its mask with `tf.randomUniform(…, seed + k)`,
 * so a training run with the same seed and batches draws the same masks. tfjs's own Dropout layer with a seed draws
 * the same mask at every call (its generator restarts from the seed), and without one draws from Math.random. Outside
 * training it is the identity. Registered with `tf.serialization.registerClass`, so a saved model.json holding it loads
 * once this module has been imported.
 */
export class SeededDropout extends tf.layers.Layer {
  /** Name under which the class is registered for (de)serialisation. */
  static className = 'SeededDropout';
  private readonly rate: number;
  private readonly seed: number;
  private calls = 0;

  /**
   * @param args - rate and seed
   * @throws RangeError when rate is outside [0, 1) or seed is not an integer
   */
  constructor(args: SeededDropoutArgs) {
    super(args.name === undefined ? {} : { name: args.name });
    if (!(args.rate >= 0 && args.rate < 1)) throw new RangeError(`SeededDropout: rate must be in [0, 1), got ${args.rate}`);
    if (!Number.isInteger(args.seed)) throw new RangeError(`SeededDropout: seed must be an integer, got ${args.seed}`);
    this.rate = args.rate;
    this.seed = args.seed;
  }

  override computeOutputShape(inputShape: tf.Shape | tf.Shape[]): tf.Shape | tf.Shape[] {
    return inputShape;
  }

  override call(inputs: tf.Tensor | tf.Tensor[], kwargs: { training?: boolean }): tf.Tensor {
    const x = Array.isArray(inputs) ? (inputs[0] as tf.Tensor) : inputs;
    if (kwargs.training !== true || this.rate === 0) return x;
    const seed = this.seed + this.calls++;
    return tf.tidy(() => {
      const keep = tf.cast(tf.greaterEqual(tf.randomUniform(x.shape, 0, 1, 'float32', seed), this.rate), 'float32');
      return tf.mul(x, tf.div(keep, 1 - this.rate));
    });
  }

  override getConfig(): tf.serialization.ConfigDict {
    return { ...super.getConfig(), rate: this.rate, seed: this.seed };
  }
}

tf.serialization.registerClass(SeededDropout);
