import { MULTI_LABELS } from '../retrain/window-label-set';
import { RHYTHM_LABELS } from './rhythm-labels';

/**
 * The CinC 2017 strip-class probabilities (N, A, O, ~) a multi-label rhythm model's sigmoid outputs
 * stand for, so that its windows feed the analysis as the softmax model's do (episodes, record call,
 * the AF detector's CNN input). Per window, with p_L the output of label L of MULTI_LABELS and
 * b = max(p_LBBB, p_RBBB):
 *
 *   P(A) = p_AF;  P(O) = 1 − p_AF when b ≥ 0.5, else 0;  P(N) = 1 − p_AF when b < 0.5, else 0;  P(~) = 0
 *
 * AF is the rhythm; a bundle branch block without AF is "other rhythm" in the Challenge's sense; PVC
 * and PAC are beat-level ectopy inside sinus rhythm, which the Holter rhythm stage already turns into
 * episodes from the beat labels (VT, SVTA, bigeminy, trigeminy), so they leave the strip class N. The
 * set has no noise label, so ~ is never called. The most probable class (mostProbableLabel, first on
 * ties) is then A exactly when p_AF > 0.5, else O when a block reaches 0.5, else N: the threshold-0.5
 * decision of the multi-label models this app writes (meta.json `output.decision`).
 * Source of the classes: Clifford et al., Computing in Cardiology 44, 2017, doi:10.22489/CinC.2017.065-469.
 * @param labelProbabilities - n × MULTI_LABELS.length sigmoid outputs, row-major, each in [0, 1]
 * @returns n × 4 probabilities in RHYTHM_LABELS order, each row summing to 1
 * @throws RangeError when the length is not a multiple of the label count
 */
export function stripClassesOfLabelSets(labelProbabilities: Float32Array): Float32Array {
  const k = MULTI_LABELS.length;
  if (labelProbabilities.length % k !== 0)
    throw new RangeError(`stripClassesOfLabelSets: ${labelProbabilities.length} outputs are not rows of ${k} labels`);
  const n = labelProbabilities.length / k;
  const [af, left, right] = (['AF', 'LBBB', 'RBBB'] as const).map((label) => MULTI_LABELS.indexOf(label));
  const c = RHYTHM_LABELS.length;
  const out = new Float32Array(n * c);
  for (let i = 0; i < n; i++) {
    const pAf = labelProbabilities[i * k + (af as number)] as number;
    const pBlock = Math.max(
      labelProbabilities[i * k + (left as number)] as number,
      labelProbabilities[i * k + (right as number)] as number,
    );
    out[i * c + RHYTHM_LABELS.indexOf('A')] = pAf;
    out[i * c + RHYTHM_LABELS.indexOf(pBlock >= 0.5 ? 'O' : 'N')] = 1 - pAf;
  }
  return out;
}
