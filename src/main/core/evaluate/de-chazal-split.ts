/**
 * DS2, the test half of the inter-patient split of the MIT-BIH Arrhythmia Database (de Chazal,
 * O'Dwyer, Reilly, "Automatic classification of heartbeats using ECG morphology and heartbeat
 * interval features", IEEE TBME 51(7), 2004, doi:10.1109/TBME.2004.827359): 22 records, the four
 * paced records (102, 104, 107, 217) excluded from both halves.
 */
export const DS2_RECORDS: readonly string[] = Object.freeze(
  '100 103 105 111 113 117 121 123 200 202 210 212 213 214 219 221 222 228 231 232 233 234'.split(' '),
);

/** DS1, the training half of the same inter-patient split (de Chazal et al. 2004): 22 records, paced ones excluded. */
export const DS1_RECORDS: readonly string[] = Object.freeze(
  '101 106 108 109 112 114 115 116 118 119 122 124 201 203 205 207 208 209 215 220 223 230'.split(' '),
);
