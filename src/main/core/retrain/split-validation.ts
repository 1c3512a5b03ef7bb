/**
 * Splits labelled examples into training and held-out ones, per class: of the n_c examples of class
 * c, round(fraction · n_c) drawn at random (Fisher–Yates with `random`) are held out when n_c ≥ 2
 * (a class with one example keeps it for training).
 * @param labels - class index per example, each in [0, classCount)
 * @param classCount - number of classes
 * @param fraction - share held out, 0..1
 * @param random - seeded random source
 * @returns training and held-out example indices, each ascending
 */
export function splitValidation(
  labels: Uint8Array,
  classCount: number,
  fraction: number,
  random: () => number,
): { train: number[]; validation: number[] } {
  const train: number[] = [];
  const validation: number[] = [];
  for (let c = 0; c < classCount; c++) {
    const members = Array.from(labels.keys()).filter((i) => labels[i] === c);
    for (let k = members.length - 1; k > 0; k--) {
      const j = Math.floor(random() * (k + 1));
      [members[k], members[j]] = [members[j] as number, members[k] as number];
    }
    const held = members.length >= 2 ? Math.round(fraction * members.length) : 0;
    validation.push(...members.slice(0, held));
    train.push(...members.slice(held));
  }
  return { train: train.sort((a, b) => a - b), validation: validation.sort((a, b) => a - b) };
}
