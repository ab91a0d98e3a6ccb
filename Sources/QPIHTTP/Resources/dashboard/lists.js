// Reading list answers and QPU entries the same way in every view.

/** The array in a list answer: the answer itself, or the first of `keys` that holds one. */
export function list(answer, ...keys) {
  if (Array.isArray(answer)) return answer;
  for (const key of [...keys, "items"]) if (Array.isArray(answer?.[key])) return answer[key];
  return [];
}

/** A QPU's name, from a bare QPU or a status entry `{ qpu, runningJobs, … }`. */
export function qpuName(entry) {
  return entry.qpu?.name ?? entry.name;
}
