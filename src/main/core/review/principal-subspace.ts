/** Iterations of the subspace iteration; the leading directions of ECG beats separate fast. */
const ITERATIONS = 40;

/**
 * Orthonormal basis of the leading eigenvectors of the (uncentred) second-moment matrix Σ xxᵀ of some
 * vectors, by orthogonal (subspace) iteration with Gram–Schmidt re-orthonormalisation. Projecting onto
 * it keeps most of the vectors' energy, and because the basis is orthonormal the projected distance
 * never exceeds the true one (‖Qᵀ(x − c)‖ ≤ ‖x − c‖), which makes it a safe lower bound for pruning.
 *
 * Source: G. H. Golub, C. F. Van Loan, "Matrix Computations", 4th ed., Johns Hopkins 2013, §8.2.4
 * (orthogonal iteration).
 *
 * @param vectors - m × dims, row-major
 * @param dims - length of each vector (≥ 1)
 * @param rank - basis size wanted (1 ≤ rank ≤ dims)
 * @returns rank × dims, row-major, orthonormal rows (a direction that the vectors do not span
 *   comes out as some unit vector orthogonal to the others)
 */
export function principalSubspace(vectors: Float64Array | Float32Array, dims: number, rank: number): Float64Array {
  const m = Math.floor(vectors.length / dims);
  const moment = new Float64Array(dims * dims);
  for (let i = 0; i < m; i++) {
    const row = i * dims;
    for (let a = 0; a < dims; a++) {
      const va = vectors[row + a] as number;
      if (va === 0) continue;
      for (let b = a; b < dims; b++) moment[a * dims + b] = (moment[a * dims + b] as number) + va * (vectors[row + b] as number);
    }
  }
  for (let a = 0; a < dims; a++) for (let b = 0; b < a; b++) moment[a * dims + b] = moment[b * dims + a] as number;
  let basis = new Float64Array(rank * dims);
  for (let r = 0; r < rank; r++)
    for (let j = 0; j < dims; j++) basis[r * dims + j] = Math.cos(((r + 1) * (j + 0.5) * Math.PI) / dims) + (j === r ? 1 : 0);
  orthonormalise(basis, rank, dims);
  const next = new Float64Array(rank * dims);
  for (let it = 0; it < ITERATIONS; it++) {
    next.fill(0);
    for (let r = 0; r < rank; r++) {
      for (let a = 0; a < dims; a++) {
        let sum = 0;
        for (let b = 0; b < dims; b++) sum += (moment[a * dims + b] as number) * (basis[r * dims + b] as number);
        next[r * dims + a] = sum;
      }
    }
    basis = next.slice();
    orthonormalise(basis, rank, dims);
  }
  return basis;
}

/** Modified Gram–Schmidt on the rows; a row that vanishes is replaced by the first unit vector orthogonal to the rest. */
function orthonormalise(rows: Float64Array, rank: number, dims: number): void {
  for (let r = 0; r < rank; r++) {
    for (let attempt = -1; attempt < dims; attempt++) {
      if (attempt >= 0) for (let j = 0; j < dims; j++) rows[r * dims + j] = j === attempt ? 1 : 0;
      for (let q = 0; q < r; q++) {
        let dot = 0;
        for (let j = 0; j < dims; j++) dot += (rows[r * dims + j] as number) * (rows[q * dims + j] as number);
        for (let j = 0; j < dims; j++) rows[r * dims + j] = (rows[r * dims + j] as number) - dot * (rows[q * dims + j] as number);
      }
      let norm = 0;
      for (let j = 0; j < dims; j++) norm += (rows[r * dims + j] as number) ** 2;
      norm = Math.sqrt(norm);
      if (norm > 1e-9) {
        for (let j = 0; j < dims; j++) rows[r * dims + j] = (rows[r * dims + j] as number) / norm;
        break;
      }
    }
  }
}
