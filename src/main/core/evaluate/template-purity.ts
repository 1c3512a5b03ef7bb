/** How well templates agree with reference labels. */
export interface TemplatePurity {
  beats: number;
  /** beats whose label equals the majority reference label of their template */
  pureBeats: number;
  /** pureBeats / beats (1 when there are no beats) */
  purity: number;
  templates: number;
  /** fewest templates (largest first) holding at least `coverage` of the beats */
  templatesForCoverage: number;
}

/**
 * Cluster purity of beat templates against reference labels: every template is given the majority
 * reference label of its members, and a beat counts as pure when its own reference label is that
 * label. This is the figure of Lagerholm et al. 2000 (reported there as its complement, the
 * misclassification rate) and Castro et al. 2015 ("purity").
 *
 * Sources: M. Lagerholm et al., IEEE Trans Biomed Eng 47(7):838–848, 2000, doi:10.1109/10.846677;
 * D. Castro et al., IEEE J Biomed Health Inform 19(5):1660–1671, 2015, doi:10.1109/JBHI.2014.2361659.
 *
 * @param members - each template's member beats (indices into `referenceLabels`)
 * @param referenceLabels - reference label of every beat
 * @param coverage - fraction of beats for {@link TemplatePurity.templatesForCoverage} (0..1, e.g. 0.95)
 * @returns counts and purity
 * @throws RangeError when a member index has no reference label or coverage is outside 0..1
 */
export function templatePurity(members: readonly Int32Array[], referenceLabels: readonly string[], coverage: number): TemplatePurity {
  if (!(coverage >= 0 && coverage <= 1)) throw new RangeError(`templatePurity: coverage ${coverage} is outside 0..1`);
  let beats = 0;
  let pureBeats = 0;
  for (const template of members) {
    const counts = new Map<string, number>();
    for (const b of template) {
      const label = referenceLabels[b];
      if (label === undefined) throw new RangeError(`templatePurity: beat ${b} has no reference label`);
      counts.set(label, (counts.get(label) ?? 0) + 1);
    }
    beats += template.length;
    pureBeats += Math.max(0, ...counts.values());
  }
  const sizes = members.map((m) => m.length).sort((a, b) => b - a);
  let covered = 0;
  let templatesForCoverage = 0;
  while (templatesForCoverage < sizes.length && covered < coverage * beats) covered += sizes[templatesForCoverage++] as number;
  return { beats, pureBeats, purity: beats === 0 ? 1 : pureBeats / beats, templates: members.length, templatesForCoverage };
}
