/** Inclusive bounds of each bounded hyper-parameter. */
export type HyperParameterBounds = Readonly<Record<string, { readonly min: number; readonly max: number }>>;

/**
 * A run's hyper-parameters: the defaults overridden by the given ones, each bounded one checked.
 * @param defaults - every hyper-parameter's default
 * @param given - the caller's values (unset ones take the default)
 * @param bounds - the bounds of those a caller may set (they bound the run's cost)
 * @param what - the run's name, for the error
 * @returns the resolved values
 * @throws RangeError naming the parameter when one is out of its bounds (or NaN)
 */
export function resolveHyperParameters<H extends Record<string, number>>(
  defaults: Readonly<H>,
  given: Partial<H> | undefined,
  bounds: HyperParameterBounds,
  what: string,
): H {
  const hyper = { ...defaults, ...given } as H;
  for (const [key, { min, max }] of Object.entries(bounds)) {
    const value = hyper[key];
    if (!(value !== undefined && value >= min && value <= max))
      throw new RangeError(`${what}: ${key} must be in [${min}, ${max}], got ${value}`);
  }
  return hyper;
}
