import type * as tf from '@tensorflow/tfjs';

/**
 * The [batch, steps, features] shape a sequence layer receives (the first
 * shape when a layer is given several inputs).
 * @param inputShape - what tfjs-layers passes to `build` / `computeOutputShape`
 * @param layer - the layer's class name, for the error message
 * @returns the 3-D shape
 * @throws Error naming the layer when the input is not 3-D
 */
export function sequenceShape(inputShape: tf.Shape | tf.Shape[], layer: string): tf.Shape {
  const shape = (Array.isArray(inputShape[0]) ? inputShape[0] : inputShape) as tf.Shape;
  if (shape.length !== 3) {
    throw new Error(`${layer}: expected input [batch, steps, features], got [${shape.join(', ')}]`);
  }
  return shape;
}
